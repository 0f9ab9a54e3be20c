"""The report of a snapshot as plain data: one structure that the text, Markdown and JSON renderers
and the documented JSON schema (``schema/report.schema.json``) all share."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from archdocs.analysis.cycles import find_cycles
from archdocs.analysis.graph import ImportGraph, build_graph, build_graphs
from archdocs.analysis.metrics import (
    Convention,
    GraphFacts,
    extraction_candidates,
    module_metrics,
    summarize,
)
from archdocs.model import KIND_SETS, Import, ImportKind, Snapshot
from archdocs.reading.fast.gcpause import paused

SCHEMA_VERSION = 1


def cycles_data(snapshot: Snapshot, package: str | None, kind_set: str,
                graph: ImportGraph | None = None) -> list[dict[str, Any]]:
    """Each cycle of ``kind_set`` imports, parent packages that imports run included: members,
    witness with its statements, and the statements to cut (see
    :func:`archdocs.analysis.cycles.find_cycles`). ``graph``: that graph (implied edges in) when
    the caller has it."""
    if graph is None:
        graph = build_graph(snapshot, package, KIND_SETS[kind_set], implied=True)
    paths = {m.name: m.path for m in snapshot.modules}

    def statement(imp: Import, importer: str, imported: str, implied: bool) -> dict[str, Any]:
        return {"importer": importer, "imported": imported, "path": paths[imp.importer],
                "line": imp.line, "kind": imp.kind.value, "text": imp.text, "implied": implied}

    return [
        {
            "members": list(c.members),
            "witness": list(c.witness),
            "imports": [statement(imp, a, b, (a, b) in c.implied)
                        for a, b, imps in c.steps for imp in imps],
            "breakers": [statement(imp, a, b, (a, b) in c.implied) for a, b, imp in c.breakers],
            "breakers_exact": c.exact,
        }
        for c in find_cycles(graph)
    ]


def implied_imports(whole: ImportGraph) -> dict[str, list[str]]:
    """For each module, the parent packages its imports run first that it does not import itself
    (``whole``: the snapshot's graph of every kind, implied edges in)."""
    out: dict[str, list[str]] = {}
    for source, target in whole.implied:
        out.setdefault(source, []).append(target)
    return out


def _narrower_cycles(snapshot: Snapshot, package: str | None, graph: ImportGraph,
                     every: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The cycles of each kind set but "all", from ``graph`` and ``every``: that of every kind
    and its cycles.

    A kind set is a subset of "all": its cycles lie inside "all"'s. When every import between the
    members of one of those is of the set's kinds, the set sees the same modules, edges and
    statements there, so the same cycle (a cycle's witness and breakers come from its members'
    edges alone). The others are searched again, in a graph built from their modules' imports
    (on homeassistant, a few dozen modules of 8,000).
    """
    number = {name: i for i, cycle in enumerate(every) for name in cycle["members"]}
    kinds: list[set[ImportKind]] = [set() for _ in every]  # of the imports inside each cycle
    pairs = graph.pairs()  # sorted: a member's edges are a run found by bisection, not a scan
    for source, at in number.items():
        for i in range(bisect_left(pairs, (source,)), len(pairs)):
            if pairs[i][0] != source:
                break
            if number.get(pairs[i][1]) == at:
                kinds[at].update(imp.kind for imp in graph.statements(*pairs[i]))
    narrower = [name for name in KIND_SETS if name != "all"]
    again = {name: {member for cycle, used in zip(every, kinds, strict=True)
                    if not used <= KIND_SETS[name] for member in cycle["members"]}
             for name in narrower}
    graphs = build_graphs(snapshot, package, [KIND_SETS[name] for name in narrower],
                          implied=True, among=set().union(*again.values()))
    out = {}
    for name, narrow in zip(narrower, graphs, strict=True):
        same = [cycle for cycle, used in zip(every, kinds, strict=True)
                if used <= KIND_SETS[name]]
        found = cycles_data(snapshot, package, name, narrow.subgraph(again[name]))
        # in find_cycles' order: largest first, then by members
        out[name] = sorted([*same, *found], key=lambda c: (-len(c["members"]), c["members"]))
    return out


def build_report(snapshot: Snapshot, package: str | None = None,
                 convention: Convention | None = None, top: int = 10) -> dict[str, Any]:
    """Everything ``archdocs report`` shows, deterministic (sorted, no timestamps)."""
    # The report allocates hundreds of thousands of acyclic objects (decoded facts, graphs,
    # rows): without the pause, the collector walks the snapshot again and again, finding nothing
    # (a third of a warm homeassistant report).
    with paused():
        return _build_report(snapshot, package, convention or Convention(), top)


def _build_report(snapshot: Snapshot, package: str | None, convention: Convention,
                  top: int) -> dict[str, Any]:
    if package and not snapshot.in_package(package):
        raise KeyError(package)
    # the package's graph of every kind, built once (implied edges in, for cycles): its explicit
    # edges also give the summary's count, fan-in/out and transitive dependents
    graph = build_graph(snapshot, package, implied=True)
    whole = graph if package is None else build_graph(snapshot, implied=True)
    metrics = module_metrics(snapshot, package, facts=GraphFacts.of_graph(whole))
    summary = summarize(snapshot, package, convention, graph)
    counted = [m for m in metrics if convention.include_init or not m.is_package]
    cycles = {"all": cycles_data(snapshot, package, "all", graph)}
    cycles |= _narrower_cycles(snapshot, package, graph, cycles["all"])
    paths = {m.path for m in snapshot.in_package(package)}  # problems of the package's files
    line_key = "lines" if convention.lines == "physical" else "code_lines"
    implied = implied_imports(whole)
    return {
        "schema": SCHEMA_VERSION,
        "source": snapshot.label,
        "revision": snapshot.revision,
        "package": package,
        "convention": {"include_init": convention.include_init, "lines": convention.lines,
                       "description": convention.describe()},
        "summary": {
            "modules": summary.modules, "packages": summary.packages, "lines": summary.lines,
            "classes": summary.classes, "functions": summary.functions,
            "internal_edges": summary.internal_edges,
            "cycles": {name: len(found) for name, found in cycles.items()},
        },
        "modules": [
            {"name": m.name, "path": m.path, "is_package": m.is_package, "lines": m.lines,
             "code_lines": m.code_lines, "classes": m.classes, "functions": m.functions,
             "fan_in": m.fan_in, "fan_out": m.fan_out, "package_imports": len(m.package_imports),
             "transitive_dependents": m.transitive_dependents, "imports": list(m.imports),
             "imported_by": list(m.imported_by), "external": list(m.external),
             "implied_imports": implied.get(m.name, [])}
            for m in metrics
        ],
        "hotspots": [
            {"name": m.name, "lines": getattr(m, line_key), "classes": m.classes}
            for m in sorted(counted, key=lambda m: (-getattr(m, line_key), m.name))[:top]
        ],
        "most_imported": [
            {"name": m.name, "fan_in": m.fan_in}
            for m in sorted(metrics, key=lambda m: (-m.fan_in, m.name))[:top] if m.fan_in
        ],
        "cycles": cycles,
        "candidates": [
            {"name": c.name, "lines": c.lines, "package_imports": c.package_imports,
             "package_dependents": c.package_dependents}
            for c in extraction_candidates(metrics, package, top)
        ],
        "problems": [
            {"path": p.path, "line": p.line, "code": p.code, "message": p.message}
            for p in snapshot.problems if not package or p.path in paths
        ],
    }
