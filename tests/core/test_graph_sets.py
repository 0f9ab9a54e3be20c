"""The shortcuts a warm report takes give what the plain computations give: graphs of several
kind sets built in one pass equal those built one by one, and a package's modules found by
bisection equal those a scan of every module finds, whatever order the snapshot holds them in."""

from __future__ import annotations

from collections.abc import Callable

from archdocs.analysis.graph import build_graph, build_graphs
from archdocs.model import KIND_SETS, ImportKind, Snapshot

TREE = {
    "pkg/__init__.py": "import os\nfrom pkg.sub import c\n",
    "pkg/a.py": (
        "import json\nfrom pkg import b\nimport pkg.sub.deep.d\n"
        "try:\n    import pkg.sub.c\nexcept ImportError:\n    pass\n"
        "def f():\n    import pkg.other\n"
    ),
    "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n",
    "pkg/sub/__init__.py": "from pkg import a\n",
    "pkg/sub/c.py": "import pkg.sub.deep.d\nimport requests\n",
    "pkg/sub/deep/__init__.py": "",
    "pkg/sub/deep/d.py": "from pkg.sub import c\nfrom pkg import b\n",
    "pkg/other.py": "import pkg.sub.deep.d\n",
    "pkg_extra/__init__.py": "import pkg\n",
    "pkgs.py": "",
}

SETS = [KIND_SETS["all"], KIND_SETS["import-time"], KIND_SETS["no-type-checking"],
        frozenset({ImportKind.TYPE_CHECKING}), frozenset({ImportKind.LAZY, ImportKind.GUARDED})]


def test_graphs_of_several_kind_sets_equal_graphs_built_one_by_one(
        analyse: Callable[..., Snapshot]) -> None:
    snap = analyse(TREE)
    for package in (None, "pkg", "pkg.sub"):
        for implied in (False, True):
            together = build_graphs(snap, package, SETS, implied)
            alone = [build_graph(snap, package, kinds, implied=implied) for kinds in SETS]
            assert together == alone, (package, implied)
            assert [g.pairs() for g in together] == [
                tuple(sorted([*g.edges, *g.implied])) for g in alone]
    # the sets differ here, so the comparison above compares something
    assert len({tuple(g.pairs()) for g in build_graphs(snap, None, SETS, True)}) == len(SETS)


def test_a_packages_modules_are_those_a_scan_finds_in_any_order(
        analyse: Callable[..., Snapshot]) -> None:
    snap = analyse(TREE)
    shuffled = Snapshot(snap.label, snap.roots, snap.modules[::-1], snap.problems)
    for snapshot in (snap, shuffled):
        for package in ("pkg", "pkg.sub", "pkg.sub.deep.d", "pkg_extra", "pk", "nowhere", ""):
            scan = tuple(m for m in snapshot.modules
                         if not package or m.name == package
                         or m.name.startswith(package + "."))
            assert snapshot.in_package(package) == scan, package
    assert [m.name for m in snap.in_package("pkg.sub")] == [
        "pkg.sub", "pkg.sub.c", "pkg.sub.deep", "pkg.sub.deep.d"]


def test_package_names_are_those_a_scan_finds(analyse: Callable[..., Snapshot]) -> None:
    snap = analyse({**TREE, "ns/inner/m.py": "", "ns_x.py": ""})  # ns: a namespace package
    names = [m.name for m in snap.modules]
    for name in ("pkg", "pkg.sub", "pkg.a", "pkg_extra", "pk", "ns", "ns.inner", "ns_x", "zz", ""):
        scan = (snap.get(name).is_package if snap.get(name) is not None
                else any(n.startswith(name + ".") for n in names))
        assert snap.is_package_name(name) == scan, name
    assert snap.is_package_name("ns") and snap.is_package_name("ns.inner")
    assert not snap.is_package_name("pk") and not snap.is_package_name("ns_x")
