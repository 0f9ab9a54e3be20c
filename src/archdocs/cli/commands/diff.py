"""``archdocs diff``: what changed in the architecture between two revisions, read from git
objects: modules and internal imports added and removed, import cycles new, gone or changed, and
contract breaches new or fixed (``--contracts``). ``--format markdown`` (the default) is a
pull-request comment: a summary line, a Mermaid diagram of the changed imports, the lists; one
line when nothing architectural changed. Without ``--head`` the head is SOURCE as it is on disk.
Exit 0; 2 on a usage or contract-file mistake."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, replace

from archdocs.analysis.archdiff import diff_snapshots
from archdocs.analysis.contracts.model import Contract
from archdocs.analysis.contracts.read import read_contracts
from archdocs.cli import UsageError, add_source_arguments, config_error, snapshot_from
from archdocs.cli.commands.check import base_source
from archdocs.model import Snapshot
from archdocs.render.prcomment import render_comment


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("diff", help="architecture changes between two revisions "
                                   "(a pull-request comment)", description=__doc__)
    add_source_arguments(parser)
    parser.add_argument("--base", metavar="REV", required=True, help="the revision to compare "
                        "with (e.g. origin/main)")
    parser.add_argument("--head", metavar="REV", help="the revision compared (default: SOURCE "
                        "as it is on disk)")
    parser.add_argument("--contracts", metavar="FILE", help="contracts whose breaches are "
                        "compared too (import-linter's configuration or [[contract]] tables)")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.set_defaults(run=run)


def _at(args: argparse.Namespace, spec: str) -> Snapshot:
    return snapshot_from(argparse.Namespace(**{**vars(args), "source": spec}))


def run(args: argparse.Namespace) -> int:
    contracts: list[Contract] = []
    if args.contracts:
        contracts, problems = read_contracts(args.contracts)
        if problems:
            raise config_error(problems)
    base_spec, _, base_commit = base_source(args.source, args.base)
    base = _at(args, base_spec)
    head_commit = base_source(args.source, args.head)[2] if args.head else ""
    head = _at(args, base_source(args.source, args.head)[0] if args.head else args.source)
    if not head.modules:
        raise UsageError(f"no module in {args.source}: check SOURCE, --root, --include and "
                         "--exclude")
    diff = replace(diff_snapshots(base, head, args.package, contracts),  # labels a reader knows
                   base=f"{args.base} ({base_commit[:10]})",
                   head=f"{args.head} ({head_commit[:10]})" if args.head else "the working tree")
    if args.format == "json":
        data = asdict(diff)
        data["unchanged"] = diff.unchanged
        for key in ("broken", "fixed"):
            data[key] = [{"path": p.path, "line": p.line, "message": p.message}
                         for p in getattr(diff, key)]
        print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(render_comment(diff), end="")
    return 0
