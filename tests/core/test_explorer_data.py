"""The explorer's data (archdocs.render.explorer) on generated trees: every node's parent comes
before it, ``end`` bounds exactly the nodes below it (names with ``_`` and digits sort after
``.``), imports are counted per kind, and the JSON is safe inside ``<script>``."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from archdocs.analysis.metrics import Convention
from archdocs.model import Import, ImportKind, Module, ModuleFacts, Snapshot
from archdocs.render.explorer import explorer_data, to_json

PARTS = st.sampled_from(["a", "a_", "a0", "b", "ab", "_a", "Z"])
NAMES = st.lists(PARTS, min_size=1, max_size=4).map(lambda p: "pkg." + ".".join(p))


def module(name: str, package: bool, imports: tuple[Import, ...] = (), doc: str = "") -> Module:
    facts = ModuleFacts(1, 1, doc, (), (), None, (), ())
    path = name.replace(".", "/") + ("/__init__.py" if package else ".py")
    return Module(name, path, package, "0" * 40, facts, imports)


def snapshot_of(names: set[str], edges: list[tuple[str, str, ImportKind]]) -> Snapshot:
    parts = [n.split(".") for n in names]
    packages = {".".join(p[:size]) for p in parts for size in range(1, len(p))}
    modules = []
    for name in sorted(names | {"pkg"}):
        imports = tuple(Import(name, target, line, kind, True)
                        for line, (source, target, kind) in enumerate(edges, 1) if source == name)
        modules.append(module(name, name in packages or name == "pkg", imports))
    return Snapshot("test", (".",), tuple(modules), ())


@settings(max_examples=200, deadline=None)
@given(st.sets(NAMES, min_size=1, max_size=12), st.data())
def test_tree_order_parents_and_ends(names: set[str], data: st.DataObject) -> None:
    ordered = sorted(names | {"pkg"})
    edges = data.draw(st.lists(st.tuples(st.sampled_from(ordered), st.sampled_from(ordered),
                                         st.sampled_from(list(ImportKind))), max_size=10))
    document = explorer_data(snapshot_of(names, edges), "pkg", "all", Convention())
    nodes = document["nodes"]
    for i, node in enumerate(nodes):
        parent = node["parent"]
        assert (parent == -1) == (node["name"] == "pkg")
        if parent >= 0:
            assert parent < i and node["name"].startswith(nodes[parent]["name"] + ".")
        below = [j for j, other in enumerate(nodes)
                 if other["name"] == node["name"] or other["name"].startswith(node["name"] + ".")]
        assert below == list(range(i, node["end"]))
    # every namespace package on the way is a node without a module
    tree = {n["name"] for n in nodes}
    assert all(n.rpartition(".")[0] in tree for n in tree if n != "pkg")
    expected: dict[tuple[str, str, str], int] = {}
    for source, target, kind in edges:
        if source != target:
            key = (source, target, kind.value)
            expected[key] = expected.get(key, 0) + 1
    got = {(nodes[s]["name"], nodes[t]["name"], document["kinds"][k]): n
           for s, t, k, n in document["imports"]}
    assert got == expected
    # the inventory's convention: __init__.py files are not counted modules by default
    assert [n["name"] for n in nodes if n["counted"]] == sorted(
        n for n in names if not any(o.startswith(n + ".") for o in names | {"pkg"}))


def test_json_cannot_close_its_script_and_reads_back() -> None:
    hostile = '</script><!-- <script>alert(1)</script> & \u2028 "quoted"'
    snapshot = Snapshot("test", (".",), (module("pkg", True, doc=hostile),), ())
    document = explorer_data(snapshot, "pkg", "all", Convention(include_init=True))
    text = to_json(document)
    assert not set(text) & set("<>&\u2028")
    assert json.loads(text) == document
    assert json.loads(text)["nodes"][0]["doc"] == hostile
    assert document["nodes"][0]["counted"]  # include_init counts it


def test_cycles_follow_the_parent_packages_an_import_runs_first() -> None:
    """``pkg.helper`` imports ``pkg.sub.leaf``, which runs ``pkg/sub/__init__`` first, and that
    imports ``pkg.helper``: the explorer lists the cycle the report and the cycles section list."""
    runtime = ImportKind.RUNTIME
    snapshot = snapshot_of({"pkg.sub", "pkg.sub.leaf", "pkg.helper"},
                           [("pkg.sub", "pkg.helper", runtime),
                            ("pkg.helper", "pkg.sub.leaf", runtime)])
    document = explorer_data(snapshot, "pkg", "all", Convention())
    names = [n["name"] for n in document["nodes"]]
    for kind_set in document["sets"]:
        cycles = [sorted(names[i] for i in cycle) for cycle in kind_set["cycles"]]
        assert cycles == [["pkg.helper", "pkg.sub"]], kind_set["name"]
