"""``archdocs diff``: what changed in the architecture between two revisions, read from git
objects: modules added, removed and moved (with the migration entries inferred for each move),
internal imports added and removed, import cycles new, gone or changed per kind set, contract
breaches new or fixed (``--contracts``, and the ``[[contract]]`` tables of ``--config``), budgets
crossed either way (``--config``'s ``[check]`` cycles, ``--plan``'s module count and cycles), and
the lines and fan-in/out of the modules these changes touch. ``--format markdown`` (the default)
is a pull-request comment: a summary line, a Mermaid diagram of the changed imports, the lists;
one line when nothing architectural changed (edited lines alone are not). Without ``--head`` the
head is SOURCE as it is on disk. Exit 0; 2 on a usage or configuration mistake."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, replace
from typing import Any

from archdocs.analysis.archdiff import ArchDiff, Budget, CycleBudget, ModuleBudget, diff_snapshots
from archdocs.analysis.migrations.model import Entry
from archdocs.analysis.migrations.release import Release, load_release
from archdocs.cli import (
    UsageError,
    add_budget_arguments,
    add_source_arguments,
    cache_from,
    require_folders,
    selection_from,
)
from archdocs.cli.commands.check import Setup, base_source, setup_from
from archdocs.reading.errors import SourceError
from archdocs.render.prcomment import render_comment


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("diff", help="architecture changes between two revisions "
                                   "(a pull-request comment)", description=__doc__)
    add_source_arguments(parser)
    parser.add_argument("--base", metavar="REV", required=True, help="the revision to compare "
                        "with (e.g. origin/main)")
    parser.add_argument("--head", metavar="REV", help="the revision compared (default: SOURCE "
                        "as it is on disk)")
    add_budget_arguments(parser)
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.set_defaults(run=run)


def _at(args: argparse.Namespace, spec: str) -> Release:
    """SOURCE at ``spec``, read as ``archdocs migrations`` reads a side (with the names a
    package's ``__getattr__`` serves, compiled-only modules, ``.pyi`` stubs), so that both
    commands say the same of a move."""
    require_folders(spec, args.root)
    cache = cache_from(args)
    try:
        return load_release(spec, selection_from(args), cache, jobs=args.jobs,
                            max_file_size=args.max_file_size)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        cache.close()


def budgets(setup: Setup, given: bool) -> list[Budget]:
    """The budgets ``archdocs check`` would hold the code to, from the config and the plan;
    none unless one was ``given`` (check's default budget is not a diff's business)."""
    found: list[Budget] = []
    if given:
        found += [CycleBudget(spec, maximum, setup.package, setup.cycles_at.get(spec, ""))
                  for spec, maximum in setup.cycles]
    plan = setup.plan
    if plan is not None:
        targets = plan.targets
        if targets.modules is not None:
            found.append(ModuleBudget(*targets.modules, plan.package, targets.convention,
                                      targets.count_shims,
                                      f"{plan.path}:{targets.lines.get('modules', plan.line)}"))
        found += [CycleBudget(spec, maximum, plan.package,
                              f"{plan.path}:{targets.lines.get(f'cycles.{spec}', plan.line)}")
                  for spec, maximum in targets.cycles]
    return found


def _entry(entry: Entry) -> dict[str, Any]:
    return {"old": entry.old.spec, "new": [p.spec for p in entry.new], "change": entry.change,
            "status": entry.status, "reason": entry.reason}


def to_json(diff: ArchDiff) -> dict[str, Any]:
    data = asdict(diff)
    data["unchanged"] = diff.unchanged
    for key in ("broken", "fixed"):
        data[key] = [{"path": p.path, "line": p.line, "message": p.message}
                     for p in getattr(diff, key)]
    data["moved"] = [{"old": m.old, "new": list(m.new), **_entry(m.entry),
                      "names": [_entry(e) for e in m.names]} for m in diff.moved]
    return data


def run(args: argparse.Namespace) -> int:
    checks = argparse.Namespace(**{**vars(args), "migrations": None, "deprecated_imports": None})
    # the config's, plan's and contracts' mistakes: exit 2, each located
    setup = setup_from(checks, budgets_only=True)
    base_spec, _, base_commit = base_source(args.source, args.base)
    head_spec, _, head_commit = (base_source(args.source, args.head) if args.head
                                 else (args.source, None, ""))
    base, head = _at(args, base_spec), _at(args, head_spec)
    if not head.snapshot.modules:
        raise UsageError(f"no module in {args.source}: check SOURCE, --root, --include and "
                         "--exclude")
    if args.package and not head.snapshot.in_package(args.package):
        raise UsageError(f"package {args.package!r} is not in {args.source}")
    diff = replace(diff_snapshots(base, head, setup.package, setup.contracts,
                                  budgets(setup, bool(args.config or args.plan))),
                   # labels a reader knows
                   base=f"{args.base} ({base_commit[:10]})",
                   head=f"{args.head} ({head_commit[:10]})" if args.head else "the working tree")
    if args.format == "json":
        print(json.dumps(to_json(diff), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        print(render_comment(diff), end="")
    return 0
