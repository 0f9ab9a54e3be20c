"""What a diagram shows (archdocs.analysis.views) and how both renderers draw it: honest cycle
colours for the stated kinds, cycles made only by folding told apart, folded counts by the
inventory's convention, the node and edge budgets, implied edges, DOT parity, and labels that draw
exactly the module name and cannot inject Mermaid syntax."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers.ci import skip_or_fail
from tests.helpers.colour import contrast

from archdocs.analysis.cycles import cycle_membership, strongly_connected
from archdocs.analysis.graph import ImportGraph, build_folded_graph, build_graph, fold_name
from archdocs.analysis.metrics import Convention
from archdocs.analysis.views import (
    EDGE_BUDGET,
    NODE_BUDGET,
    EdgeRole,
    Role,
    classify,
    module_view,
    package_view,
)
from archdocs.model import KIND_SETS, Import, ImportKind, Snapshot
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection
from archdocs.render.diagram import NODE_STYLES
from archdocs.render.dot import render_dot
from archdocs.render.mermaid import label_text, render_mermaid

ALL, IMPORT_TIME = KIND_SETS["all"], KIND_SETS["import-time"]

#: ``a`` and ``b`` import each other only as packages: a.x → b.y and b.z → a.w, no module cycle;
#: ``c.p`` and ``c.q`` import each other under TYPE_CHECKING only.
FOLDED = {
    "pkg/__init__.py": "",
    "pkg/a/__init__.py": "",
    "pkg/a/x.py": "from pkg.b import y\n",
    "pkg/a/w.py": "",
    "pkg/b/__init__.py": "",
    "pkg/b/y.py": "",
    "pkg/b/z.py": "from pkg.a import w\n",
    "pkg/c/__init__.py": "",
    "pkg/c/p.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.c import q\n",
    "pkg/c/q.py": "from pkg.c import p\nfrom pkg.a import x\n",
}


@pytest.fixture
def folded(make_tree) -> Snapshot:
    return load_snapshot(make_tree(FOLDED), Selection())


def test_a_cycle_made_only_by_folding_is_not_drawn_as_a_module_cycle(folded: Snapshot) -> None:
    view = package_view(folded, "pkg", ALL, IMPORT_TIME, depth=1)
    assert view.roles["pkg.a"] is view.roles["pkg.b"] is Role.FOLD_CYCLE
    assert view.edge_roles[("pkg.a", "pkg.b")] is EdgeRole.FOLD_CYCLE
    text = render_mermaid(view)
    assert "archdocs_cycle" not in text and "#c0392b" not in text  # nothing red
    assert "    class n_pkg_a,n_pkg_b archdocs_foldcycle\n" in text
    assert "stroke:#b26b00" in text  # amber edges close the circle
    # the same package at module level: no cycle at all
    modules = package_view(folded, "pkg", ALL, IMPORT_TIME)
    assert not {Role.CYCLE, Role.FOLD_CYCLE} & set(modules.roles.values())


def test_cycles_are_coloured_for_the_stated_kinds_only(folded: Snapshot) -> None:
    """c.p ↔ c.q is a cycle only when TYPE_CHECKING imports count."""
    import_time = package_view(folded, "pkg.c", ALL, IMPORT_TIME)
    assert set(import_time.roles.values()) == {Role.MODULE}
    every = package_view(folded, "pkg.c", ALL, ALL)
    assert every.roles["pkg.c.p"] is every.roles["pkg.c.q"] is Role.CYCLE
    text = render_mermaid(every)
    assert "    class n_pkg_c_p,n_pkg_c_q archdocs_cycle\n" in text
    assert "    n_pkg_c_p -.-> n_pkg_c_q\n" in text  # TYPE_CHECKING-only: dashed, and red
    # folded, a box holding a cycle's modules is a cycle box, not an amber one
    outer = package_view(folded, "pkg", ALL, ALL, depth=1)
    assert outer.roles["pkg.c"] is Role.CYCLE
    assert not render_mermaid(every, highlight_cycles=False).count("archdocs_cycle")


def test_folded_counts_follow_the_inventory_convention(folded: Snapshot) -> None:
    view = package_view(folded, "pkg", ALL, IMPORT_TIME, depth=1)
    assert '    n_pkg_a[["a/ (2)"]]\n' in render_mermaid(view)  # x and w, not __init__
    with_init = package_view(folded, "pkg", ALL, IMPORT_TIME, depth=1,
                             convention=Convention(include_init=True))
    assert '    n_pkg_a[["a/ (3)"]]\n' in render_mermaid(with_init)


def test_edges_a_longer_path_implies_are_lighter(make_tree) -> None:
    snapshot = load_snapshot(make_tree({
        "t/__init__.py": "", "t/a.py": "from t import b, c\n", "t/b.py": "from t import c\n",
        "t/c.py": ""}), Selection())
    view = package_view(snapshot, "t", ALL, IMPORT_TIME)
    assert view.edge_roles == {("t.a", "t.b"): EdgeRole.PLAIN, ("t.a", "t.c"): EdgeRole.IMPLIED,
                               ("t.b", "t.c"): EdgeRole.PLAIN}
    text = render_mermaid(view)
    assert "    n_t_a --> n_t_c\n" in text and "    linkStyle 1 opacity:0.35\n" in text
    assert '"t.a" -> "t.c" [color="#4d4d4d59"];' in render_dot(view)


def generated_tree(root: Path, packages: int, modules: int, step: int) -> None:
    """``g.pI.mJ`` imports ``g.p(I+step).mJ`` and the next module of its own package."""
    for i in range(packages):
        folder = root / f"g/p{i}"
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("")
        for j in range(modules):
            (folder / f"m{j}.py").write_text(
                f"from g.p{(i + step) % packages} import m{j}\n"
                f"from g.p{i} import m{(j + 1) % modules}\n")
    (root / "g/__init__.py").write_text("")


@settings(max_examples=15, deadline=None)
@given(packages=st.integers(1, 70), modules=st.integers(1, 12), step=st.integers(1, 5))
def test_every_package_view_keeps_the_budget(tmp_path_factory: pytest.TempPathFactory,
                                             packages: int, modules: int, step: int) -> None:
    root = tmp_path_factory.mktemp("tree")
    generated_tree(root, packages, modules, step)
    snapshot = load_snapshot(root, Selection())
    view = package_view(snapshot, "g", ALL, IMPORT_TIME)
    assert 0 < len(view.graph.nodes) <= NODE_BUDGET
    assert len(view.graph.edges) <= EDGE_BUDGET
    assert set(view.roles) == set(view.graph.nodes)
    assert set(view.edge_roles) == set(view.graph.edges)
    depth, collapsed = view.graph.depth, set(view.left_out.collapsed)

    def fold(name: str) -> str:  # whole levels, and the collapsed sub-packages one level up
        parent = fold_name(name, 1, (depth or 99) - 1)
        return parent if parent in collapsed else fold_name(name, 1, depth)

    full = build_folded_graph(snapshot, "g", ALL, fold, depth)
    assert set(full.nodes) == {*view.graph.nodes, *view.left_out.nodes}
    kept = full.subgraph(view.graph.nodes)
    assert view.left_out.edges == len(kept.edges) - len(view.graph.edges)
    # a red box holds a module of a module cycle, always
    modules_graph = build_graph(snapshot, "g", IMPORT_TIME)
    cyclic = cycle_membership(strongly_connected(modules_graph))
    for node in view.graph.nodes:
        held = [m for m in cyclic if m == node or (node in view.graph.folded
                                                   and m.startswith(node + "."))]
        assert (view.roles[node] is Role.CYCLE) == bool(held)


def test_a_module_view_groups_many_importers_by_package(make_tree) -> None:
    files = {"h/__init__.py": "", "h/hub.py": "", "h/dep.py": ""}
    for i in range(3):
        files[f"h/s{i}/__init__.py"] = ""
        for j in range(20):
            files[f"h/s{i}/m{j}.py"] = "from h import hub\n"
    files["h/hub.py"] = "from h import dep\n"
    snapshot = load_snapshot(make_tree(files), Selection())
    graph = build_graph(snapshot, None, ALL)
    view = module_view(snapshot, "h.hub", ALL, IMPORT_TIME, graph.successors(),
                       graph.predecessors(), {})
    assert view.graph.nodes == ("h.dep", "h.hub", "h.s0", "h.s1", "h.s2")
    assert view.roles["h.hub"] is Role.FOCUS and view.roles["h.s0"] is Role.PACKAGE
    assert '    n_h_s0[["h.s0/ (20)"]]\n' in render_mermaid(view)
    assert view.graph.weight("h.s0", "h.hub") == 20


def test_dot_carries_classes_colours_and_dashes(folded: Snapshot) -> None:
    view = package_view(folded, "pkg", ALL, ALL, depth=1)
    dot = render_dot(view)
    assert ('"pkg.c" [label="c/ (2)", class="archdocs_cycle", style="rounded,filled", '
            'fillcolor="#fde2e2", color="#c0392b", fontcolor="#5c0f0a", penwidth=2];') in dot
    assert ('"pkg.a" [label="a/ (2)", class="archdocs_foldcycle", style="rounded,filled,dashed"'
            in dot)
    assert '"pkg.a" -> "pkg.b" [color="#b26b00", penwidth=2];' in dot
    inner = render_dot(package_view(folded, "pkg.c", ALL, ALL))
    assert '"pkg.c.p" -> "pkg.c.q" [style=dashed, color="#c0392b", penwidth=2];' in inner
    if shutil.which("dot") is None:
        skip_or_fail("Graphviz 'dot' is not installed")
    svg = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True,
                         check=True).stdout
    assert 'class="node archdocs_cycle"' in svg and 'class="node archdocs_foldcycle"' in svg


@pytest.mark.parametrize("role", list(Role))
def test_every_label_colour_meets_wcag_aa_on_its_fill(role: Role) -> None:
    style = NODE_STYLES[role]
    assert contrast(style.fill, style.color) >= 4.5


# --- labels ---------------------------------------------------------------------------------------


def _decode(label: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)


@pytest.mark.parametrize(("name", "label"), [
    ("pip._internal", "pip._internal"),
    ("pkg.alarm_control_panel", "pkg.alarm_control_panel"),
    ("__main__", "#95;#95;main#95;#95;"),
    ("_impl_", "#95;impl#95;"),
    ('a"]; click x call alert(1) %%', "a#34;#93;#59; click x call alert(1) #37;#37;"),
    ("<b>x</b> & `y` *z* #95;", "#60;b#62;x#60;/b#62; #38; #96;y#96; #42;z#42; #35;95#59;"),
])
def test_labels_escape_only_what_mermaid_reads(name: str, label: str) -> None:
    assert label_text(name) == label
    assert _decode(label) == name


@given(st.text(min_size=1, max_size=40))
def test_any_label_is_one_safe_token_that_decodes_to_the_name(name: str) -> None:
    label = label_text(name)
    assert not re.search(r'["\[\]{}|<>&`*\n\r]', label)
    assert _decode(label) == name


def test_hostile_module_names_cannot_add_mermaid_statements() -> None:
    names = ('x"] --> y\nclick x call alert(1)', "a.b", "a_b", 'q"]]; classDef evil fill:red',
             "%%{init: {}}%%", "<img src=x onerror=alert(1)>")
    imports = {(names[0], names[1]): (Import(names[0], names[1], 1, ImportKind.RUNTIME, True),)}
    graph = ImportGraph(tuple(sorted(names)), MappingProxyType(imports))
    view = classify(graph, {}, IMPORT_TIME, {}, Convention())
    text = render_mermaid(view, links={n: f"archdocs-module:{n}" for n in names})
    lines = text.splitlines()
    nodes = [line for line in lines if re.fullmatch(r'    n_\w+\["[^"\n]*"\]', line)]
    assert len(nodes) == len(names)  # one declaration each, nothing else on the line
    assert len({line.split("[")[0] for line in nodes}) == len(names)  # a.b and a_b stay apart
    assert [line for line in lines if line.startswith("    click ")] == [
        '    click n_a_b href "archdocs-module:a.b" "a.b"',
        '    click n_a_b_2 href "archdocs-module:a_b" "a_b"',
    ]  # hrefs with quotes, spaces or newlines are not written
    assert sum(line.lstrip().startswith("classDef") for line in lines) == 1


def test_a_module_view_over_the_edge_budget_keeps_the_focus_edges(make_tree) -> None:
    """Twenty modules import each other and the focus: the edges among them go first."""
    files = {"k/__init__.py": "", "k/focus.py": ""}
    for i in range(20):
        files[f"k/m{i:02}.py"] = "from k import focus\n" + "".join(
            f"from k import m{j:02}\n" for j in range(20) if j != i)
    snapshot = load_snapshot(make_tree(files), Selection())
    graph = build_graph(snapshot, None, ALL)
    view = module_view(snapshot, "k.focus", ALL, IMPORT_TIME, graph.successors(),
                       graph.predecessors(), {})
    assert len(view.graph.edges) == EDGE_BUDGET
    assert all(view.graph.weight(f"k.m{i:02}", "k.focus") for i in range(20))
    assert view.left_out.edges == 20 * 19 + 20 - EDGE_BUDGET


def test_over_the_budget_by_a_little_only_the_smallest_sub_package_that_does_folds(
        make_tree) -> None:
    """43 boxes at depth 2: one sub-package becomes one box (the smallest that saves enough),
    the others keep their modules, rather than folding the whole level."""
    files = {"g/__init__.py": "", "g/p2/__init__.py": "", "g/p2/only.py": ""}
    for package, count in (("p0", 30), ("p1", 8)):
        files[f"g/{package}/__init__.py"] = ""
        files.update({f"g/{package}/m{i}.py": "" for i in range(count)})
    snapshot = load_snapshot(make_tree(files), Selection())
    view = package_view(snapshot, "g", ALL, IMPORT_TIME, depth=2)
    assert view.left_out.collapsed == ("g.p1",)
    assert len(view.graph.nodes) == 43 - 8 and "g.p0.m29" in view.graph.nodes
    assert '    n_g_p1[["p1/ (8)"]]\n' in render_mermaid(view)
