"""The diagram viewer in headless Chromium, at a 1280x900 window, in four themes.

One small site per theme (alabaster, furo, sphinx-rtd-theme, pydata-sphinx-theme), built in a
temporary folder from a package written by the test:

* ``small.html``: a package that fits its viewport (initial view = the whole drawing);
* ``long.html``: a chain of 24 modules, far wider than the text column, so the viewer starts at a
  legible scale and the reader pans;
* ``graphviz.html``: the same small package drawn by Graphviz at build time;
* ``tables.html``: an inventory with long dotted paths in its ``imported_by`` column.

What a reader sees is measured, not assumed: label heights, the viewport's box, where a node is
drawn after each gesture, the colours Chromium computed (contrast of every label on its box, of
every edge on the page background) in light and dark mode, where the page lands after a click. No
request may leave 127.0.0.1 (the ``browser_page`` fixture). Screenshots go to
``tests/browser/_screenshots/diagram_view/`` (git-ignored; ``-s`` prints the path).
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest
from harness import GuardedPage, render_mermaid, serve_directory

THEMES = ("alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme")
WINDOW = {"width": 1280, "height": 900}
LEGIBLE_PX = 10  # label height, CSS px
MIN_SCALE = 0.75  # the viewer's initial scale never goes below this

pytestmark = pytest.mark.browser


def _package(root: Path) -> None:
    """``shop`` (5 modules, a cycle) and ``chain`` (24 modules importing the next one)."""
    files = {
        "shop/__init__.py": "",
        "shop/cart.py": "from shop import pricing\n",
        "shop/pricing.py": "import shop.cart\n",
        "shop/api.py": "import shop.cart\nimport shop.pricing\n",
        "shop/boom.py": "",
        "chain/__init__.py": "",
    }
    for i in range(24):
        files[f"chain/step_{i:02d}.py"] = f"import chain.step_{i + 1:02d}\n" if i < 23 else ""
    deep = "warehouse/fulfilment_orchestration/inbound_replenishment_scheduling"
    files["warehouse/__init__.py"] = ""
    files["warehouse/fulfilment_orchestration/__init__.py"] = ""
    files[f"{deep}/__init__.py"] = ""
    files[f"{deep}/ledger.py"] = ""
    for i in range(8):
        files[f"{deep}/purchase_order_reconciliation_service_{i}.py"] = (
            f"import {deep.replace('/', '.')}.ledger\n")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


PAGES = {
    "index.md": ("# Diagrams\n\n```{toctree}\nsmall\nlong\ngraphviz\ntables\n"
                 "_generated/archdocs/index\n```\n"),
    "tables.md": ("# Tables\n\n```{archdocs-inventory} warehouse\n"
                  ":columns: imported_by lines classes functions fan_in fan_out\n```\n"),
    "small.md": "# Small\n\n```{archdocs-diagram} shop\n```\n\nAfter the diagram.\n",
    "long.md": "# Long\n\n```{archdocs-diagram} chain\n```\n\n" + "Filler text.\n\n" * 60,
    "graphviz.md": ("# Graphviz\n\n```{archdocs-diagram} shop\n:renderer: graphviz\n```\n\n"
                    + "Filler text.\n\n" * 60),
}


def build_site(root: Path, theme: str) -> Path:
    from sphinx.cmd.build import build_main

    src = root / "docs"
    _package(root / "code")
    src.mkdir(parents=True)
    (src / "conf.py").write_text(textwrap.dedent(f"""\
        extensions = ["archdocs", "myst_parser"]
        html_theme = {theme!r}
        archdocs_sources = ["../code"]
        archdocs_packages = ["shop"]
        exclude_patterns = ["_build"]
        """), encoding="utf-8")
    for name, text in PAGES.items():
        (src / name).write_text(text, encoding="utf-8")
    out = root / "html"
    warnings = root / "warnings.txt"
    status = build_main(["-q", "-b", "html", "-w", str(warnings), str(src), str(out)])
    assert status == 0, warnings.read_text()
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if shutil.which("dot") is None:
        pytest.fail("Graphviz 'dot' is needed (apt-get install graphviz)", pytrace=False)
    return {theme: build_site(tmp_path_factory.mktemp(theme), theme) for theme in THEMES}


@pytest.fixture(scope="module")
def shots() -> Path:
    """``tests/browser/_screenshots/diagram_view`` (git-ignored), emptied first."""
    folder = Path(__file__).parent / "_screenshots" / "diagram_view"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"\nscreenshots: {folder}")
    return folder


# --------------------------------------------------------------------------- page helpers

_READY_JS = """() => Array.from(document.querySelectorAll('div.archdocs-diagram')).every(f => {
    const svg = f.querySelector('svg.archdocs-svg');
    const pre = f.querySelector('pre.mermaid');
    return svg && svg.isConnected && (!pre || pre.getAttribute('data-processed') === 'true')
        && f.dataset.archdocsScale && f.dataset.archdocsScheme;
})"""


def settle(pw: Any) -> None:
    """Wait until every figure holds a viewer-attached SVG, twice 300 ms apart (Mermaid renders
    again after a theme switch, replacing the SVG)."""
    for _ in range(2):
        pw.wait_for_function(_READY_JS, timeout=30_000, polling=100)
        pw.wait_for_timeout(300)


def open_page(guarded: GuardedPage, url: str, scheme: str = "light") -> Any:
    pw = guarded.page
    pw.set_viewport_size(WINDOW)
    pw.emulate_media(color_scheme=scheme)
    if url.endswith("graphviz.html"):
        pw.goto(url, wait_until="load")
    else:
        blocks = render_mermaid(guarded, url)
        assert blocks and all(b["has_svg"] and not b["error"] for b in blocks), blocks
    settle(pw)
    return pw


_MEASURE_JS = """() => Array.from(document.querySelectorAll('div.archdocs-diagram')).map(f => {
    const vp = f.querySelector('.archdocs-viewport').getBoundingClientRect();
    const labels = Array.from(f.querySelectorAll('svg .node .nodeLabel, svg g.node text'))
        .map(l => ({text: l.textContent.trim(), height: l.getBoundingClientRect().height,
                    visible: (() => { const r = l.getBoundingClientRect();
                        return r.right > vp.left && r.left < vp.right
                            && r.bottom > vp.top && r.top < vp.bottom; })()}));
    const content = (f.closest('[role=main], main, .body, .bd-article, article') || f.parentElement)
        .getBoundingClientRect();
    return {scale: parseFloat(f.dataset.archdocsScale),
            viewport: {left: vp.left, right: vp.right, width: vp.width, height: vp.height},
            column: {left: content.left, right: content.right}, labels};
})"""


def measure(pw: Any) -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = pw.evaluate(_MEASURE_JS)
    assert figures, "no archdocs diagram on the page"
    return figures


# --------------------------------------------------------------------------- legibility


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("page", ["small.html", "long.html", "graphviz.html"])
def test_labels_are_legible_without_zooming(sites: dict[str, Path], shots: Path,
                                            browser_page: GuardedPage, theme: str,
                                            page: str) -> None:
    with serve_directory(sites[theme]) as base:
        pw = open_page(browser_page, base + page)
        (figure,) = measure(pw)
        status = pw.locator(".archdocs-view-status").first.inner_text()
        pw.locator("div.archdocs-diagram").first.scroll_into_view_if_needed()
        pw.screenshot(path=str(shots / f"{theme}-{page[:-5]}.png"))
    assert MIN_SCALE <= figure["scale"] <= 1, figure["scale"]
    labels = [label for label in figure["labels"] if label["visible"]]
    assert labels, figure
    print(f"\n{theme} {page}: scale {figure['scale']}, {len(labels)} labels in view, "
          f"smallest {min(label['height'] for label in labels):.1f} px")
    small = [(label["text"], round(label["height"], 1)) for label in labels
             if label["height"] < LEGIBLE_PX]
    assert not small, f"labels under {LEGIBLE_PX} px: {small}"
    viewport = figure["viewport"]
    # as wide as the text column, never a fixed tiny box, never taller than 75% of the window
    assert viewport["right"] <= WINDOW["width"] and viewport["width"] >= 400, viewport
    assert 100 <= viewport["height"] <= 0.75 * WINDOW["height"] + 1, viewport
    if page == "long.html":  # too wide to fit legibly: starts at the legible scale, pans
        assert figure["scale"] == pytest.approx(MIN_SCALE, abs=0.001)
        assert len(labels) < len(figure["labels"]), "the whole chain fits: not a panning test"
        assert status.startswith("75%") and "drag" in status, status  # the reader is told
    else:
        assert "drag" not in status, status


# --------------------------------------------------------------------------- zoom and pan


_VIEW_JS = """() => {
    const f = document.querySelector('div.archdocs-diagram');
    const frame = f.querySelector('.archdocs-viewport').getBoundingClientRect();
    const node = f.querySelector('svg.archdocs-svg g.node').getBoundingClientRect();
    return [parseFloat(f.dataset.archdocsScale), Math.round(node.left - frame.left),
            Math.round(node.top - frame.top), Math.round(node.height)];
}"""


_WHOLE_JS = """() => {
    const f = document.querySelector('div.archdocs-diagram');
    const v = f.querySelector('.archdocs-viewport').getBoundingClientRect();
    return Array.from(f.querySelectorAll('svg.archdocs-svg g.node')).every(n => {
        const r = n.getBoundingClientRect();
        return r.left >= v.left - 1 && r.right <= v.right + 1 && r.top >= v.top - 1
            && r.bottom <= v.bottom + 1;
    });
}"""


def _view(pw: Any) -> tuple[float, int, int, int]:
    """(scale, x, y, height) of the first node as drawn in the viewport."""
    scale, x, y, height = pw.evaluate(_VIEW_JS)
    return scale, x, y, height


@pytest.mark.parametrize("page", ["long.html", "graphviz.html"])
def test_buttons_keys_wheel_and_drag_change_the_view(sites: dict[str, Path],
                                                     browser_page: GuardedPage,
                                                     page: str) -> None:
    with serve_directory(sites["furo"]) as base:
        pw = open_page(browser_page, base + page)
        figure = pw.locator("div.archdocs-diagram").first
        viewport = figure.locator(".archdocs-viewport")
        viewport.scroll_into_view_if_needed()
        start = _view(pw)

        figure.locator("button[data-action=in]").click()
        zoomed = _view(pw)
        assert zoomed[0] == pytest.approx(start[0] * 1.25, abs=0.002)
        assert zoomed[3] == pytest.approx(start[3] * 1.25, abs=1.5), (start, zoomed)
        figure.locator("button[data-action=out]").click()
        assert _view(pw)[0] == pytest.approx(start[0], abs=0.002)
        figure.locator("button[data-action=natural]").click()
        assert _view(pw)[0] == 1
        figure.locator("button[data-action=fit]").click()  # the whole drawing: an overview
        fit = _view(pw)
        assert fit[0] <= start[0] and (fit == start) == (page == "graphviz.html"), (fit, start)
        assert pw.evaluate(_WHOLE_JS), "Fit does not show the whole drawing"

        viewport.focus()
        for key, check in (("+", lambda v: v[0] > fit[0] and v[3] > fit[3]),
                           ("0", lambda v: v == fit),
                           ("-", lambda v: v[0] < fit[0] and v[3] < fit[3]),
                           ("0", lambda v: v == fit)):
            pw.keyboard.press(key)
            assert check(_view(pw)), (key, _view(pw), fit)
        pw.keyboard.press("1")
        for _ in range(5):  # larger than the viewport, so there is somewhere to pan
            pw.keyboard.press("+")
        big = _view(pw)
        for key, moved in (("ArrowRight", lambda v: v[1] < big[1] and v[2] == big[2]),
                           ("ArrowDown", lambda v: v[2] < big[2]),
                           ("ArrowLeft", lambda v: v[1] == big[1]),
                           ("ArrowUp", lambda v: v == big)):
            pw.keyboard.press(key)
            assert moved(_view(pw)), (key, _view(pw), big)
        pw.keyboard.press("0")

        def centre() -> tuple[float, float]:
            box = viewport.bounding_box()
            assert box is not None
            return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

        pw.mouse.move(*centre())
        pw.keyboard.down("Control")
        pw.mouse.wheel(0, -200)  # ctrl + wheel zooms in at the pointer
        pw.keyboard.up("Control")
        pw.wait_for_timeout(100)
        assert _view(pw)[0] > fit[0]

        pw.mouse.move(*centre())
        scroll_before = pw.evaluate("window.scrollY")
        view_before = _view(pw)
        pw.mouse.wheel(0, 200)  # a plain wheel scrolls the page, the diagram keeps its view
        pw.wait_for_function(f"window.scrollY > {scroll_before}", timeout=5_000)
        pw.wait_for_timeout(500)  # the end of a smooth scroll
        assert _view(pw) == view_before

        viewport.scroll_into_view_if_needed()
        viewport.focus()
        pw.keyboard.press("1")
        for _ in range(5):
            pw.keyboard.press("+")
        view_before = _view(pw)
        pw.mouse.move(*centre())
        pw.mouse.down()
        pw.mouse.move(centre()[0] - 150, centre()[1] - 20, steps=8)
        pw.mouse.up()
        dragged = _view(pw)
        assert dragged[0] == view_before[0]
        assert dragged[1] < view_before[1], "dragging left shows what lies to the right"


def test_the_browser_can_bring_any_node_into_view(sites: dict[str, Path],
                                                  browser_page: GuardedPage) -> None:
    """What find-in-page and a focused link do: scroll the viewport to a node drawn out of view."""
    with serve_directory(sites["alabaster"]) as base:
        pw = open_page(browser_page, base + "long.html")
        node = pw.locator("svg.archdocs-svg g.node", has_text="step_20").first
        inside = """(n) => { const r = n.getBoundingClientRect();
            const v = n.closest('.archdocs-viewport').getBoundingClientRect();
            return r.left >= v.left && r.right <= v.right
                && r.top >= v.top && r.bottom <= v.bottom; }"""
        assert not node.evaluate(inside)
        node.scroll_into_view_if_needed()
        assert node.evaluate(inside)


def test_fullscreen_fills_the_window_at_a_legible_scale(sites: dict[str, Path], shots: Path,
                                                        browser_page: GuardedPage) -> None:
    with serve_directory(sites["pydata_sphinx_theme"]) as base:
        pw = open_page(browser_page, base + "long.html")
        figure = pw.locator("div.archdocs-diagram").first
        figure.locator("button[data-action=fullscreen]").click()
        pw.wait_for_timeout(300)
        box = figure.bounding_box()
        pw.screenshot(path=str(shots / "pydata-long-fullscreen.png"))
        assert box is not None
        assert box["x"] == 0 and box["y"] == 0
        assert box["width"] == WINDOW["width"] and box["height"] == WINDOW["height"], box
        viewport = figure.locator(".archdocs-viewport").bounding_box()
        assert viewport is not None and viewport["height"] > 0.85 * WINDOW["height"]
        (measured,) = measure(pw)
        assert measured["scale"] >= MIN_SCALE
        visible = [label for label in measured["labels"] if label["visible"]]
        assert visible and min(label["height"] for label in visible) >= LEGIBLE_PX
        # a plain wheel zooms in fullscreen: there is no page to scroll
        pw.mouse.move(WINDOW["width"] / 2, WINDOW["height"] / 2)
        pw.mouse.wheel(0, -200)
        pw.wait_for_timeout(100)
        assert measure(pw)[0]["scale"] > measured["scale"]
        pw.keyboard.press("Escape")
        pw.wait_for_timeout(300)
        box = figure.bounding_box()
        assert box is not None and box["width"] < WINDOW["width"]
        assert "archdocs-fullscreen" not in (figure.get_attribute("class") or "")


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("page", ["small.html", "graphviz.html"])
def test_a_click_follows_the_link_and_a_drag_does_not(sites: dict[str, Path],
                                                       browser_page: GuardedPage,
                                                       page: str) -> None:
    with serve_directory(sites["sphinx_rtd_theme"]) as base:
        pw = open_page(browser_page, base + page)
        node = pw.locator("div.archdocs-diagram svg a", has_text="cart").first
        node.scroll_into_view_if_needed()
        box = node.bounding_box()
        assert box is not None
        pw.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        pw.mouse.down()
        pw.mouse.move(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2, steps=5)
        pw.mouse.up()
        pw.wait_for_timeout(500)
        assert pw.url == base + page, "a drag that starts on a node must not navigate"
        node = pw.locator("div.archdocs-diagram svg a", has_text="cart").first
        with pw.expect_navigation():
            node.click()
        assert "_generated/archdocs/shop.html" in pw.url and pw.url.endswith("#module-shop-cart")


# --------------------------------------------------------------------------- colours

_CONTRAST_JS = """() => {
    const rgb = (text) => {
        const m = text.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
        return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
    };
    const lum = (c) => [c.r, c.g, c.b].map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const over = (top, below) => ({r: top.r * top.a + below.r * (1 - top.a),
        g: top.g * top.a + below.g * (1 - top.a), b: top.b * top.a + below.b * (1 - top.a), a: 1});
    const ratio = (a, b) => { const x = lum(a), y = lum(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const background = (el) => {
        for (let e = el; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c && c.a > 0) return c.a === 1 ? c : over(c, {r: 255, g: 255, b: 255, a: 1});
        }
        return {r: 255, g: 255, b: 255, a: 1};
    };
    return Array.from(document.querySelectorAll('div.archdocs-diagram')).map(f => {
        const page = background(f);
        const nodes = Array.from(f.querySelectorAll('svg g.node')).map(n => {
            const shape = Array.from(n.querySelectorAll('rect, polygon, path, ellipse'))
                .find(s => !s.closest('.label') && s.getBBox().width > 0);
            const label = n.querySelector('.nodeLabel p, .nodeLabel, text');
            const fill = rgb(getComputedStyle(shape).fill);
            const box = fill ? over(fill, page) : page;
            const ink = label.tagName.toLowerCase() === 'text'
                ? rgb(getComputedStyle(label).fill) : rgb(getComputedStyle(label).color);
            return {text: label.textContent.trim(), ratio: ratio(over(ink, box), box)};
        });
        const edges = Array.from(f.querySelectorAll('svg path.flowchart-link, svg g.edge path'))
            .map(p => ratio(over(rgb(getComputedStyle(p).stroke), page), page));
        const filters = [];  // a theme's filter (pydata inverts SVGs) would change every colour
        for (let e = f.querySelector('svg.archdocs-svg'); e; e = e.parentElement) {
            const filter = getComputedStyle(e).filter;
            if (filter !== 'none') filters.push(e.tagName + ': ' + filter);
        }
        return {scheme: f.dataset.archdocsScheme, nodes, edges, filters};
    });
}"""

#: (theme, how dark mode is switched on after load, the scheme the page then shows)
SWITCHES = [
    ("furo", "light", None, "light"),
    ("furo", "dark", "document.body.dataset.theme = 'dark'", "dark"),
    ("furo", "dark", "document.body.dataset.theme = 'auto'", "dark"),  # follows the system
    ("furo", "light", "document.body.dataset.theme = 'dark'", "dark"),  # the reader's choice
    ("pydata_sphinx_theme", "light", None, "light"),
    ("pydata_sphinx_theme", "light", "document.documentElement.dataset.theme = 'dark'", "dark"),
    ("pydata_sphinx_theme", "dark", None, "dark"),  # its "auto" mode follows the system
    ("sphinx_rtd_theme", "dark", None, "light"),  # no dark mode: stays light
    ("alabaster", "dark", None, "light"),
]


@pytest.mark.parametrize(("theme", "system", "switch", "expected"), SWITCHES)
@pytest.mark.parametrize("page", ["small.html", "graphviz.html"])
def test_labels_and_edges_have_contrast_in_light_and_dark(
        sites: dict[str, Path], shots: Path, browser_page: GuardedPage, theme: str, system: str,
        switch: str | None, expected: str, page: str) -> None:
    with serve_directory(sites[theme]) as base:
        pw = open_page(browser_page, base + page, scheme=system)
        if switch:
            pw.evaluate(switch)
            pw.wait_for_function(
                f"() => document.querySelector('div.archdocs-diagram')"
                f".dataset.archdocsScheme === '{expected}'", timeout=10_000)
            settle(pw)
        (figure,) = pw.evaluate(_CONTRAST_JS)
        how = switch.split("=")[-1].strip(" '") if switch else "system"
        name = f"{theme}-{page[:-5]}-{system}-system-{how}.png"
        pw.locator("div.archdocs-diagram").first.scroll_into_view_if_needed()
        pw.screenshot(path=str(shots / name))
    print(f"\n{theme} {page} system={system} switch={switch}: scheme {figure['scheme']}, "
          f"label/box contrast >= {min(n['ratio'] for n in figure['nodes']):.2f}, "
          f"edge/page >= {min(figure['edges']):.2f}")
    assert figure["scheme"] == expected
    assert not figure["filters"], figure["filters"]
    assert figure["nodes"] and figure["edges"]
    low = [(n["text"], round(n["ratio"], 2)) for n in figure["nodes"] if n["ratio"] < 4.5]
    assert not low, f"label/box contrast under 4.5:1: {low}"
    assert min(figure["edges"]) >= 3, f"an edge is faint on the page: {sorted(figure['edges'])[:3]}"


# --------------------------------------------------------------------------- wide tables

_TABLES_JS = """() => Array.from(document.querySelectorAll('table.archdocs-table')).map(t => {
    const cells = Array.from(t.querySelectorAll('tr')).map(r => r.lastElementChild).filter(Boolean);
    let right = window.innerWidth;  // what is visible: the window, and every clipping ancestor
    for (let e = t.parentElement; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.overflowX !== 'visible') right = Math.min(right, e.getBoundingClientRect().right);
    }
    return {visible: right, last: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
            header: t.querySelector('thead tr').lastElementChild.textContent.trim()};
})"""


@pytest.mark.parametrize("theme", THEMES)
def test_wide_tables_keep_their_last_column_in_view(sites: dict[str, Path], shots: Path,
                                                    browser_page: GuardedPage,
                                                    theme: str) -> None:
    with serve_directory(sites[theme]) as base:
        pw = browser_page.page
        pw.set_viewport_size(WINDOW)
        pw.goto(base + "tables.html", wait_until="load")
        tables = pw.evaluate(_TABLES_JS)
        pw.screenshot(path=str(shots / f"{theme}-tables.png"))
    assert tables, "no archdocs table on the page"
    for table in tables:
        assert table["header"] == "Fan-out", table
        assert table["last"] <= table["visible"] + 0.5, table
