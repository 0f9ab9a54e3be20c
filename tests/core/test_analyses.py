"""Cycles (SCCs with witnesses), folding with edge counts, metrics and both counting conventions."""

from __future__ import annotations

import pytest

from archdocs.analysis.cycles import find_cycles
from archdocs.analysis.graph import build_graph, fold_name, reachable
from archdocs.analysis.metrics import Convention, extraction_candidates, module_metrics, summarize
from archdocs.analysis.report import cycles_data
from archdocs.model import KIND_SETS, ImportKind, parse_kinds
from archdocs.reading._filetext import line_counts

THREE_CYCLE = {
    "pkg/__init__.py": "",
    "pkg/a.py": "import os\n\nfrom pkg import b\n",
    "pkg/b.py": '"""B."""\nfrom pkg.c import thing\n',
    "pkg/c.py": "thing = 1\nimport pkg.a\n",
    "pkg/d.py": "import pkg.a\n",
}


def test_a_three_cycle_is_one_scc_with_a_witness_of_length_three_and_its_import_lines(analyse):
    snap = analyse(THREE_CYCLE)
    [cycle] = find_cycles(build_graph(snap, "pkg"))
    assert cycle.members == ("pkg.a", "pkg.b", "pkg.c")
    assert cycle.witness == ("pkg.a", "pkg.b", "pkg.c", "pkg.a")
    assert [(a, b, [(i.importer, i.line, i.text) for i in imps]) for a, b, imps in cycle.steps] == [
        ("pkg.a", "pkg.b", [("pkg.a", 3, "from pkg import b")]),
        ("pkg.b", "pkg.c", [("pkg.b", 2, "from pkg.c import thing")]),
        ("pkg.c", "pkg.a", [("pkg.c", 2, "import pkg.a")]),
    ]
    [data] = cycles_data(snap, "pkg", "all")
    assert [(i["path"], i["line"]) for i in data["imports"]] == [
        ("pkg/a.py", 3), ("pkg/b.py", 2), ("pkg/c.py", 2)]


def test_pairs_miss_longer_cycles_but_the_scc_holds_every_member_and_the_shortest_witness(analyse):
    # a → b → c → d → a plus the chord b → a: the shortest witness is the pair, the SCC all four
    snap = analyse({"pkg/__init__.py": "", "pkg/a.py": "from . import b\n",
                    "pkg/b.py": "from . import c\nfrom . import a\n",
                    "pkg/c.py": "from . import d\n",
                    "pkg/d.py": "from . import a\n", "pkg/e.py": "from . import f\n",
                    "pkg/f.py": "from . import e\n"})
    cycles = find_cycles(build_graph(snap, "pkg"))
    assert [(c.members, c.witness) for c in cycles] == [
        (("pkg.a", "pkg.b", "pkg.c", "pkg.d"), ("pkg.a", "pkg.b", "pkg.a")),
        (("pkg.e", "pkg.f"), ("pkg.e", "pkg.f", "pkg.e")),
    ]


TYPE_CHECKING_CYCLE = {
    "pkg/__init__.py": "",
    "pkg/models.py": "from pkg.service import run\n",
    "pkg/service.py": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                       "    from pkg.models import Model\n"),
    "pkg/lazy.py": "import pkg.views\n",
    "pkg/views.py": "def f():\n    import pkg.lazy\n",
}


def test_a_type_checking_only_cycle_exists_under_all_but_not_at_import_time(analyse):
    snap = analyse(TYPE_CHECKING_CYCLE)

    def members(kind_set: str) -> list[tuple[str, ...]]:
        return [c.members for c in find_cycles(build_graph(snap, "pkg", KIND_SETS[kind_set]))]

    assert members("all") == [("pkg.lazy", "pkg.views"), ("pkg.models", "pkg.service")]
    assert members("no-type-checking") == [("pkg.lazy", "pkg.views")]
    assert members("import-time") == []
    assert members("all") == [c.members for c in
                              find_cycles(build_graph(snap, "pkg",
                                                      parse_kinds("runtime,lazy,type-checking")))]
    [tc_step] = [imps for a, b, imps in find_cycles(build_graph(snap, "pkg"))[1].steps
                 if a == "pkg.service"]
    assert [(i.line, i.kind) for i in tc_step] == [(3, ImportKind.TYPE_CHECKING)]


def test_parse_kinds_rejects_unknown_kinds_and_lists_the_allowed_ones():
    with pytest.raises(ValueError, match="allowed: all, no-type-checking, import-time, runtime"):
        parse_kinds("runtime,eager")


FOLDING = {
    "app/__init__.py": "",
    "app/core/__init__.py": "",
    "app/core/models.py": "",
    "app/core/db/__init__.py": "",
    "app/core/db/engine.py": "from app.core import models\n",
    "app/core/db/session.py": "from app.core.db import engine\n",
    "app/web/__init__.py": "from app.core import models\n",
    "app/web/views.py": "import app.core.models\nfrom app.core.db import session\n"
                        "from app.core.db import engine\n",
    "app/web/api/__init__.py": "",
    "app/web/api/v1.py": "from app.core.db import session\nfrom app.web import views\n"
                         "import json\n",
    "app/cli.py": "import app.web.views\nimport app.core.db.engine\n",
}


def test_folding_to_depth_one_counts_the_imports_behind_each_edge(analyse):
    snap = analyse(FOLDING)
    graph = build_graph(snap, "app", depth=1)
    assert graph.nodes == ("app", "app.cli", "app.core", "app.web")
    assert {e: len(i) for e, i in graph.edges.items()} == {
        ("app.web", "app.core"): 5, ("app.cli", "app.web"): 1, ("app.cli", "app.core"): 1}
    assert dict(graph.folded) == {"app.core": 5, "app.web": 4}
    assert graph.weight("app.web", "app.core") == 5


def test_folding_to_depth_two(analyse):
    snap = analyse(FOLDING)
    graph = build_graph(snap, "app", depth=2)
    assert {e: len(i) for e, i in graph.edges.items()} == {
        ("app.core.db", "app.core.models"): 1,  # engine → models; session → engine is inside db
        ("app.web", "app.core.models"): 1,
        ("app.web.views", "app.core.models"): 1,
        ("app.web.views", "app.core.db"): 2,
        ("app.web.api", "app.core.db"): 1,
        ("app.web.api", "app.web.views"): 1,
        ("app.cli", "app.web.views"): 1,
        ("app.cli", "app.core.db"): 1,
    }
    assert dict(graph.folded) == {"app.core.db": 3, "app.web.api": 2}
    assert fold_name("app.core.db.engine", 1, 2) == "app.core.db"
    assert fold_name("app.cli", 1, 2) == "app.cli"


def test_graph_of_a_subpackage_keeps_only_edges_inside_it_and_external_on_request(analyse):
    snap = analyse(FOLDING)
    graph = build_graph(snap, "app.web")
    assert set(graph.edges) == {("app.web.api.v1", "app.web.views")}
    with_external = build_graph(snap, "app.web", external=True)
    assert ("app.web.api.v1", "json") in with_external.edges and "json" in with_external.nodes


def test_reachable_and_transitive_dependents(analyse):
    snap = analyse(FOLDING)
    graph = build_graph(snap, "app")
    assert reachable(graph.predecessors(), "app.core.models") == {
        "app.core.db.engine", "app.core.db.session", "app.web", "app.web.views", "app.web.api.v1",
        "app.cli"}
    metrics = {m.name: m for m in module_metrics(snap, "app")}
    models = metrics["app.core.models"]
    assert models.fan_in == 3 and models.transitive_dependents == 6
    assert metrics["app.web.views"].imports == ("app.core.db.engine", "app.core.db.session",
                                                "app.core.models")
    assert metrics["app.web.api.v1"].external == ("json",)
    core = {m.name: m for m in module_metrics(snap, "app.core")}
    assert core["app.core.db.session"].package_imports == ("app.core.db.engine",)
    assert core["app.core.db.session"].imported_by == ("app.web.api.v1", "app.web.views")


# --- counting conventions on a fixture with known numbers -----------------------------------------

COUNTING = {
    # 3 physical, 1 code line (docstring); __init__ files: 2 of them
    "pkg/__init__.py": '"""Package."""\n\n# a comment\n',
    # 6 physical lines, 4 code lines; 1 class, 1 method, 1 function
    "pkg/a.py": "import os\n\n\nclass A:\n    def m(self): pass\ndef f(): pass\n",
    # 4 physical (no final newline counts), 2 code lines
    "pkg/b.py": "# header\nX = 1\n    # indented comment\nY = 2",
    "pkg/sub/__init__.py": "from pkg.a import A\n",  # 1 physical, 1 code
    "pkg/sub/c.py": "\n\n\n",  # 3 physical, 0 code
}


@pytest.mark.parametrize(("include_init", "lines", "modules", "total"), [
    (False, "physical", 3, 6 + 4 + 3),
    (True, "physical", 5, 6 + 4 + 3 + 3 + 1),
    (False, "code", 3, 4 + 2 + 0),
    (True, "code", 5, 4 + 2 + 0 + 1 + 1),
])
def test_both_counting_conventions(analyse, include_init, lines, modules, total):
    snap = analyse(COUNTING)
    convention = Convention(include_init, lines)
    summary = summarize(snap, "pkg", convention)
    assert (summary.modules, summary.lines, summary.packages) == (modules, total, 2)
    assert (summary.classes, summary.functions) == (1, 1)  # methods count with their class
    assert summary.internal_edges == 1
    assert convention.describe() == (
        f"modules {'including' if include_init else 'not counting'} __init__.py files; "
        f"{lines} lines")


def test_line_facts_per_module(analyse):
    snap = analyse(COUNTING)
    facts = {m.name: (m.facts.lines, m.facts.code_lines) for m in snap.modules}
    assert facts == {"pkg": (3, 1), "pkg.a": (6, 4), "pkg.b": (4, 2), "pkg.sub": (1, 1),
                     "pkg.sub.c": (3, 0)}
    assert [(d.qualname, d.kind, d.line) for d in snap.get("pkg.a").facts.definitions] == [
        ("A", "class", 4), ("A.m", "method", 5), ("f", "function", 6)]
    assert snap.get("pkg").facts.doc == "Package."


@pytest.mark.parametrize(("data", "counts"), [
    (b"", (0, 0)), (b"\n", (1, 0)), (b"x", (1, 1)), (b"x\n", (1, 1)), (b"# c\nx", (2, 1)),
    (b"  \r\n x\r\n", (2, 1)), (b"x\n#", (2, 1)), (b"x\n  ", (2, 1)), (b"\t# c\n\f y\n\n", (3, 1)),
    (b'"""\n# in a string\n"""\n', (3, 3)),  # a '#' line inside a string is code
])
def test_line_counts_physical_and_code(data, counts):
    """Code lines are those neither blank nor only a comment, the first and last line included."""
    assert line_counts(data) == counts


def test_an_unknown_line_convention_is_refused():
    with pytest.raises(ValueError, match="'physical' or 'code'"):
        Convention(lines="logical")


def test_extraction_candidates_rank_by_coupling_then_size(analyse):
    snap = analyse(FOLDING)
    candidates = extraction_candidates(module_metrics(snap, "app"), "app", limit=3)
    # v1 and cli both cost 2 (v1 has more lines); session and models cost 3 (session is longer)
    assert [(c.name, c.package_imports, c.package_dependents) for c in candidates] == [
        ("app.web.api.v1", 2, 0), ("app.cli", 2, 0), ("app.core.db.session", 1, 2)]


def test_transitive_dependents_through_cycles_equal_a_search_per_module(analyse):
    from archdocs.analysis.cycles import components, dependents_counts

    # two cycles joined by an edge, a tail into the first, an isolated module
    snap = analyse({"p/__init__.py": "", "p/a.py": "from . import b\n",
                    "p/b.py": "from . import a, c\n",
                    "p/c.py": "from . import d\n", "p/d.py": "from . import c\n",
                    "p/t.py": "from . import a\n", "p/u.py": "from . import t\n", "p/z.py": ""})
    graph = build_graph(snap, "p")
    predecessors = graph.predecessors()
    expected = {n: len(reachable(predecessors, n) - {n}) for n in graph.nodes}
    assert dependents_counts(graph) == expected
    assert expected == {"p": 0, "p.a": 3, "p.b": 3, "p.c": 5, "p.d": 5, "p.t": 1, "p.u": 0,
                        "p.z": 0}
    order = components(graph)  # sinks first
    assert order.index(("p.c", "p.d")) < order.index(("p.a", "p.b")) < order.index(("p.t",))
