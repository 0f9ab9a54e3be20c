"""``archdocs report``: summary, hotspots, most-imported modules, cycles, candidates, problems."""

from __future__ import annotations

import argparse
import sys

from archdocs.analysis.metrics import Convention
from archdocs.analysis.report import build_report
from archdocs.cli import UsageError, add_source_arguments, snapshot_from
from archdocs.render.text import render_report


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("report", help="architecture report of a source",
                                   description=__doc__)
    add_source_arguments(parser)
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--count-init", action="store_true",
                        help="count __init__.py files as modules (default: not counted)")
    parser.add_argument("--lines", choices=("physical", "code"), default="physical",
                        help="line convention (default: physical lines)")
    parser.add_argument("--top", type=int, default=10, help="rows in ranked lists (default: 10)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.top < 0:
        raise UsageError("--top must be 0 or more")
    snapshot = snapshot_from(args)
    try:
        report = build_report(snapshot, args.package, Convention(args.count_init, args.lines),
                              args.top)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        from archdocs.render.json_ import dumps  # json is imported for this format only

        sys.stdout.write(dumps(report))
    else:
        sys.stdout.write(render_report(report, markdown=args.format == "markdown"))
    return 0
