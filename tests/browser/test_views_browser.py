"""The explorer and the matrix in headless Chromium, on the ``depot`` fixture (tests/roots/
test-views: an import-time cycle billing -> store -> orders -> billing, a TYPE_CHECKING import of
web.views by orders, a lazy import, and a module whose docstring is hostile HTML).

A reader searches a module, switches import kinds (the counts change as the data says), walks the
package tree, follows the link to the module's card (the right URL); the hostile docstring stays
text; the page works from ``file://``; no request leaves localhost. Labels are at least 10 CSS px
and text/background contrast at least 4.5:1 in light and dark mode of furo and pydata, and in
sphinx-rtd-theme and alabaster (which have no dark mode). Screenshots
go to ``$ARCHDOCS_SCREENSHOTS`` or ``tests/browser/_screenshots``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import GuardedPage, file_url, serve_directory
from playwright.sync_api import Locator, Page

ROOT = Path(__file__).resolve().parents[1] / "roots" / "test-views"
HOSTILE = ('</script><script>window.__archdocs_pwned = 1</script><img src=x '
           'onerror="window.__archdocs_pwned=2"> & <b>not bold</b> \\u2028 {{x}}')

pytestmark = pytest.mark.browser


def build_site(tmp: Path, theme: str = "alabaster") -> Path:
    from sphinx.cmd.build import build_main

    srcdir = tmp / "src"
    shutil.copytree(ROOT, srcdir)
    out = tmp / "html"
    status = build_main(["-q", "-b", "html", "-D", f"html_theme={theme}", str(srcdir), str(out)])
    assert status == 0
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("views"))


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(os.environ.get("ARCHDOCS_SCREENSHOTS")
                  or Path(__file__).parent / "_screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    with serve_directory(site) as base:
        yield base


def counts(page: Page, which: str) -> tuple[int, int]:
    """(modules, statements) of the details pane's "imports" or "importers" list."""
    box = page.locator(f".archdocs-explorer-{which}")
    modules, statements = (box.get_attribute(f"data-{name}") for name in ("modules", "statements"))
    return int(modules or ""), int(statements or "")  # "": the attribute is missing


def row(page: Page, label: str) -> Locator:
    return page.locator(".archdocs-explorer-row", has=page.locator(
        f'button[data-name$=".{label.rstrip("/")}"]'))


def test_search_kinds_tree_and_click_through(browser_page: GuardedPage, served: str,
                                             shots: Path) -> None:
    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served + "explorer.html")
    page.fill(".archdocs-explorer-search", "orders")
    assert page.locator(".archdocs-explorer-results button").all_inner_texts() == ["depot.orders"]
    page.press(".archdocs-explorer-search", "Enter")
    assert page.locator(".archdocs-explorer-title").inner_text() == "depot.orders"
    # import-time (the site's archdocs_kinds) is shown first: orders imports billing
    assert page.locator(".archdocs-explorer-kinds input:checked").get_attribute("value") \
        == "import-time"
    assert counts(page, "imports") == (1, 1)
    assert counts(page, "importers") == (1, 1)  # store
    assert "is-imported" in (row(page, "billing").get_attribute("class") or "")
    assert row(page, "billing").locator(".archdocs-explorer-out").inner_text() == "→ 1"
    assert row(page, "store").locator(".archdocs-explorer-in").inner_text() == "← 1"
    assert row(page, "web/").locator(".archdocs-explorer-out").count() == 0
    cycle = page.locator(".archdocs-explorer-incycle")
    assert cycle.locator("button").all_inner_texts() == ["depot.billing", "depot.store"]
    # all kinds add the TYPE_CHECKING import of web.views, which the web/ row shows
    page.check(".archdocs-explorer-kinds input[value=all]")
    assert counts(page, "imports") == (2, 2)
    assert row(page, "web/").locator(".archdocs-explorer-out").inner_text() == "→ 1"
    assert page.locator(".archdocs-explorer-cycles h4").inner_text() == \
        "Import cycles (all imports): 1"
    assert page.locator(".archdocs-explorer-cycles li button").count() == 4
    page.check(".archdocs-explorer-kinds input[value=no-type-checking]")
    assert counts(page, "imports") == (1, 1)
    page.screenshot(path=shots / "explorer-depot-orders.png")
    page.click(".archdocs-explorer-open")
    page.wait_for_load_state()
    assert page.url == served + "_generated/archdocs/depot.html#module-depot-orders"
    assert page.locator("#module-depot-orders").count() == 1
    assert not browser_page.network.page_errors


def test_walk_down_and_up_the_tree_with_the_keyboard(browser_page: GuardedPage,
                                                     served: str) -> None:
    page = browser_page.page
    page.goto(served + "explorer.html")
    tree = page.locator(".archdocs-explorer-tree .archdocs-explorer-item")
    assert tree.all_inner_texts() == ["billing", "core", "evil", "models", "orders",
                                      "plugins/", "store", "web/"]
    tree.last.focus()
    page.keyboard.press("Enter")
    assert tree.all_inner_texts() == ["forms", "views"]
    assert page.locator(".archdocs-explorer-title").inner_text() == "depot.web"
    focused = "document.activeElement.dataset.name"
    assert page.evaluate(focused) == "depot.web.forms"  # the focus stays in the redrawn tree
    page.keyboard.press("Enter")
    assert page.locator(".archdocs-explorer-title").inner_text() == "depot.web.forms"
    assert page.evaluate(focused) == "depot.web.forms"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "depot.web.views"
    page.keyboard.press("Enter")
    assert page.locator(".archdocs-explorer-title").inner_text() == "depot.web.views"
    tree.first.focus()
    page.keyboard.press("Shift+Tab")  # back to the package path
    assert page.evaluate(focused) == "depot.web"
    page.keyboard.press("Enter")
    # the package as a whole: web.views imports store, store imports web.forms
    assert counts(page, "imports") == (2, 2)  # core (forms), store (views)
    assert counts(page, "importers") == (1, 1)  # store
    page.locator(".archdocs-explorer-crumb", has_text="depot").focus()
    page.keyboard.press("Enter")
    assert "web/" in tree.all_inner_texts()
    page.focus(".archdocs-explorer-search")
    page.keyboard.type("view")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.name") == "depot.web.views"
    page.keyboard.press("Enter")
    assert page.locator(".archdocs-explorer-title").inner_text() == "depot.web.views"
    assert page.url.endswith("explorer.html#explore:depot.web.views")
    page.reload()  # the address keeps the selection
    assert page.locator(".archdocs-explorer-title").inner_text() == "depot.web.views"
    assert not browser_page.network.page_errors


def test_hostile_docstring_stays_text(browser_page: GuardedPage, served: str) -> None:
    page = browser_page.page
    page.goto(served + "explorer.html")
    page.fill(".archdocs-explorer-search", "evil")
    page.press(".archdocs-explorer-search", "Enter")
    assert page.locator(".archdocs-explorer-doc").text_content() == HOSTILE
    assert page.evaluate("window.__archdocs_pwned === undefined")
    assert page.locator(".archdocs-explorer img, .archdocs-explorer b").count() == 0
    assert not browser_page.network.page_errors


def test_works_from_file_url(browser_page: GuardedPage, site: Path) -> None:
    page = browser_page.page
    page.goto(file_url(site / "explorer.html"))
    page.fill(".archdocs-explorer-search", "store")
    page.press(".archdocs-explorer-search", "Enter")
    assert counts(page, "importers") == (2, 2)  # billing, web.views
    page.click(".archdocs-explorer-open")
    page.wait_for_load_state()
    assert page.url == file_url(site / "_generated/archdocs/depot.html") + "#module-depot-store"
    assert not browser_page.network.page_errors


def test_data_is_a_file_of_its_own(browser_page: GuardedPage, tmp_path: Path) -> None:
    """The page holds no data (it loads its data file); without that file the reader is told so,
    as text, with no script error."""
    site = build_site(tmp_path)
    html = (site / "explorer.html").read_text(encoding="utf-8")
    assert "depot.evil" not in html
    data = site / "_static/_archdocs/explorer/explorer.0.js"
    assert "depot.evil" in data.read_text(encoding="utf-8")
    data.unlink()
    page = browser_page.page
    page.goto(file_url(site / "explorer.html"))
    assert page.locator(".archdocs-explorer-missing").text_content() == \
        "The explorer's data (_static/_archdocs/explorer/explorer.0.js) did not load."
    assert page.locator(".archdocs-explorer-search").count() == 0
    assert not browser_page.network.page_errors


def test_matrix_links_to_import_lines(browser_page: GuardedPage, served: str,
                                      shots: Path) -> None:
    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served + "matrix.html")
    page.locator(".archdocs-matrix").first.screenshot(path=shots / "matrix-depot.png")
    page.click("td.archdocs-dsm-back a")
    assert page.url.endswith("#archdocs-matrix-0-5-7")
    assert "from depot import core, store" in page.locator(":target").inner_text()
    assert not browser_page.network.page_errors


#: Text of the explorer and matrix with the background it is drawn on (the nearest ancestor
#: with an opaque one), each element's font size, and the WCAG contrast of the pair.
MEASURE_JS = """() => {
    const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
        const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = el => {
        for (; el; el = el.parentElement) {
            const style = getComputedStyle(el);
            if (style.backgroundImage !== 'none') return null;  // gradient: checked per stop
            const c = parse(style.backgroundColor);
            if (c.length === 3 || c[3] > 0.99) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const out = [];
    document.querySelectorAll('.archdocs-explorer *, .archdocs-matrix *').forEach(el => {
        const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || !el.getClientRects().length) return;
        const bg = background(el);
        if (bg === null) return;
        const fg = parse(getComputedStyle(el).color).slice(0, 3);
        const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        out.push({text: el.textContent.trim().slice(0, 30), tag: el.tagName,
                  size: parseFloat(getComputedStyle(el).fontSize),
                  height: el.getBoundingClientRect().height,
                  contrast: (a + 0.05) / (b + 0.05)});
    });
    return out;
}"""


@pytest.mark.parametrize(("theme", "scheme"), [
    ("furo", "light"), ("furo", "dark"), ("pydata_sphinx_theme", "light"),
    ("pydata_sphinx_theme", "dark"), ("sphinx_rtd_theme", "light"), ("alabaster", "light")])
def test_legible_in_light_and_dark(browser_page: GuardedPage, tmp_path: Path, theme: str,
                                   scheme: str, shots: Path) -> None:
    site = build_site(tmp_path, theme)
    page = browser_page.page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(color_scheme=scheme)
    failures = []
    for name, setup in (("explorer", "orders"), ("matrix", "")):
        page.goto(file_url(site / f"{name}.html"))
        if theme == "pydata_sphinx_theme":  # pydata follows the system only when told to
            page.evaluate(f"document.documentElement.dataset.theme = '{scheme}'")
        if setup:
            page.fill(".archdocs-explorer-search", setup)
            page.press(".archdocs-explorer-search", "Enter")
        measured = page.evaluate(MEASURE_JS)
        assert len(measured) > 20, measured
        failures += [f"{name}: {m}" for m in measured
                     if m["size"] < 10 or m["contrast"] < 4.5]
        page.screenshot(path=shots / f"{name}-depot-{theme}-{scheme}.png")
    assert not failures, "\n".join(failures)
