"""The DSM order (archdocs.analysis.matrix): cycles contiguous, every other import below the
diagonal, the fewest marks a cycle needs, and the same order whatever order the graph lists its
edges in."""

from __future__ import annotations

import random
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from archdocs.analysis.cycles import components
from archdocs.analysis.graph import ImportGraph
from archdocs.analysis.matrix import dsm_order
from archdocs.model import Import, ImportKind

NAMES = tuple(f"p.m{i}" for i in range(9))


def graph_of(edges: dict[tuple[str, str], int], nodes: tuple[str, ...] = NAMES) -> ImportGraph:
    def imports(source: str, target: str, count: int) -> tuple[Import, ...]:
        return tuple(Import(source, target, line, ImportKind.RUNTIME, True)
                     for line in range(1, count + 1))

    return ImportGraph(nodes, MappingProxyType({e: imports(*e, n) for e, n in edges.items()}))


edge_sets = st.dictionaries(
    st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)).filter(lambda e: e[0] != e[1]),
    st.integers(1, 3), max_size=25)


@settings(max_examples=300, deadline=None)
@given(edge_sets)
def test_cycles_are_contiguous_and_only_they_go_above_the_diagonal(
        edges: dict[tuple[str, str], int]) -> None:
    graph = graph_of(edges)
    ordered = dsm_order(graph)
    names = [n for members in ordered for n in members]
    assert sorted(names) == sorted(NAMES)
    position = {n: i for i, n in enumerate(names)}
    assert {frozenset(c) for c in ordered} == {frozenset(c) for c in components(graph)}
    block = {n: i for i, members in enumerate(ordered) for n in members}
    for source, target in edges:
        if block[source] != block[target]:
            assert position[target] < position[source], (source, target, names)


@settings(max_examples=100, deadline=None)
@given(edge_sets, st.randoms(use_true_random=False))
def test_order_does_not_depend_on_edge_order(edges: dict[tuple[str, str], int],
                                             rnd: random.Random) -> None:
    shuffled = list(edges.items())
    rnd.shuffle(shuffled)
    assert dsm_order(graph_of(edges)) == dsm_order(graph_of(dict(shuffled)))


def test_levels_then_names() -> None:
    # m0 <- m1 <- m2 and m3 -> m0: m3 is level 1 with m1, before m2 (level 2)
    edges = {("p.m1", "p.m0"): 1, ("p.m2", "p.m1"): 1, ("p.m3", "p.m0"): 1}
    graph = graph_of(edges, ("p.m0", "p.m1", "p.m2", "p.m3"))
    assert dsm_order(graph) == [("p.m0",), ("p.m1",), ("p.m3",), ("p.m2",)]


def test_a_cycle_is_ordered_to_keep_one_mark() -> None:
    # a ring a -> b -> c -> a: one import must go above the diagonal, and only one does
    ring = {("p.a", "p.b"): 1, ("p.b", "p.c"): 1, ("p.c", "p.a"): 1}
    graph = graph_of(ring, ("p.a", "p.b", "p.c"))
    (members,) = dsm_order(graph)
    position = {n: i for i, n in enumerate(members)}
    assert sum(position[t] > position[s] for s, t in ring) == 1


def test_the_heavier_direction_of_a_pair_stays_below() -> None:
    # b imports a three times, a imports b once: the single import is the one marked
    graph = graph_of({("p.a", "p.b"): 1, ("p.b", "p.a"): 3}, ("p.a", "p.b"))
    assert dsm_order(graph) == [("p.a", "p.b")]
