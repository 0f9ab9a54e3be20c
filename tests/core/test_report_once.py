"""``archdocs report`` computes what it prints from one graph of every kind: the whole-graph work
was six graph builds (one per kind set for cycles, then again for implied imports, the summary and
fan-in/out), which made a warm report of homeassistant several times grimp's whole build. The
narrower kind sets' graphs are built from the imports of the modules on cycles alone."""

from __future__ import annotations

import pytest

from archdocs.analysis import graph, report
from archdocs.analysis.metrics import Convention
from archdocs.model import KIND_SETS, ImportKind

TREE = {
    "pkg/__init__.py": "",
    "pkg/a.py": "from pkg import b\nimport pkg.sub.c\n",
    "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n",
    "pkg/sub/__init__.py": "from pkg import a\n",
    "pkg/sub/c.py": "X = 1\n",
}


@pytest.mark.parametrize("package", [None, "pkg.sub"])
def test_the_report_builds_one_whole_graph(analyse, monkeypatch: pytest.MonkeyPatch,
                                           package: str | None) -> None:
    snap = analyse(TREE)
    expected = report.build_report(snap, package, Convention())
    built: list[tuple[str | None, frozenset[object], bool, frozenset[str] | None]] = []
    original = graph.build_graph

    def counting(snapshot, package=None, kinds=KIND_SETS["all"], depth=None, external=False,
                 implied=False):
        built.append((package, kinds, implied, None))
        return original(snapshot, package, kinds, depth, external, implied)

    many = graph.build_graphs

    def counting_many(snapshot, package, kind_sets, implied=False, among=None):
        built.extend((package, kinds, implied, frozenset(among)) for kinds in kind_sets)
        return many(snapshot, package, kind_sets, implied, among)

    monkeypatch.setattr(report, "build_graph", counting)
    monkeypatch.setattr(report, "build_graphs", counting_many)
    assert report.build_report(snap, package, Convention()) == expected
    # the package's graph of every kind, and the narrower kind sets' among the modules of its
    # cycles; a package's report adds the whole graph (fan-in counts importers from outside it)
    whole: list[tuple[str | None, frozenset[ImportKind], bool, frozenset[str] | None]] = (
        [] if package is None else [(None, KIND_SETS["all"], True, None)])
    cyclic = frozenset(name for cycle in expected["cycles"]["all"] for name in cycle["members"])
    assert sorted(built, key=repr) == sorted(
        [(package, KIND_SETS["all"], True, None)] + whole
        + [(package, kinds, True, cyclic) for name, kinds in KIND_SETS.items() if name != "all"],
        key=repr)
    assert expected["summary"]["cycles"]["all"] == (1 if package is None else 0)
    # the narrower kind sets search only the modules of "all"'s cycles: the same cycles as a
    # search of their whole graphs
    monkeypatch.undo()
    for name in KIND_SETS:
        assert expected["cycles"][name] == report.cycles_data(snap, package, name), name
    assert [len(expected["cycles"][n]) for n in KIND_SETS] == (
        [1, 1, 1] if package is None else [0, 0, 0])


def test_a_narrower_cycle_through_an_implied_edge_is_found(analyse) -> None:
    """``import pkg.sub.leaf`` runs ``pkg.sub`` first: a cycle through that implied edge, whose
    statement's own target (``leaf``) is on no cycle, is one of every kind set's."""
    snap = analyse({
        "pkg/__init__.py": "",
        "pkg/a.py": "import pkg.sub.leaf\n",
        "pkg/sub/__init__.py": "from pkg import a\n",
        "pkg/sub/leaf.py": "",
    })
    expected = report.build_report(snap, None, Convention())
    for name in KIND_SETS:
        assert [c["members"] for c in expected["cycles"][name]] == [["pkg.a", "pkg.sub"]], name
        assert expected["cycles"][name] == report.cycles_data(snap, None, name), name


def test_cycles_whose_imports_are_all_of_a_narrower_set_are_not_searched_again(
        analyse, monkeypatch: pytest.MonkeyPatch) -> None:
    """``x``'s cycle is all runtime imports: every kind set has it, unsearched. ``y``'s closes
    only under TYPE_CHECKING, ``z``'s has a TYPE_CHECKING statement beside a runtime one on one
    edge: both are searched again, and each set's cycles are those of a search of its whole
    graph, in the same order."""
    snap = analyse({
        "pkg/__init__.py": "",
        "pkg/x1.py": "import pkg.x2\n", "pkg/x2.py": "import pkg.x3\n",
        "pkg/x3.py": "import pkg.x1\n",
        "pkg/y1.py": "import pkg.y2\n",
        "pkg/y2.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.y1\n",
        "pkg/z1.py": "import pkg.z2\n", "pkg/z2.py": "import pkg.z3\n",
        "pkg/z3.py": "from typing import TYPE_CHECKING\nimport pkg.z1\nif TYPE_CHECKING:\n"
                     "    from pkg import z1\n",
    })
    searched: list[frozenset[str]] = []
    many = graph.build_graphs

    def recording(snapshot, package, kind_sets, implied=False, among=None):
        searched.append(frozenset(among or ()))
        return many(snapshot, package, kind_sets, implied, among)

    monkeypatch.setattr(report, "build_graphs", recording)
    built = report.build_report(snap, None, Convention())
    assert searched == [frozenset({"pkg.y1", "pkg.y2", "pkg.z1", "pkg.z2", "pkg.z3"})]
    monkeypatch.undo()
    for name in KIND_SETS:
        assert built["cycles"][name] == report.cycles_data(snap, None, name), name
    members = {name: [c["members"] for c in built["cycles"][name]] for name in KIND_SETS}
    assert members["all"] == [["pkg.x1", "pkg.x2", "pkg.x3"], ["pkg.z1", "pkg.z2", "pkg.z3"],
                              ["pkg.y1", "pkg.y2"]]
    assert members["import-time"] == members["all"][:2]
