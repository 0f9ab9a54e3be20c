"""Diagrams a person can read, measured in headless Chromium on sites built from real packages.

Flask 3.1.3 (the whole package, with module pages) and pip 26.3's ``pip._internal`` (the quick
start's configuration as written) are downloaded as sdists by the test setup (read, never
imported), and each is built once in each of furo, sphinx-rtd-theme, pydata-sphinx-theme and
alabaster. Every page of those sites holding a diagram is opened at a 1280x900 window, and:

* every node and cluster label renders at least 10 CSS px tall (the smallest line of its text,
  from a Range's client rects) in the initial view, and in the fullscreen view;
* no diagram shows a Mermaid error;
* every node's label/box contrast is at least 4.5:1 (WCAG AA) from computed styles: light mode in
  all four themes; for furo and pydata also dark mode, both following the system
  (``prefers-color-scheme: dark``) and set by the theme's own switch after the page was drawn;
* the wheel, the buttons and the keyboard zoom and pan the view;
* clicking a folded box lands on that package's page, an explorer entry on the module's page;
* no request leaves localhost (the ``browser_page`` fixture's network guard).

Screenshots of each kind of view go to ``$ARCHDOCS_SCREENSHOTS`` or ``tests/browser/_screenshots``
(printed at the end of the run, with the measured figures, also written to ``figures.json``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from harness import GuardedPage, render_mermaid, serve_directory
from realsites import (
    DARK_SWITCH,
    MIN_CONTRAST,
    MIN_LABEL_PX,
    OUTPUT_DIR,
    PROJECTS,
    THEMES,
    Site,
    build_site,
    fetch_sdist,
    measure,
    screenshots_dir,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

WINDOW = {"width": 1280, "height": 900}
SITES = [(key, theme) for key in PROJECTS for theme in THEMES]
DARK_MODES = ("dark-system", "dark-switch")
CONTRAST_CASES = [(key, theme, mode) for key, theme in SITES
                  for mode in ("light", *(DARK_MODES if theme in DARK_SWITCH else ()))]
MERMAID_ERRORS = ("Syntax error", "Maximum text size", "Edge limit")
DIAGRAM_TEXT = re.compile(r'<pre\s+class="mermaid"[^>]*>(.*?)</pre>|<svg\b.*?</svg>', re.DOTALL)
#: The module page screenshot and checked in dark mode (Flask has module pages).
MODULE_PAGE = {"flask": "flask.app"}


# --------------------------------------------------------------------------- fixtures


class Sites:
    """Builds each (project, theme) site once, on first use, and keeps the figures measured on
    them for the summary."""

    def __init__(self, config: pytest.Config, tmp: pytest.TempPathFactory) -> None:
        self._config, self._tmp = config, tmp
        self._built: dict[tuple[str, str], Site] = {}
        self.figures: dict[str, dict[str, Any]] = {}
        #: light-mode measurements of each page, taken by the legibility test, reused for contrast
        self.light: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def get(self, key: str, theme: str) -> Site:
        if (key, theme) not in self._built:
            project = PROJECTS[key]
            source = fetch_sdist(self._config, project.requirement)
            out = self._tmp.mktemp(f"{key}-{theme}") / "html"
            self._built[key, theme] = build_site(source, project, theme, out)
        return self._built[key, theme]

    def record(self, criterion: str, case: str, value: Any) -> None:
        self.figures.setdefault(criterion, {})[case] = value


@pytest.fixture(scope="module")
def sites(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    built = Sites(pytestconfig, tmp_path_factory)
    yield built
    folder = screenshots_dir()
    (folder / "figures.json").write_text(json.dumps(built.figures, indent=1, sort_keys=True))
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    reporter = pytestconfig.pluginmanager.getplugin("terminalreporter")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(f"real-package diagrams: screenshots and figures.json in {folder}")
        for criterion, cases in sorted(built.figures.items()):
            for case, value in sorted(cases.items()):
                reporter.write_line(f"  {criterion} {case}: {value}")


@pytest.fixture(scope="module")
def shots() -> Path:
    return screenshots_dir()


def open_page(guarded: GuardedPage, url: str, *, dark_system: bool = False) -> list[dict[str, Any]]:
    """Load ``url`` at 1280x900 and wait until its diagrams are drawn; the Mermaid blocks."""
    page = guarded.page
    page.set_viewport_size(WINDOW)
    page.emulate_media(color_scheme="dark" if dark_system else "light")
    blocks = render_mermaid(guarded, url)
    page.wait_for_timeout(200)  # a theme or viewport script may still fit the drawing
    return blocks


def errors_of(blocks: list[dict[str, Any]], measured: list[dict[str, Any]]) -> list[str]:
    found = [f"Mermaid block {b['index'] + 1}: {b['error']} {b['error_message'] or ''}".strip()
             for b in blocks if b["error"] or not b["has_svg"]]
    found += [f"diagram {d['index'] + 1}: {p}" for d in measured for p in MERMAID_ERRORS
              if p in d["text"]]
    return found


def page_label(page: str) -> str:
    return page.removeprefix(OUTPUT_DIR + "/").removesuffix(".html")


def shot_name(*parts: str) -> str:
    return "-".join(re.sub(r"[^0-9A-Za-z_.]+", "_", p) for p in parts) + ".png"


def shoot(page: Any, path: Path, selector: str = "svg:has(g.node)") -> None:
    """A window-sized screenshot with the first ``selector`` element scrolled to the top (a
    little of what is above it stays in view)."""
    target = page.locator(selector).first
    if target.count():
        target.evaluate("(e) => { e.scrollIntoView({block: 'start'}); window.scrollBy(0, -60); }")
        page.wait_for_timeout(150)
    page.screenshot(path=path)


# --------------------------------------------------------------------------- legibility


@pytest.mark.parametrize(("key", "theme"), SITES)
def test_every_label_is_legible_and_no_mermaid_error(
        key: str, theme: str, sites: Sites, browser_page: GuardedPage, shots: Path) -> None:
    """Every label on every diagram page >= 10 CSS px at 1280x900; no Mermaid error; no script
    error. Screenshots: the package page and (Flask) a module page."""
    site = sites.get(key, theme)
    pages = site.pages()
    assert len(pages) >= (20 if key == "pip" else 10), pages
    failures: list[str] = []
    smallest: tuple[float, str] = (float("inf"), "")
    labels = 0
    with serve_directory(site.root) as base:
        for page in pages:
            blocks = open_page(browser_page, base + page)
            measured = measure(browser_page.page)
            sites.light[site.name, page] = measured
            failures += [f"{page}: {e}" for e in errors_of(blocks, measured)]
            if not measured:
                failures.append(f"{page}: the page has a diagram in its HTML but none was drawn")
            for diagram in measured:
                drawn = [x for x in diagram["labels"] if x["height"] > 0]
                if not drawn:
                    failures.append(f"{page}: diagram {diagram['index'] + 1} shows no label")
                    continue
                labels += len(drawn)
                low = min(drawn, key=lambda x: x["height"])
                if low["height"] < smallest[0]:
                    smallest = (low["height"], f"{page_label(page)}: {low['text']!r}")
                small = [x for x in drawn if x["height"] < MIN_LABEL_PX]
                if small:
                    failures.append(
                        f"{page} diagram {diagram['index'] + 1}: {len(small)} of {len(drawn)} "
                        f"labels under {MIN_LABEL_PX} px, smallest {low['height']:.1f} px "
                        f"({low['text']!r})")
            if browser_page.network.page_errors:
                failures.append(f"{page}: script errors {browser_page.network.page_errors}")
                browser_page.network.page_errors.clear()
            if page == site.generated_page():
                shoot(browser_page.page, shots / shot_name("package", key, theme))
            elif site.project.module_pages and page == site.generated_page(MODULE_PAGE[key]):
                shoot(browser_page.page, shots / shot_name("module", key, theme))
    sites.record("min-label-px", site.name,
                 f"{smallest[0]:.1f} px ({smallest[1]}); {labels} labels on {len(pages)} pages")
    assert not failures, "\n".join(failures)
    assert not browser_page.network.external()


@pytest.mark.parametrize(("key", "theme"), SITES)
def test_fullscreen_view_fills_the_window_at_a_legible_scale(
        key: str, theme: str, sites: Sites, browser_page: GuardedPage, shots: Path) -> None:
    """The package page's fullscreen view: the drawing fills most of the window and every label
    is still >= 10 px."""
    site = sites.get(key, theme)
    page = browser_page.page
    with serve_directory(site.root) as base:
        open_page(browser_page, base + site.generated_page())
        button = fullscreen_button(page)
        assert button is not None, "no fullscreen control next to the package diagram"
        button.click()
        page.wait_for_timeout(600)
        views = [d for d in measure(page) if d["visible"]["width"] * d["visible"]["height"] > 0]
        full = max(views, key=lambda d: d["visible"]["width"] * d["visible"]["height"])
        seen = full["visible"]
        page.screenshot(path=shots / shot_name("fullscreen", key, theme))
    drawn = [x for x in full["labels"] if x["height"] > 0]
    assert drawn, "the fullscreen view shows no label"
    low = min(x["height"] for x in drawn)
    sites.record("fullscreen", site.name,
                 f"{seen['width']:.0f}x{seen['height']:.0f} px seen, min label {low:.1f} px")
    # the drawing may keep its aspect ratio: it fills the window in one direction at least
    assert seen["width"] >= 0.8 * WINDOW["width"] or seen["height"] >= 0.8 * WINDOW["height"], seen
    assert low >= MIN_LABEL_PX, [x for x in drawn if x["height"] < MIN_LABEL_PX][:5]


def fullscreen_button(page: Any) -> Any:
    for selector in ("[aria-label*='ull screen' i]", "[aria-label*='ullscreen' i]",
                     "[title*='ullscreen' i]", "[title*='ull screen' i]",
                     ".mermaid-fullscreen-btn"):
        found = page.locator(selector).filter(visible=True)
        if found.count():
            return found.first
    return None


# --------------------------------------------------------------------------- contrast


def set_dark_switch(guarded: GuardedPage, theme: str) -> None:
    """Flip the theme's own dark switch on a drawn page, as its toggle button does."""
    guarded.page.evaluate(f"() => {{ {DARK_SWITCH[theme]}; }}")
    guarded.page.wait_for_timeout(800)  # diagrams that follow the switch redraw


def dark_sample(site: Site, sites: Sites) -> list[str]:
    """The pages dark mode is checked on: the index (the quick start's diagram), the package's
    page (folded boxes, cycles), the page with the most labels, and a module page (its focus
    box) when there are module pages. Every kind of box is on one of them."""
    pages = site.pages()
    sample = ["index.html", site.generated_page()]

    def size(page: str) -> int:  # labels drawn in light mode, else the diagram's HTML size
        measured = sites.light.get((site.name, page))
        if measured is not None:
            return sum(len(d["labels"]) for d in measured)
        return len("".join(DIAGRAM_TEXT.findall((site.root / page).read_text(encoding="utf-8"))))

    densest = max(pages, key=size)
    sample.append(densest)
    if site.project.module_pages:
        sample.append(site.generated_page(MODULE_PAGE[site.project.key]))
    return sorted(set(sample) & set(pages))


@pytest.mark.parametrize(("key", "theme", "mode"), CONTRAST_CASES)
def test_label_contrast_is_at_least_4_5(key: str, theme: str, mode: str, sites: Sites,
                                        browser_page: GuardedPage, shots: Path) -> None:
    """Every node label against its box >= 4.5:1 (WCAG AA): in light mode on every diagram page
    (measured with the labels' heights when that test ran first), in dark mode on
    :func:`dark_sample`, following the system and the theme's own switch."""
    site = sites.get(key, theme)
    failures: list[str] = []
    lowest: tuple[float, str] = (float("inf"), "")
    pages = site.pages() if mode == "light" else dark_sample(site, sites)
    with serve_directory(site.root) as base:
        for page in pages:
            measured = sites.light.get((site.name, page)) if mode == "light" else None
            if measured is None:
                open_page(browser_page, base + page, dark_system=mode == "dark-system")
                if mode == "dark-switch":
                    set_dark_switch(browser_page, theme)
                measured = measure(browser_page.page)
                if mode != "light" and page == site.generated_page():
                    shoot(browser_page.page, shots / shot_name(mode, key, theme))
            for diagram in measured:
                nodes = [x for x in diagram["labels"] if x["contrast"] is not None]
                for label in nodes:
                    if label["contrast"] < lowest[0]:
                        where = (f"{page_label(page)}: {label['text']!r} {label['color']} "
                                 f"on {label['fill']}")
                        lowest = (label["contrast"], where)
                bad = [x for x in nodes if x["contrast"] < MIN_CONTRAST]
                if bad:
                    worst = min(bad, key=lambda x: x["contrast"])
                    failures.append(f"{page} diagram {diagram['index'] + 1}: {len(bad)} of "
                                    f"{len(nodes)} labels under {MIN_CONTRAST}:1, lowest "
                                    f"{worst['contrast']:.2f} ({worst['color']} on "
                                    f"{worst['fill']}, {worst['text']!r})")
    sites.record(f"min-contrast-{mode}", site.name,
                 f"{lowest[0]:.2f}:1 ({lowest[1]}); {len(pages)} pages")
    assert lowest[0] < float("inf"), "no node label measured"
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- zoom and pan


# The element a diagram is seen through: its first ancestor that clips (a pan/zoom viewport).
# Not the nearest [tabindex]: pydata-sphinx-theme gives every <pre> one, Mermaid's included.
FRAME_JS = """(svg) => {
    for (let e = svg.parentElement; e && e !== document.body; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') return e;
    }
    return svg.parentElement;
}"""

VIEW_JS = """() => {
    const svg = Array.from(document.querySelectorAll('svg')).find(s => s.querySelector('g.node'));
    const label = svg.querySelector('g.node');
    const r = label.getBoundingClientRect();
    // relative to the diagram's frame: scrolling the page is not a pan
    const frame = (__FRAME__)(svg).getBoundingClientRect();
    return {x: r.x - frame.x, y: r.y - frame.y, height: r.height};
}""".replace("__FRAME__", FRAME_JS)


ALL_IN_FRAME_JS = """() => {
    const svg = Array.from(document.querySelectorAll('svg')).find(s => s.querySelector('g.node'));
    const f = (__FRAME__)(svg).getBoundingClientRect();
    return Array.from(svg.querySelectorAll('g.node')).every(n => {
        const r = n.getBoundingClientRect();
        return r.left >= f.left - 1 && r.right <= f.right + 1 && r.top >= f.top - 1
            && r.bottom <= f.bottom + 1;
    });
}""".replace("__FRAME__", FRAME_JS)


def view_of(page: Any) -> dict[str, float]:
    result: dict[str, float] = page.evaluate(VIEW_JS)
    return result


def zoomed(before: dict[str, float], after: dict[str, float]) -> bool:
    return after["height"] > before["height"] * 1.05


def panned(before: dict[str, float], after: dict[str, float]) -> bool:
    return abs(after["x"] - before["x"]) + abs(after["y"] - before["y"]) > 5


def control(page: Any, *words: str) -> Any:
    """A visible button whose aria-label or title has one of ``words`` (H5's controls)."""
    for word in words:
        for attribute in ("aria-label", "title"):
            found = page.locator(f"button[{attribute}*='{word}' i], "
                                 f"[role=button][{attribute}*='{word}' i]").filter(visible=True)
            if found.count():
                return found.first
    return None


def viewport_of(page: Any) -> Any:
    """The element the first diagram is seen through (the pan/zoom viewport), which takes the
    keyboard focus."""
    svg = page.locator("svg:has(g.node)").first
    return svg.evaluate_handle(FRAME_JS).as_element()


def visible_center(page: Any) -> tuple[float, float]:
    """The middle of the part of the diagram's viewport that is in the window."""
    viewport = viewport_of(page)
    viewport.scroll_into_view_if_needed()
    box = viewport.evaluate("""(e) => {
        const r = e.getBoundingClientRect();
        const l = Math.max(r.left, 0), t = Math.max(r.top, 0);
        const w = Math.min(r.right, innerWidth) - l, h = Math.min(r.bottom, innerHeight) - t;
        return {x: l + w / 2, y: t + h / 2, w, h};
    }""")
    assert box["w"] > 100 and box["h"] > 100, f"the diagram is hardly in view: {box}"
    return box["x"], box["y"]


@pytest.mark.parametrize("theme", THEMES)
def test_zoom_and_pan_change_the_view(theme: str, sites: Sites,
                                      browser_page: GuardedPage) -> None:
    """On pip._internal's package page: the zoom-in button, the mouse wheel and the keyboard
    each zoom; dragging and the arrow keys pan; the fit control shows every box (an overview)."""
    site = sites.get("pip", theme)
    page = browser_page.page
    results: dict[str, bool] = {}
    with serve_directory(site.root) as base:
        url = base + site.generated_page()
        open_page(browser_page, url)
        zoom_in = control(page, "zoom in")
        if zoom_in is not None:
            start = view_of(page)
            zoom_in.click()
            page.wait_for_timeout(300)
            results["button zoom"] = zoomed(start, view_of(page))
        else:
            results["button zoom"] = False

        open_page(browser_page, url)
        x, y = visible_center(page)
        start = view_of(page)
        page.mouse.move(x, y)
        page.keyboard.down("Control")
        page.mouse.wheel(0, -400)
        page.keyboard.up("Control")
        page.wait_for_timeout(300)
        after_ctrl = view_of(page)
        if not zoomed(start, after_ctrl):
            page.mouse.wheel(0, -400)
            page.wait_for_timeout(300)
        results["wheel zoom"] = zoomed(start, view_of(page))

        # a view at an edge of the drawing cannot pan past it: either direction will do
        results["drag pan"] = False
        for dx, dy in ((-120, -60), (120, 60)):
            x, y = visible_center(page)
            start = view_of(page)
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + dx, y + dy, steps=8)
            page.mouse.up()
            page.wait_for_timeout(300)
            results["drag pan"] = results["drag pan"] or panned(start, view_of(page))

        open_page(browser_page, url)
        viewport_of(page).focus()
        start = view_of(page)
        for key in ("+", "="):
            page.keyboard.press(key)
        page.wait_for_timeout(300)
        results["keyboard zoom"] = zoomed(start, view_of(page))
        results["keyboard pan"] = False
        for keys in (("ArrowRight", "ArrowDown"), ("ArrowLeft", "ArrowUp")):
            start = view_of(page)
            for key in keys:
                page.keyboard.press(key)
                page.keyboard.press(key)
            page.wait_for_timeout(300)
            results["keyboard pan"] = results["keyboard pan"] or panned(start, view_of(page))
        fit = control(page, "fit")
        if fit is not None:
            fit.click()
            page.wait_for_timeout(300)
            results["fit shows every box"] = page.evaluate(ALL_IN_FRAME_JS)
        else:
            results["fit shows every box"] = False
    sites.record("zoom-pan", site.name, results)
    assert all(results.values()), results


# --------------------------------------------------------------------------- drill-down


FOLDED_JS = """() => {
    const svg = Array.from(document.querySelectorAll('svg')).find(s => s.querySelector('g.node'));
    return Array.from(svg.querySelectorAll('g.node')).filter(g =>
        g.classList.contains('archdocs_package') ||
        /^[\\w.]+\\/(\\s|$)/.test((g.textContent || '').trim()))
      .map(g => {
        const a = g.closest('a') || g.querySelector('a');
        const href = a && (a.getAttribute('href') || a.getAttribute('xlink:href'));
        return {text: (g.textContent || '').trim(), href, id: g.id};
      });
}"""


@pytest.mark.parametrize(("key", "theme"), SITES)
def test_clicking_a_folded_box_lands_on_its_package_page(
        key: str, theme: str, sites: Sites, browser_page: GuardedPage) -> None:
    """Every folded box of the package diagram links to that package's page, and clicking it
    there (the first box in every theme, all of them in furo) lands on a page whose title is
    the package."""
    site = sites.get(key, theme)
    page = browser_page.page
    project = site.project
    failures: list[str] = []
    with serve_directory(site.root) as base:
        url = base + site.generated_page()
        open_page(browser_page, url)
        folded = page.evaluate(FOLDED_JS)
        assert folded, "no folded box on the package diagram"
        unlinked = [f["text"] for f in folded if not f["href"]]
        assert not unlinked, f"folded boxes without a link: {unlinked}"
        clicked = folded if theme == "furo" else folded[:1]
        for box in clicked:
            open_page(browser_page, url)
            short = box["text"].split("/")[0]
            target = f"{project.package}.{short}"
            node = page.locator(f"[id='{box['id']}']") if box["id"] else None
            assert node is not None and node.count() == 1, box
            with page.expect_navigation():
                node.first.click()
            path = urlsplit(page.url).path
            if not path.endswith(f"/{OUTPUT_DIR}/{target}.html"):
                failures.append(f"{box['text']!r} landed on {page.url}, not {target}'s page")
                continue
            heading = page.locator("h1").first.inner_text()
            if target not in heading:
                failures.append(f"{box['text']!r}: the page's title is {heading!r}")
    sites.record("folded-clicks", site.name, f"{len(clicked)} clicked, {len(failures)} wrong")
    assert not failures, "\n".join(failures)


def explorer_page(site: Site) -> str:
    """The page holding the explorer: a generated one if archdocs writes one, else views.html."""
    found = sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.html")
                   if 'class="archdocs-explorer"' in p.read_text(encoding="utf-8"))
    generated = [p for p in found if p.startswith(OUTPUT_DIR + "/")]
    return (generated or found or ["views.html"])[0]


@pytest.mark.parametrize(("key", "theme"), [(k, "furo") for k in PROJECTS])
def test_an_explorer_entry_lands_on_the_modules_page(
        key: str, theme: str, sites: Sites, browser_page: GuardedPage, shots: Path) -> None:
    """Search the explorer for a module, select the entry, follow its link: the module's card
    (or page) is the target, and its text names the module."""
    site = sites.get(key, theme)
    page = browser_page.page
    # Flask has module pages (the link is a page), pip has not (the link is a card's anchor)
    module = {"flask": "flask.sessions", "pip": "pip._internal.cache"}[key]
    with serve_directory(site.root) as base:
        where = explorer_page(site)
        open_page(browser_page, base + where)
        explorer = page.locator(".archdocs-explorer").first
        assert explorer.count(), f"no explorer on {where}"
        search = explorer.locator("input[type=search], input[type=text]").first
        search.fill(module.rsplit(".", 1)[1])
        entry = explorer.get_by_role("button", name=module, exact=True)
        entry.first.wait_for(timeout=5_000)
        entry.first.click()
        explorer.scroll_into_view_if_needed()
        page.screenshot(path=shots / shot_name("explorer", key, theme))
        link = explorer.get_by_role("link", name=re.compile(re.escape(module)))
        assert link.count(), "the selected module has no link to its card or page"
        with page.expect_navigation():
            link.first.click()
        landed = page.url
        fragment = urlsplit(landed).fragment
        card = page.locator(f"[id='{fragment}']") if fragment else page.locator("h1")
        assert card.count() == 1, landed
        assert module in card.first.inner_text(), (landed, card.first.inner_text()[:200])
    sites.record("explorer", site.name, f"{where}: {module} -> {urlsplit(landed).path[-60:]}"
                                        f"#{fragment}")


@pytest.mark.parametrize(("key", "theme"), [(k, t) for k in PROJECTS for t in ("furo",
                                                                              "alabaster")])
def test_matrix_is_drawn_legibly(key: str, theme: str, sites: Sites,
                                 browser_page: GuardedPage, shots: Path) -> None:
    """The dependency matrix of the package: drawn, with its row and column names >= 10 px."""
    site = sites.get(key, theme)
    page = browser_page.page
    with serve_directory(site.root) as base:
        open_page(browser_page, base + "views.html")
        matrix = page.locator("[class*='archdocs-matrix']").first
        assert matrix.count(), "no matrix on the page"
        shoot(page, shots / shot_name("matrix", key, theme), "[class*='archdocs-matrix']")
        heights: list[float] = matrix.evaluate("""(m) => {
            const out = [];
            const walker = document.createTreeWalker(m, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const t = walker.currentNode;
                if (!t.textContent.trim()) continue;
                const range = document.createRange();
                range.selectNodeContents(t);
                for (const r of range.getClientRects()) if (r.width > 0.5) out.push(r.height);
            }
            return out;
        }""")
    assert heights, "the matrix shows no text"
    sites.record("matrix", site.name, f"{len(heights)} text runs, min {min(heights):.1f} px")
    assert min(heights) >= MIN_LABEL_PX, min(heights)


def test_sites_build_without_archdocs_warnings(sites: Sites) -> None:
    """The quick start's configuration builds on the real packages with no warning about the
    site (pages, directives, links, static files). Warnings that state facts about the analysed
    code (``archdocs.source``: pip's trimmed vendored copies import modules it left out) are
    counted, not failed: they are true of pip, not of the site."""
    found: dict[str, list[str]] = {}
    for key, theme in SITES:
        site = sites.get(key, theme)
        lines = [x for x in site.warnings.splitlines() if "WARNING" in x]
        about_code = [x for x in lines if "[archdocs.source]" in x]
        sites.record("build-warnings", site.name,
                     f"{len(lines) - len(about_code)} about the site, {len(about_code)} about "
                     "the analysed code")
        if len(lines) > len(about_code):
            found[site.name] = [x for x in lines if x not in about_code][:5]
    assert not found, json.dumps(found, indent=1)

