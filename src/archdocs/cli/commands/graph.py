"""``archdocs graph``: the import graph of a package as Mermaid, Graphviz DOT or JSON."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from archdocs.analysis.graph import build_graph
from archdocs.analysis.metrics import Convention
from archdocs.analysis.views import graph_view
from archdocs.cli import UsageError, add_source_arguments, snapshot_from
from archdocs.model import KIND_SETS, Snapshot, kinds_label, parse_kinds
from archdocs.render.dot import render_dot
from archdocs.render.json_ import dumps
from archdocs.render.mermaid import MAX_EDGES, MAX_TEXT, over_limits, render_mermaid


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("graph", help="import graph of a package", description=__doc__)
    add_source_arguments(parser)
    parser.add_argument("--depth", type=int, default=None,
                        help="fold modules to packages this many levels below --package")
    parser.add_argument("--kinds", default=None,
                        help="import kinds drawn and coloured as cycles: all, no-type-checking, "
                        "import-time, or a comma list of runtime, guarded, lazy, type_checking "
                        "(default: every import drawn, import-time cycles coloured)")
    parser.add_argument("--count-init", action="store_true",
                        help="count __init__.py files in folded boxes' module counts (default: "
                        "not counted, as in the report and inventory)")
    parser.add_argument("--external", action="store_true", help="add external top-level packages")
    parser.add_argument("--direction", choices=("LR", "TB", "RL", "BT"), default="LR")
    parser.add_argument("--format", choices=("mermaid", "dot", "json"), default="mermaid",
                        help="mermaid refuses (exit 2) a graph over Mermaid's limits and names a "
                        "--depth that fits; dot has no limit")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        kinds = parse_kinds(args.kinds or "all")
    except ValueError as exc:
        raise UsageError(f"--kinds: {exc}") from None
    cycle_kinds = kinds if args.kinds else KIND_SETS["import-time"]
    if args.depth is not None and args.depth < 1:
        raise UsageError("--depth must be 1 or more")
    snapshot = snapshot_from(args)
    convention = Convention(include_init=args.count_init)

    def draw(depth: int | None) -> tuple[str, int]:
        graph = build_graph(snapshot, args.package, kinds, depth, args.external)
        view = graph_view(snapshot, graph, cycle_kinds, convention)
        render = render_mermaid if args.format == "mermaid" else render_dot
        return render(view, args.direction), len(graph.edges)

    if args.format == "json":  # documented by schema/graph.schema.json ("schema" is its version)
        graph = build_graph(snapshot, args.package, kinds, args.depth, args.external)
        sys.stdout.write(dumps({
            "schema": 1, "source": snapshot.label, "package": args.package, "depth": args.depth,
            "kinds": kinds_label(kinds), "nodes": list(graph.nodes),
            "folded": dict(graph.folded),
            "edges": [{"from": a, "to": b, "count": len(imps),
                       "imports": [{"line": i.line, "importer": i.importer, "kind": i.kind.value}
                                   for i in imps]}
                      for (a, b), imps in graph.edges.items()],
        }))
        return 0
    text, edges = draw(args.depth)
    if args.format == "mermaid" and over_limits(text, edges):
        raise UsageError(_too_big(snapshot, args.package, args.depth, text, edges, draw))
    sys.stdout.write(text)
    return 0


def _too_big(snapshot: Snapshot, package: str | None, depth: int | None, text: str, edges: int,
             draw: Callable[[int | None], tuple[str, int]]) -> str:
    """One line: how far over Mermaid's limits, and the deepest ``--depth`` that fits."""
    base = len(package.split(".")) if package else 0
    deepest = max((m.name.count(".") + 1 - base for m in snapshot.in_package(package)), default=1)
    suggestion = ""
    for level in range(min(depth or deepest, deepest) - 1, 0, -1):
        folded, count = draw(level)
        if not over_limits(folded, count):
            suggestion = f"--depth {level} ({count} edges, {len(folded):,} characters) or "
            break
    return (f"the Mermaid text would have {len(text):,} characters and {edges} edges, over "
            f"Mermaid's limits ({MAX_TEXT:,} characters, {MAX_EDGES} edges); use {suggestion}"
            "--format dot")
