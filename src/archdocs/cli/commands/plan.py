"""``archdocs plan SOURCE --plan FILE``: every planned move with its status and evidence.

``archdocs check`` prints only what fails; this prints the whole plan as the code answers it: each
move's status (pending, done, done with a shim left, diverged, unresolved), where the code is, why
(the evidence), and for a pending move what it touches. The plan's ``baseline`` revision, when
given, is read to find code that went elsewhere and to follow a renamed package. Exit 2 when the
plan has a mistake (each on its own ``file:line`` line), 1 when a move is unresolved, else 0.
"""

from __future__ import annotations

import argparse
import json
import sys

from archdocs.analysis.plan import (
    UNRESOLVED,
    MoveStatus,
    PlanStatus,
    evaluate_plan,
    missing_package,
    read_plan,
)
from archdocs.cli import UsageError, add_source_arguments, config_error, snapshot_from, warn
from archdocs.model import Snapshot


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("plan", help="every planned move with its status and evidence",
                                   description=__doc__)
    add_source_arguments(parser)
    parser.add_argument("--plan", required=True, metavar="TOML",
                        help="the plan (e.g. conf/plan.toml)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run)


def _baseline(args: argparse.Namespace, revision: str) -> Snapshot | None:
    """The code at the plan's baseline, or None (with a warning) when it cannot be read."""
    from archdocs.cli.commands.check import base_source  # the same resolution as check's --base

    try:
        source = base_source(args.source, revision)[0]
        return snapshot_from(argparse.Namespace(**{**vars(args), "source": source,
                                                   "package": None}))
    except UsageError as exc:
        warn(f"the plan's baseline {revision!r} cannot be read ({exc}); moves whose module is gone "
             "are reported without it")
        return None


def move_data(status: MoveStatus) -> dict[str, object]:
    move = status.move
    return {"step": move.step, "source": move.source, "destination": list(move.destinations),
            "line": move.line, "status": status.status, "where": list(status.where),
            "evidence": status.detail, "lines": status.lines,
            "package_imports": list(status.package_imports), "importers": list(status.importers),
            "projected_modules": status.projected}


def render_text(status: PlanStatus) -> str:
    plan = status.plan
    out = [f"{plan.title or 'Plan'} ({plan.package}" + (f", now {status.renamed}" if status.renamed
                                                       else "") + f"): {plan.path}"]
    for step, _ in plan.steps:
        moves = [m for m in status.moves if m.move.step == step]
        if moves:
            out.append(f"\n{step}")
        for m in moves:
            out.append(f"  {m.move.label}: {m.status}")
            if m.where and m.where != m.move.destinations:
                out.append(f"    where: {', '.join(m.where)}")
            if m.detail:
                out.append(f"    evidence: {m.detail}")
            if m.status == "pending":
                out.append(f"    touches: {m.lines} lines; "
                           f"imported by {', '.join(m.importers) or 'nothing'};"
                           f" modules after it: {m.projected}")
    out.append("\n" + status.summary())
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    plan, problems = read_plan(args.plan)
    if plan is None or problems:
        raise config_error(problems)
    snapshot = snapshot_from(argparse.Namespace(**{**vars(args), "package": None}))
    baseline = _baseline(args, plan.baseline) if plan.baseline else None
    status = evaluate_plan(plan, snapshot, baseline)
    absent = missing_package(status, snapshot)
    if absent is not None:
        warn(str(absent))
    if args.format == "json":
        data = {"plan": plan.path, "package": plan.package, "renamed": status.renamed or None,
                "moves": [move_data(m) for m in status.moves]}
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(status))
    return 1 if status.count(UNRESOLVED) else 0
