"""``archdocs report`` computes what it prints from one graph per kind set: the whole-graph work
was six graph builds (one per kind set for cycles, then again for implied imports, the summary and
fan-in/out), which made a warm report of homeassistant several times grimp's whole build."""

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
def test_the_report_builds_one_graph_per_kind_set(analyse, monkeypatch: pytest.MonkeyPatch,
                                                  package: str | None) -> None:
    snap = analyse(TREE)
    expected = report.build_report(snap, package, Convention())
    built: list[tuple[str | None, frozenset[object], bool]] = []
    original = graph.build_graph

    def counting(snapshot, package=None, kinds=KIND_SETS["all"], depth=None, external=False,
                 implied=False):
        built.append((package, kinds, implied))
        return original(snapshot, package, kinds, depth, external, implied)

    many = graph.build_graphs

    def counting_many(snapshot, package, kind_sets, implied=False):
        built.extend((package, kinds, implied) for kinds in kind_sets)
        return many(snapshot, package, kind_sets, implied)

    monkeypatch.setattr(report, "build_graph", counting)
    monkeypatch.setattr(report, "build_graphs", counting_many)
    assert report.build_report(snap, package, Convention()) == expected
    # one graph per kind set of the package; a package's report adds the whole graph (fan-in
    # counts importers from outside it)
    whole: list[tuple[str | None, frozenset[ImportKind], bool]] = (
        [] if package is None else [(None, KIND_SETS["all"], True)])
    assert sorted(built, key=repr) == sorted(
        [(package, kinds, True) for kinds in KIND_SETS.values()] + whole, key=repr)
    assert expected["summary"]["cycles"]["all"] == (1 if package is None else 0)
    # the narrower kind sets search only the modules of "all"'s cycles: the same cycles as a
    # search of their whole graphs
    monkeypatch.undo()
    for name in KIND_SETS:
        assert expected["cycles"][name] == report.cycles_data(snap, package, name), name
    assert [len(expected["cycles"][n]) for n in KIND_SETS] == (
        [1, 1, 1] if package is None else [0, 0, 0])
