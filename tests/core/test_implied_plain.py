"""The implied parent-package edges a graph builds (with the shortcuts that make a large graph
cheap: the first step of the parents' walk inline, no fold call where nothing folds) equal
those of the rule as stated, on random trees: an import of ``a.b.c.m`` from module ``x`` runs
every package ``a``, ``a.b``, ``a.b.c`` of the tree that is neither ``x`` nor above it, each drawn
as its folded name unless that is ``x``'s own, where no explicit edge goes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers.files import write_tree

from archdocs.analysis.graph import build_graph, fold_name
from archdocs.model import Import, Snapshot
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection

FILES = ["a/__init__.py", "a/m.py", "a/b/__init__.py", "a/b/m.py", "a/b/c/__init__.py",
         "a/b/c/m.py", "a/d/__init__.py", "a/d/m.py", "a/bx/__init__.py", "a/bx/m.py", "t.py"]
TARGETS = ["a", "a.m", "a.b", "a.b.m", "a.b.c", "a.b.c.m", "a.d", "a.d.m", "a.bx.m", "t",
           "a.b.gone", "os.path"]  # a.bx: a name that a.b's starts, not a package under it


def plain_implied(snap: Snapshot, package: str | None, depth: int | None,
                  explicit: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[Import, ...]]:
    base = len(package.split(".")) if package else 0

    def fold(name: str) -> str:
        return fold_name(name, base, depth)

    modules = snap.in_package(package)
    names = {m.name for m in modules}
    out: dict[tuple[str, str], list[Import]] = {}
    for m in modules:
        for imp in m.imports:
            if not imp.internal or imp.target not in names:
                continue
            parts = imp.target.split(".")
            for k in range(len(parts) - 1, 0, -1):
                parent = ".".join(parts[:k])
                if parent not in names or m.name == parent or m.name.startswith(parent + "."):
                    continue
                if fold(parent) != fold(m.name):
                    implying = out.setdefault((fold(m.name), fold(parent)), [])
                    if imp not in implying:
                        implying.append(imp)
    return {e: tuple(v) for e, v in sorted(out.items()) if e not in explicit}


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({f: st.lists(st.sampled_from(TARGETS), max_size=5) for f in FILES}))
def test_implied_edges_follow_the_rule_as_stated(imports: dict[str, list[str]]) -> None:
    files = {f: "".join(f"import {t}\n" for t in targets) for f, targets in imports.items()}
    with tempfile.TemporaryDirectory() as folder:
        snap = load_snapshot(write_tree(Path(folder), files), Selection(), jobs=1)
    for package in (None, "a", "a.b"):
        for depth in (None, 0, 1, 2):
            graph = build_graph(snap, package, depth=depth, implied=True)
            expected = plain_implied(snap, package, depth, set(graph.edges))
            assert dict(graph.implied) == expected, (package, depth)
