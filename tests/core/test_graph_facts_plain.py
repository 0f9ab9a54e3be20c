"""Whole-graph facts computed the fast way equal the plain computations, on any digraph:
transitive dependents against a search per node, and a graph's explicit part (whose sorted
pairs are filtered from the graph's, not sorted again) against the graph built without implied
edges."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from archdocs.analysis.cycles import components, dependents_counts
from archdocs.analysis.graph import ImportGraph, build_graph, reachable
from archdocs.analysis.metrics import GraphFacts
from archdocs.model import Import, ImportKind, Snapshot


def digraph(pairs: set[tuple[int, int]], n: int) -> ImportGraph:
    nodes = tuple(f"m{i:02}" for i in range(n))
    return ImportGraph(nodes, {(nodes[a], nodes[b]): (Import(nodes[a], nodes[b], 1,
                                                             ImportKind.RUNTIME, True),)
                               for a, b in pairs})


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=30).flatmap(lambda n: st.tuples(st.just(n), st.sets(
    st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]),
    max_size=3 * n))))
def test_dependents_are_a_search_per_node(graph: tuple[int, set[tuple[int, int]]]) -> None:
    n, pairs = graph
    g = digraph(pairs, n)
    predecessors = g.predecessors()
    expected = {node: len(reachable(predecessors, node) - {node}) for node in g.nodes}
    assert dependents_counts(g) == expected
    assert dependents_counts(g, g.successors()) == expected
    assert components(g) == plain_tarjan(g)  # the same components, in the same order


def plain_tarjan(g: ImportGraph) -> list[tuple[str, ...]]:
    """Tarjan's algorithm as usually written (recursive, an on-stack set)."""
    successors = g.successors()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for child in successors[node]:
            if child not in index:
                visit(child)
                low[node] = min(low[node], low[child])
            elif child in on_stack:
                low[node] = min(low[node], index[child])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            found.append(tuple(sorted(component)))

    for node in g.nodes:
        if node not in index:
            visit(node)
    return found


TREE = {
    "pkg/__init__.py": "from pkg.sub import c\n",
    "pkg/a.py": "from pkg import b\nimport pkg.sub.deep.d\n",
    "pkg/b.py": "import pkg.sub.c\n",
    "pkg/sub/__init__.py": "from pkg import a\n",
    "pkg/sub/c.py": "import pkg.sub.deep.d\n",
    "pkg/sub/deep/__init__.py": "",
    "pkg/sub/deep/d.py": "from pkg import b\nimport pkg.other\n",
    "pkg/other.py": "import pkg.sub.deep\n",
}


def test_the_explicit_part_is_the_graph_built_without_implied_edges(
        analyse: Callable[..., Snapshot]) -> None:
    snap = analyse(TREE)
    for package in (None, "pkg", "pkg.sub"):
        with_implied = build_graph(snap, package, implied=True)
        assert with_implied.implied  # so the filter filters something
        plain = build_graph(snap, package)
        explicit = with_implied.explicit()
        assert explicit == plain and explicit.pairs() == tuple(sorted(plain.edges))
        assert plain.explicit() is plain
        facts, expected = GraphFacts.of_graph(with_implied), GraphFacts.of_graph(plain)
        assert (facts.successors, facts.predecessors, facts.dependents) == (
            expected.successors, expected.predecessors, expected.dependents)
