"""Built archdocs sites render Mermaid with no network, over http:// and from file://.

The site under test is ``tests/roots/test-offline`` (an rST page and a MyST page, each with a
two-node flowchart that links to ``other.html``). Its conf.py calls
``archdocs.sphinxext.offline.setup_offline``.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from harness import click_mermaid_node, file_url, new_guarded_page, render_mermaid, serve_directory

REPO = Path(__file__).resolve().parents[2]
ROOT = REPO / "tests" / "roots" / "test-offline"
try:
    import archdocs.sphinxext.offline  # noqa: F401
except ImportError:  # running from a checkout without PYTHONPATH=src
    sys.path.insert(0, str(REPO / "src"))

CDN_PATTERN = re.compile(r"cdn\.jsdelivr|unpkg\.com|unpkg|cdnjs", re.IGNORECASE)
EXPECTED = {
    "index.html": ["Alpha rst", "Beta rst"],
    "mdpage.html": ["Alpha md", "Beta md"],
}


def build_site(srcdir: Path, outdir: Path, *overrides: str, warnings_ok: bool = False) -> Path:
    """Build *srcdir* with ``sphinx-build -E`` into *outdir* and return it.

    Fails on any warning unless *warnings_ok*; the warnings are in ``<outdir>-warnings.txt``.
    """
    from sphinx.cmd.build import build_main

    warnings = outdir.parent / f"{outdir.name}-warnings.txt"
    args = ["-E", "-q", "-b", "html", "-w", str(warnings), *overrides, str(srcdir), str(outdir)]
    assert build_main(args) == 0, warnings.read_text() if warnings.exists() else "build failed"
    text = warnings.read_text() if warnings.exists() else ""
    assert warnings_ok or not text.strip(), f"build warnings:\n{text}"
    return outdir


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("offline")
    src = base / "src"
    shutil.copytree(ROOT, src)
    return build_site(src, base / "html")


@pytest.fixture(scope="module")
def cdn_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cdn")
    src = base / "src"
    shutil.copytree(ROOT, src)
    return build_site(src, base / "html", "-D", "archdocs_mermaid_cdn=1")


def _check_rendered(blocks: list[dict[str, Any]], page: str) -> None:
    assert len(blocks) == 1, blocks
    (block,) = blocks
    assert block["has_svg"], block
    assert block["error"] is None, block
    assert block["labels"] == EXPECTED[page], block
    assert block["hrefs"] == ["other.html"], block


@pytest.mark.browser
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_renders_over_http_without_network(site: Path, browser_page, page: str) -> None:
    with serve_directory(site) as base:
        blocks = render_mermaid(browser_page, base + page)
        _check_rendered(blocks, page)
        requested = browser_page.network.requests
        assert any(u.endswith(".js") or ".js?" in u for u in requested if "vendor/mermaid" in u), (
            requested
        )
        assert not browser_page.network.page_errors
    browser_page.network.assert_no_external()


@pytest.mark.browser
def test_fullscreen_works_offline(site: Path, browser_page) -> None:
    """sphinxcontrib-mermaid's fullscreen viewer needs nothing remote and keeps working."""
    with serve_directory(site) as base:
        render_mermaid(browser_page, base + "index.html")
        page = browser_page.page
        page.locator(".mermaid-fullscreen-btn").first.click()
        modal = page.locator(".mermaid-fullscreen-modal.active")
        modal.wait_for(state="visible", timeout=5_000)
        assert modal.locator("svg").count() == 1


@pytest.mark.browser
def test_click_navigates_over_http(site: Path, browser_page) -> None:
    with serve_directory(site) as base:
        render_mermaid(browser_page, base + "index.html")
        page = browser_page.page
        with page.expect_navigation():
            click_mermaid_node(page, "Alpha rst")
        assert page.url == base + "other.html"
        assert "Other page" in page.title()


@pytest.mark.browser
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_renders_from_file_url(site: Path, browser_page, page: str) -> None:
    blocks = render_mermaid(browser_page, file_url(site / page))
    _check_rendered(blocks, page)
    assert not browser_page.network.page_errors
    assert all(u.startswith(("file:", "data:")) for u in browser_page.network.requests)


@pytest.mark.browser
def test_click_navigates_from_file_url(site: Path, browser_page) -> None:
    render_mermaid(browser_page, file_url(site / "index.html"))
    page = browser_page.page
    with page.expect_navigation():
        click_mermaid_node(page, "Alpha rst")
    assert page.url == file_url(site / "other.html")


def test_html_has_no_cdn_reference(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert pages
    for html in pages:
        text = html.read_text(encoding="utf-8")
        assert not CDN_PATTERN.search(text), html
        assert not re.search(r"""src=["']https?://""", text), html
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "_static/vendor/mermaid/mermaid.min.js" in index
    assert '"securityLevel": "strict"' in index
    assert (site / "_static/vendor/mermaid/mermaid.min.js").stat().st_size > 1_000_000
    assert (site / "_static/vendor/mermaid/LICENSE").is_file()
    # Pages without diagrams do not load Mermaid.
    assert "mermaid.min.js" not in (site / "other.html").read_text(encoding="utf-8")


def test_cdn_opt_in_uses_cdn(cdn_site: Path) -> None:
    index = (cdn_site / "index.html").read_text(encoding="utf-8")
    assert "https://cdn.jsdelivr.net/npm/mermaid@" in index
    assert "mermaid.esm.min.mjs" in index
    assert "importmap" not in index
    assert "vendor/mermaid" not in index
    assert not (cdn_site / "_static/vendor/mermaid").exists()


def test_zoom_is_dropped_offline_with_warning(tmp_path: Path) -> None:
    """``:zoom:`` needs d3 from a CDN: offline, it is ignored with a located warning."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text((ROOT / "conf.py").read_text(), encoding="utf-8")
    (src / "index.rst").write_text(
        "Zoom\n====\n\n.. mermaid::\n   :zoom:\n\n   flowchart LR\n     A --> B\n",
        encoding="utf-8",
    )
    site = build_site(src, tmp_path / "html", warnings_ok=True)
    warnings = (tmp_path / "html-warnings.txt").read_text()
    assert "index.rst" in warnings and ":zoom: needs d3" in warnings, warnings
    assert "[archdocs.mermaid_offline]" in warnings, warnings
    index = (site / "index.html").read_text(encoding="utf-8")
    assert not CDN_PATTERN.search(index)
    assert "data-zoom-id" not in index


def test_incremental_rebuild_is_quiet(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Adding our static dir in builder-inited must not turn every build into a full rebuild."""
    from sphinx.cmd.build import build_main

    capsys.readouterr()
    assert build_main(["-b", "html", str(site.parent / "src"), str(site)]) == 0
    out = capsys.readouterr().out
    assert "0 added, 0 changed, 0 removed" in out, out
    assert "no targets are out of date" in out, out


@pytest.mark.browser
def test_limits_and_errors_are_reported(tmp_path: Path, chromium_browser) -> None:
    """User ``mermaid_init_config`` limits reach Mermaid; render_mermaid reports each error."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        (ROOT / "conf.py").read_text()
        + '\nmermaid_init_config = {"maxTextSize": 400, "maxEdges": 3}\n',
        encoding="utf-8",
    )
    big = "\n".join(f'       N{i}["{"x" * 20}"]' for i in range(20))
    (src / "index.rst").write_text(
        textwrap.dedent(
            """\
            Errors
            ======

            .. mermaid::

               flowchart LR
                 A["Fine"] --> B["Also fine"]

            .. mermaid::

               flowchart LR
                 A[ --> --> ((

            .. mermaid::

               flowchart LR
            {big}

            .. mermaid::

               flowchart LR
                 A --> B --> C --> D --> E
            """
        ).format(big=big),
        encoding="utf-8",
    )
    site = build_site(src, tmp_path / "html")
    guarded = new_guarded_page(chromium_browser)
    try:
        with serve_directory(site) as base:
            blocks = render_mermaid(guarded, base + "index.html")
    finally:
        guarded.page.context.close()
    guarded.network.assert_no_external()
    assert [b["has_svg"] for b in blocks] == [True] * 4, blocks
    assert blocks[0]["error"] is None and blocks[0]["labels"] == ["Fine", "Also fine"], blocks[0]
    assert "Syntax error" in blocks[1]["error"], blocks[1]
    assert "Maximum text size" in blocks[2]["error"], blocks[2]
    assert "Edge limit" in blocks[3]["error"], blocks[3]


@pytest.mark.browser
def test_guard_blocks_external_requests(tmp_path: Path, chromium_browser) -> None:
    """Self-test of the harness: a remote request is aborted and reported."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>t</title><img src="http://example.invalid/x.png">'
        '<script src="https://cdn.jsdelivr.net/npm/nothing.js"></script>',
        encoding="utf-8",
    )
    guarded = new_guarded_page(chromium_browser)
    try:
        with serve_directory(tmp_path) as base:
            guarded.page.goto(base + "index.html", wait_until="load")
    finally:
        guarded.page.context.close()
    assert set(guarded.network.blocked) == {
        "http://example.invalid/x.png",
        "https://cdn.jsdelivr.net/npm/nothing.js",
    }
    with pytest.raises(AssertionError, match="left localhost"):
        guarded.network.assert_no_external()


def test_mermaid_templates_compiled_once_with_identical_pages(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sphinxcontrib-mermaid's templates are compiled once per process, not on every page, and
    the pages are the same bytes as with its own per-page compile."""
    import jinja2
    import sphinxcontrib.mermaid as ext

    from archdocs.sphinxext import offline

    assert ext.Template is offline._compiled_template  # set up by the `site` build
    compiled = offline._compiled_template.cache_info().misses
    cached = build_site(site.parent / "src", tmp_path / "cached")
    assert offline._compiled_template.cache_info().misses == compiled  # nothing compiled again
    compiles: list[str] = []

    def per_page(source: str) -> jinja2.Template:  # sphinxcontrib-mermaid's own behaviour
        compiles.append(source)
        return jinja2.Template(source)

    monkeypatch.setattr(ext, "Template", per_page)  # not jinja2.Template: left alone
    plain = build_site(site.parent / "src", tmp_path / "plain")
    assert ext.Template is per_page
    # three templates on each page with a diagram (and on genindex / search: no doctree)
    assert len(compiles) >= 3 * len(EXPECTED)
    for page in sorted(EXPECTED):
        assert (cached / page).read_bytes() == (plain / page).read_bytes(), page


def test_mermaid_template_cache_is_version_guarded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the sphinxcontrib-mermaid versions whose install_js was checked are patched."""
    import jinja2
    import sphinxcontrib.mermaid as ext
    from packaging.version import Version

    from archdocs.sphinxext import offline

    monkeypatch.setattr(ext, "Template", jinja2.Template)
    for version in ("2.0.1", "3.0.0", None):
        monkeypatch.setattr(
            offline, "_mermaid_ext_version", lambda v=version: v and Version(v)
        )
        assert not offline.cache_mermaid_templates()
        assert ext.Template is jinja2.Template
    monkeypatch.setattr(offline, "_mermaid_ext_version", lambda: Version("2.1.1"))
    assert offline.cache_mermaid_templates()
    assert ext.Template is offline._compiled_template
    assert offline.cache_mermaid_templates()  # idempotent
