"""The layers diagram of ``archdocs-contracts`` in Chromium at a 1280x900 window, in light and dark
mode: it renders without a Mermaid error, every label (boxes and layer frames) is at least 10 CSS
px tall, the layers are stacked top first, and each violating import is a red arrow that runs
from the lower layer's box up to the higher one's. Screenshots go to
``tests/browser/_screenshots/layers/`` (git-ignored)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from harness import GuardedPage, render_mermaid, serve_directory
from tests.helpers.contract_cases import CASES

pytestmark = pytest.mark.browser

WINDOW = {"width": 1280, "height": 900}
LEGIBLE_PX = 10
RED = "rgb(192, 57, 43)"  #: #c0392b, the red of violating imports

#: Labels of boxes and layer frames, each layer frame's box, and each drawn link.
MEASURE_JS = """() => {
    const f = document.querySelector('div.archdocs-diagram');
    const svg = f.querySelector('svg.archdocs-svg');
    const labels = Array.from(svg.querySelectorAll('.node .nodeLabel, .cluster-label .nodeLabel'))
        .map(l => ({text: l.textContent.trim(), height: l.getBoundingClientRect().height}));
    const frames = {};
    svg.querySelectorAll('g.cluster').forEach(c => {
        const r = c.querySelector('rect').getBoundingClientRect();
        const name = c.id.replace(/^.*?(layer_\\d+|entry_\\d+_\\d+)$/, '$1');
        frames[name] = {top: r.top, bottom: r.bottom};
    });
    const nodes = {};
    svg.querySelectorAll('g.node').forEach(n => {
        const r = n.getBoundingClientRect();
        nodes[n.textContent.trim()] = {top: r.top, bottom: r.bottom};
    });
    const links = Array.from(svg.querySelectorAll('path.flowchart-link')).map(p => ({
        id: p.id, stroke: getComputedStyle(p).stroke,
        visible: getComputedStyle(p).strokeOpacity !== '0' && getComputedStyle(p).stroke !== 'none'
            && !p.classList.contains('edge-thickness-invisible')}));
    return {labels, frames, nodes, links, scale: parseFloat(f.dataset.archdocsScale)};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sphinx.cmd.build import build_main

    base = tmp_path_factory.mktemp("layers")
    tree, config = CASES["layers"]
    src = base / "src"
    for rel, text in {**{f"code/{k}": v for k, v in tree.items()},
                      "contracts.ini": config}.items():
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (src / "conf.py").write_text('extensions = ["archdocs"]\narchdocs_sources = ["code"]\n'
                                 'html_theme = "furo"\n'  # a theme with a dark mode
                                 'exclude_patterns = ["_build", "code"]\n', encoding="utf-8")
    (src / "index.rst").write_text("Layers\n======\n\n.. archdocs-contracts:: contracts.ini\n",
                                   encoding="utf-8")
    warnings = base / "warnings.txt"
    assert build_main(["-E", "-q", "-b", "html", "-w", str(warnings), str(src),
                       str(base / "html")]) == 0
    assert not warnings.read_text().strip()
    return base / "html"


@pytest.fixture(scope="module")
def shots() -> Path:
    folder = Path(__file__).parent / "_screenshots" / "layers"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def measure(guarded: GuardedPage, url: str, scheme: str) -> dict[str, Any]:
    page = guarded.page
    page.set_viewport_size(WINDOW)
    page.emulate_media(color_scheme=scheme)
    blocks = render_mermaid(guarded, url)
    assert [b["error"] for b in blocks] == [None], blocks
    page.wait_for_function("() => document.querySelector('div.archdocs-diagram')"
                           ".dataset.archdocsScale", timeout=30_000)
    page.wait_for_timeout(300)  # the viewer attaches after Mermaid's last redraw
    figure: dict[str, Any] = page.evaluate(MEASURE_JS)
    return figure


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_layers_diagram_is_legible_stacked_and_red_where_broken(
        site: Path, shots: Path, browser_page: GuardedPage, scheme: str) -> None:
    with serve_directory(site) as base:
        figure = measure(browser_page, base + "index.html", scheme)
        browser_page.page.locator("div.archdocs-diagram").first.scroll_into_view_if_needed()
        browser_page.page.screenshot(path=str(shots / f"layers-{scheme}.png"))
    texts = {label["text"] for label in figure["labels"]}
    assert {"layer 1", "layer 2", "layer 3", "pkg.ui", "views", "repo", "__init__"} <= texts
    small = [(label["text"], round(label["height"], 1)) for label in figure["labels"]
             if label["height"] < LEGIBLE_PX]
    assert not small, f"labels under {LEGIBLE_PX} px: {small}"
    frames = figure["frames"]
    assert frames["layer_1"]["bottom"] <= frames["layer_2"]["top"]  # stacked, top layer first
    assert frames["layer_2"]["bottom"] <= frames["layer_3"]["top"]
    visible = [link for link in figure["links"] if link["visible"]]
    assert len(visible) == 3 and all(link["stroke"] == RED for link in visible), figure["links"]
    # data.repo imports ui.views: the arrow climbs from layer 3 to layer 1
    nodes = figure["nodes"]
    assert nodes["repo"]["top"] > nodes["views"]["bottom"]
