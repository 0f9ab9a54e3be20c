"""Diagrams never break on an 8,000-module code base: every package diagram of homeassistant
(folded and linked the way the Sphinx extension draws it) stays under Mermaid's hard limits."""

from __future__ import annotations

import pytest
from tests.core.test_grimp_oracle import HOMEASSISTANT, unpacked_wheel

from archdocs.load import load_snapshot
from archdocs.model import KIND_SETS
from archdocs.render.mermaid import MAX_EDGES, MAX_TEXT, fit_graph, render_mermaid
from archdocs.sources import Selection

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def homeassistant(request):
    folder = unpacked_wheel(request.config, HOMEASSISTANT)
    return load_snapshot(folder / "homeassistant", Selection())


def _draw(snapshot, package):
    def render(graph):  # each node links to its page, as the extension does
        return render_mermaid(graph, links={n: f"../{n.replace('.', '/')}.html" for n in graph.nodes})
    return fit_graph(snapshot, package, KIND_SETS["all"], None, render)


def test_every_large_package_diagram_fits_mermaid(homeassistant):
    assert len(homeassistant.modules) > 7000
    packages = {m.name for m in homeassistant.modules if m.is_package}
    largest = sorted(packages, key=lambda p: -len(homeassistant.in_package(p)))[:25]
    sizes = {}
    for package in [None, *largest]:
        graph, text, _ = _draw(homeassistant, package)
        assert len(text) < MAX_TEXT and len(graph.edges) < MAX_EDGES, package
        assert graph.nodes, package
        sizes[package] = len(text)
    # The whole code base and homeassistant.components (1,000+ integrations) had to fold.
    assert max(sizes.values()) > 5_000


def test_the_top_level_is_folded_and_says_how_much(homeassistant):
    graph, text, depth = _draw(homeassistant, "homeassistant")
    assert depth == 1
    assert graph.folded["homeassistant.components"] > 5000
    assert 'click n_homeassistant_components href' in text
