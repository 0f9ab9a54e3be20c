"""``archdocs diff`` on real git repositories made here: an added cycle and a broken layer give a
comment with the summary, the Mermaid of the changed imports and the lists; a change that moves
no import is one line; names from a contract file stay text in the Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.helpers.gitrepo import commit_all
from tests.helpers.layered_repo import repo

from archdocs.cli import main

def diff(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["diff", str(root), "--base", "HEAD", "--no-cache",
                 "--contracts", str(root / "contracts.toml"), *extra]) == 0
    return capsys.readouterr().out


def test_cycle_and_broken_layer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    (root / "src/app/data.py").write_text("from app import ui\n")  # a cycle, and data → ui
    (root / "src/app/extra.py").write_text("")
    out = diff(root, capsys)
    lines = out.splitlines()
    assert re.fullmatch(r"\*\*archdocs diff\*\* HEAD \\\([0-9a-f]{10}\\\) → the working tree: "
                        r"\+1 module, \+1 import, 1 new cycle, 1 contract breach new\.", lines[0])
    assert lines[1:3] == ["", "```mermaid"]
    assert '  n_app_data -->|added| n_app_ui' in lines
    assert "  linkStyle 0 stroke:#1a7f37,color:#1a7f37" in lines
    assert "- `app.extra`" in lines
    assert "- `app.data` → `app.ui`" in lines
    assert "- `app.data`, `app.domain`, `app.ui`" in lines
    broken = [line for line in lines if line.startswith("- src/app/data\\.py:1: ")]
    assert broken == [("- src/app/data\\.py:1: contract 'layers &lt;b&gt;\\*bold\\*&lt;/b&gt;' "
                      "broken: app\\.data is not allowed to import app\\.ui: app\\.data imports "
                      "app\\.ui")]
    assert "<b>" not in out
    assert diff(root, capsys) == out  # deterministic

    data = json.loads(diff(root, capsys, "--format", "json"))
    assert data["unchanged"] is False
    assert data["added_imports"] == [["app.data", "app.ui"]]
    assert data["new_cycles"] == [["app.data", "app.domain", "app.ui"]]


def test_no_architectural_change_is_one_line(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    (root / "src/app/ui.py").write_text("# a comment\n\nfrom app import domain\n\nX = 1\n")
    out = diff(root, capsys)
    assert out.count("\n") == 1 and out.endswith(": no architectural change.\n")


def test_fixed_breach_and_head_revision(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    (root / "src/app/data.py").write_text("from app import ui\n")
    commit_all(root, "break", "2024-01-02T00:00:00+00:00")
    (root / "src/app/data.py").write_text("")
    commit_all(root, "fix", "2024-01-03T00:00:00+00:00")
    out = diff(root, capsys, "--base", "HEAD~1", "--head", "HEAD")
    assert re.fullmatch(r"\*\*archdocs diff\*\* HEAD\\~1 \\\(\w{10}\\\) → HEAD \\\(\w{10}\\\): "
                        r"−1 import, 1 cycle gone, 1 contract breach fixed\.",
                        out.splitlines()[0])
    assert "  n_app_data -.->|removed| n_app_ui" in out
