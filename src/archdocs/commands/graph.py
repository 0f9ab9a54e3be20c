"""``archdocs graph``: the import graph of a package as Mermaid, Graphviz DOT or JSON."""

from __future__ import annotations

import argparse
import sys

from archdocs.cli import UsageError, add_source_arguments, snapshot_from
from archdocs.graph import build_graph
from archdocs.model import kinds_label, parse_kinds
from archdocs.render.dot import render_dot
from archdocs.render.json_ import dumps
from archdocs.render.mermaid import render_mermaid


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("graph", help="import graph of a package", description=__doc__)
    add_source_arguments(parser)
    parser.add_argument("--depth", type=int, default=None,
                        help="fold modules to packages this many levels below --package")
    parser.add_argument("--kinds", default="all",
                        help="import kinds: all, no-type-checking, import-time, or a comma list of "
                        "runtime, guarded, lazy, type_checking (default: all)")
    parser.add_argument("--external", action="store_true", help="add external top-level packages")
    parser.add_argument("--direction", choices=("LR", "TB", "RL", "BT"), default="LR")
    parser.add_argument("--format", choices=("mermaid", "dot", "json"), default="mermaid")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        kinds = parse_kinds(args.kinds)
    except ValueError as exc:
        raise UsageError(f"--kinds: {exc}") from None
    if args.depth is not None and args.depth < 1:
        raise UsageError("--depth must be 1 or more")
    snapshot = snapshot_from(args)
    graph = build_graph(snapshot, args.package, kinds, args.depth, args.external)
    if args.format == "mermaid":
        sys.stdout.write(render_mermaid(graph, args.direction))
    elif args.format == "dot":
        sys.stdout.write(render_dot(graph, args.direction))
    else:  # documented by schema/graph.schema.json (its version is the "schema" field)
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
