"""Cycles as Python meets them (#13 items 4–7): parent packages that an import runs first, imports
of modules that do not exist, cycle breakers per strongly connected component, and a shortest
witness in a component of any size."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers.ci import import_or_skip

from archdocs.analysis.cycles import find_cycles, strongly_connected
from archdocs.analysis.graph import ImportGraph, build_graph
from archdocs.analysis.report import build_report
from archdocs.cli import main
from archdocs.model import KIND_SETS, Import, ImportKind, Snapshot
from archdocs.render.text import render_report

#: importing pkg.helper first: it imports pkg.sub.leaf, which runs pkg/sub/__init__ first, which
#: imports pkg.helper while it is half-initialised: ImportError. No explicit edge closes the cycle.
PARENT_CYCLE = {
    "pkg/__init__.py": "",
    "pkg/sub/__init__.py": "from pkg.helper import H\n",
    "pkg/helper.py": "from pkg.sub.leaf import L\n\nH = 1\n",
    "pkg/sub/leaf.py": "class L:\n    pass\n",
}


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args, "--no-cache"])
    return code, capsys.readouterr().out


def test_an_import_runs_its_parent_packages_first_so_that_cycle_is_import_time(
        analyse: Callable[..., Snapshot], make_tree: Callable[..., Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    snap = analyse(PARENT_CYCLE)
    graph = build_graph(snap, "pkg", KIND_SETS["import-time"], implied=True)
    # the explicit edges stay grimp's; the parent package is its own, labelled relation
    assert sorted(graph.edges) == [("pkg.helper", "pkg.sub.leaf"), ("pkg.sub", "pkg.helper")]
    assert sorted(graph.implied) == [("pkg.helper", "pkg.sub")]
    implied = graph.implied[("pkg.helper", "pkg.sub")]
    assert [i.text for i in implied] == ["from pkg.sub.leaf import L"]
    [cycle] = find_cycles(graph)
    assert cycle.witness == ("pkg.helper", "pkg.sub", "pkg.helper")
    assert cycle.implied == frozenset({("pkg.helper", "pkg.sub")})
    # a package's own submodules never run it again: it started before them
    assert find_cycles(build_graph(analyse({"q/__init__.py": "from q.a import x\n",
                                            "q/a.py": "from q.b import y\nx = 1\n",
                                            "q/b.py": "y = 1\n"}), "q", implied=True)) == []
    report = build_report(snap)
    [data] = report["cycles"]["import-time"]
    assert [(i["importer"], i["imported"], i["implied"]) for i in data["imports"]] == [
        ("pkg.helper", "pkg.sub", True), ("pkg.sub", "pkg.helper", False)]
    helper = next(m for m in report["modules"] if m["name"] == "pkg.helper")
    assert helper["imports"] == ["pkg.sub.leaf"] and helper["implied_imports"] == ["pkg.sub"]
    assert "pkg/helper.py:1: from pkg.sub.leaf import L  (runtime, runs pkg.sub first)" in \
        render_report(report)
    code, out = check(capsys, str(make_tree(PARENT_CYCLE)))
    assert code == 1
    assert "import cycle (import-time): pkg.helper → pkg.sub → pkg.helper" in out


def test_an_import_of_a_missing_module_keeps_its_edge_and_is_a_located_problem(
        analyse: Callable[..., Snapshot], make_tree: Callable[..., Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    files = {
        "pkg/__init__.py": "name = 1\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/a.py": "from .base import Thing\nfrom pkg import name\nfrom pkg.sub import a\n",
        "pkg/b.py": "import os\nfrom pkg.gone import Other\nimport pkg.sub.nothere\n",
        "pkg/c.py": "try:\n    from pkg._speedups import fast\n"
                    "except ImportError:\n    fast = None\n",
    }
    snap = analyse(files)
    missing = [(p.path, p.line, p.message) for p in snap.problems if p.code == "missing-module"]
    assert missing == [
        ("pkg/b.py", 2, "imports missing module pkg.gone"),
        ("pkg/b.py", 3, "imports missing module pkg.sub.nothere"),
        ("pkg/sub/a.py", 1, "imports missing module pkg.sub.base"),
    ]
    # grimp's nearest-module edge is kept
    edges = build_graph(snap, "pkg").edges
    assert {("pkg.sub.a", "pkg.sub"), ("pkg.b", "pkg"), ("pkg.b", "pkg.sub")} <= set(edges)
    report = build_report(snap)
    assert {"path": "pkg/sub/a.py", "line": 1, "code": "missing-module",
            "message": "imports missing module pkg.sub.base"} in report["problems"]
    assert "- pkg/sub/a.py:1: imports missing module pkg.sub.base" in render_report(report)
    code, out = check(capsys, str(make_tree({k: v for k, v in files.items() if k != "pkg/c.py"})))
    assert code == 1
    assert "pkg/sub/a.py:1: imports missing module pkg.sub.base" in out
    assert "pkg.gone" in out and "_speedups" not in out


Edges = dict[tuple[str, str], tuple[Import, ...]]


def acyclic_without(graph: ImportGraph, breakers: Iterable[Import]) -> bool:
    """Whether removing these statements leaves no cycle (their explicit and implied edges)."""
    cut = {(i.importer, i.line) for i in breakers}

    def keep(edges: Edges) -> Edges:
        return {e: kept for e, imps in edges.items()
                if (kept := tuple(i for i in imps if (i.importer, i.line) not in cut))}

    rest = ImportGraph(graph.nodes, keep(dict(graph.edges)), graph.package,
                       implied=keep(dict(graph.implied)))
    return strongly_connected(rest) == []


def test_each_component_has_breakers_that_leave_no_cycle(
        analyse: Callable[..., Snapshot], make_tree: Callable[..., Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    files = {"pkg/__init__.py": "", "pkg/a.py": "from . import b\n",
             "pkg/b.py": "from . import a\nfrom . import c\n", "pkg/c.py": "from . import d\n",
             "pkg/d.py": "from . import b\n"}
    snap = analyse(files)
    graph = build_graph(snap, "pkg", implied=True)
    [cycle] = find_cycles(graph)
    assert cycle.members == ("pkg.a", "pkg.b", "pkg.c", "pkg.d") and len(cycle.witness) == 3
    assert len(cycle.breakers) == 2 and cycle.exact
    assert acyclic_without(graph, (i for _, _, i in cycle.breakers))
    # one statement is never enough here: every single cut leaves a cycle
    statements = [i for imps in graph.edges.values() for i in imps]
    assert not any(acyclic_without(graph, (i,)) for i in statements)
    [data] = build_report(snap)["cycles"]["all"]
    assert data["breakers_exact"] is True
    assert [(b["path"], b["line"]) for b in data["breakers"]] == [
        (f"pkg/{i.importer[4:]}.py", i.line) for _, _, i in cycle.breakers]
    assert "cut 2 imports to break it" in render_report(build_report(snap))
    code, out = check(capsys, str(make_tree(files)))
    assert code == 1 and "to break it, cut: pkg/" in out


def test_breakers_of_a_large_component_are_greedy_said_so_and_still_break_every_cycle(
        analyse: Callable[..., Snapshot]) -> None:
    # 20 modules, each importing the next three (a ring with chords): above the exact size
    n = 20
    files = {"pkg/__init__.py": ""}
    for i in range(n):
        files[f"pkg/m{i:02}.py"] = "".join(f"from . import m{(i + k) % n:02}\n" for k in (1, 2, 3))
    graph = build_graph(analyse(files), "pkg", implied=True)
    [cycle] = find_cycles(graph)
    assert cycle.size == n and not cycle.exact
    assert acyclic_without(graph, (i for _, _, i in cycle.breakers))
    assert len(cycle.breakers) <= 6  # a ring with chords of 3 needs 3; greedy may take a few more


def test_exact_breakers_are_minimal_on_every_small_graph() -> None:
    # every digraph on 4 nodes with up to 6 edges (of 12): the exact set is the smallest that works
    nodes = ("a", "b", "c", "d")
    pairs = [(x, y) for x in nodes for y in nodes if x != y]
    for chosen in itertools.combinations(pairs, 5):
        edges = {e: (Import(e[0], e[1], n + 1, ImportKind.RUNTIME, True),)
                 for n, e in enumerate(chosen)}
        graph = ImportGraph(nodes, edges)
        # components share no cycle: their smallest sets together are the graph's smallest
        breakers = tuple(i for cycle in find_cycles(graph) for _, _, i in cycle.breakers)
        assert acyclic_without(graph, breakers)
        if breakers:  # no set one statement smaller works (nor, then, any smaller one)
            smaller = itertools.combinations([e[0] for e in edges.values()], len(breakers) - 1)
            assert not any(acyclic_without(graph, c) for c in smaller), chosen


def test_the_witness_is_a_shortest_cycle_in_a_component_of_any_size() -> None:
    # a 250-module ring joined to a z1 ↔ z2 pair: the witness is the pair however many come first
    ring = [f"m{i:03}" for i in range(250)]
    pairs = [*zip(ring, ring[1:] + ring[:1], strict=True), ("m249", "z1"), ("z1", "z2"),
             ("z2", "z1"), ("z2", "m000")]
    edges = {e: (Import(e[0], e[1], 1, ImportKind.RUNTIME, True),) for e in pairs}
    [cycle] = find_cycles(ImportGraph(tuple(sorted({*ring, "z1", "z2"})), edges))
    assert cycle.size == 252
    assert cycle.witness == ("z1", "z2", "z1")


def test_report_json_lists_breakers_and_the_schema_accepts_it(
        analyse: Callable[..., Snapshot]) -> None:
    jsonschema = import_or_skip("jsonschema")
    schema = json.loads((Path(__file__).parents[2] / "src/archdocs/schema/report.schema.json")
                        .read_text())
    report = build_report(analyse(PARENT_CYCLE))
    jsonschema.validate(report, schema)
    [data] = report["cycles"]["import-time"]
    assert [(b["importer"], b["line"], b["implied"]) for b in data["breakers"]] in (
        [("pkg.helper", 1, True)], [("pkg.sub", 1, False)])


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=24).flatmap(
    lambda n: st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
                      .filter(lambda e: e[0] != e[1]), max_size=4 * n)))
def test_breakers_of_any_graph_leave_no_cycle(pairs: set[tuple[int, int]]) -> None:
    # exact below 13 modules, greedy above: either way the cut leaves every component acyclic
    edges = {(f"m{a:02}", f"m{b:02}"): (Import(f"m{a:02}", f"m{b:02}", n + 1, ImportKind.RUNTIME,
                                               True),)
             for n, (a, b) in enumerate(sorted(pairs))}
    graph = ImportGraph(tuple(sorted({n for e in edges for n in e})), edges)
    cycles = find_cycles(graph)
    assert acyclic_without(graph, (i for c in cycles for _, _, i in c.breakers))
    for cycle in cycles:
        assert cycle.exact == (cycle.size <= 12 or len(cycle.breakers) == 1)
        assert len(cycle.witness) - 1 == _girth(cycle.members, edges)



def _girth(members: tuple[str, ...], edges: Mapping[tuple[str, str], object]) -> int:
    """The length of a shortest cycle inside ``members`` (the reference: distances from every
    member by breadth-first search, closed by an edge back to it)."""
    inside = set(members)
    best = len(members) + 1
    for start in members:
        distance, level = {start: 0}, [start]
        while level:
            following = []
            for a, b in edges:
                if a in level and b in inside and b not in distance:
                    distance[b] = distance[a] + 1
                    following.append(b)
            level = following
        best = min([best, *(distance[a] + 1 for a, b in edges if b == start and a in distance)])
    return best
