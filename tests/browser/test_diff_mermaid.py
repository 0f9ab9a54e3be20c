"""The Mermaid diagram of an ``archdocs diff`` comment renders in Chromium without error, with
the vendored Mermaid (the same library GitHub uses to draw Mermaid in comments)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from harness import GuardedPage, render_mermaid, serve_directory
from tests.helpers.layered_repo import repo

from archdocs.cli import main

MERMAID = Path(__file__).resolve().parents[2] / "src/archdocs/_static/vendor/mermaid/mermaid.min.js"

pytestmark = pytest.mark.browser


def test_diff_comment_mermaid_renders(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      browser_page: GuardedPage) -> None:
    root = repo(tmp_path)
    (root / "src/app/data.py").write_text("from app import ui\n")
    (root / "src/app/ui.py").write_text("")  # ui → domain removed: one edge of each colour
    assert main(["diff", str(root), "--base", "HEAD", "--no-cache"]) == 0
    comment = capsys.readouterr().out
    source = re.search(r"```mermaid\n(.*?)\n```", comment, re.DOTALL)
    assert source is not None
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(MERMAID, site / "mermaid.min.js")
    (site / "index.html").write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><script src="mermaid.min.js"></script>'
        "</head><body><pre class=\"mermaid\">" + html.escape(source.group(1)) + "</pre>"
        "<script>mermaid.initialize({startOnLoad: true});</script></body></html>",
        encoding="utf-8")
    with serve_directory(site) as url:
        blocks = render_mermaid(browser_page, url + "/index.html")
    assert len(blocks) == 1
    block = blocks[0]
    assert block["has_svg"] and block["error"] is None, block
    assert {"app.data", "app.ui", "app.domain"} <= set(block["labels"])
