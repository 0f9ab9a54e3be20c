"""Diagrams stay readable on an 8,000-module code base: every package diagram of homeassistant
(folded and linked the way the Sphinx extension draws it) keeps within the node and edge budget,
and so far under Mermaid's hard limits."""

from __future__ import annotations

import pytest
from tests.helpers.downloads import unpacked_wheel
from tests.helpers.real_packages import HOMEASSISTANT

from archdocs.analysis.views import EDGE_BUDGET, NODE_BUDGET, package_view
from archdocs.model import KIND_SETS
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection
from archdocs.render.mermaid import MAX_TEXT, render_mermaid

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def homeassistant(request):
    folder = unpacked_wheel(request.config, HOMEASSISTANT)
    return load_snapshot(folder / "homeassistant", Selection())


def _draw(snapshot, package):
    view = package_view(snapshot, package, KIND_SETS["all"], KIND_SETS["import-time"])
    # each node links to its page, as the extension does
    links = {n: f"../{n.replace('.', '/')}.html" for n in view.graph.nodes}
    return view, render_mermaid(view, links=links)


def test_every_large_package_diagram_keeps_the_budget(homeassistant):
    assert len(homeassistant.modules) > 7000
    packages = {m.name for m in homeassistant.modules if m.is_package}
    largest = sorted(packages, key=lambda p: -len(homeassistant.in_package(p)))[:25]
    for package in [None, *largest]:
        view, text = _draw(homeassistant, package)
        assert 0 < len(view.graph.nodes) <= NODE_BUDGET, package
        assert len(view.graph.edges) <= EDGE_BUDGET, package
        assert len(text) < MAX_TEXT // 2, package


def test_the_top_level_is_folded_and_says_what_was_left_out(homeassistant):
    view, text = _draw(homeassistant, "homeassistant")
    # two levels, with the largest sub-packages as one box each
    assert view.graph.depth == 2
    assert "homeassistant.components" in view.left_out.collapsed
    assert "homeassistant.auth.auth_store" in view.graph.nodes
    # components holds 1,000+ integrations; the box counts modules as the inventory does
    components = [m for m in homeassistant.in_package("homeassistant.components")
                  if not m.is_package]
    assert view.sizes["homeassistant.components"] == len(components) > 5000
    assert 'click n_homeassistant_components href' in text
    view, _ = _draw(homeassistant, "homeassistant.components")
    assert len(view.left_out.nodes) > 900  # named in the note under the diagram
