"""``archdocs history REPO``: modules, lines, classes, internal edges, cycles by import kind (and a
plan's progress) at each revision, read from git objects with one counting convention.

Revisions: ``--refs A B C`` (in that order), ``--since DATE [--every N]`` (first-parent commits of
``--branch``), or every tag when neither is given. With ``--plan``, its package and convention are
used and each row also counts the moves completed. A progress bar is drawn on a terminal (stderr).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from pathlib import Path

from archdocs.analysis.history import (
    HistoryStats,
    Point,
    history,
    point_data,
    revisions_for_refs,
    revisions_since,
    table_rows,
    tagged_revisions,
)
from archdocs.analysis.metrics import Convention
from archdocs.analysis.plan import read_plan
from archdocs.cli import UsageError, cache_from, config_error, selection_from
from archdocs.reading.errors import SourceError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("history", help="figures at each revision of a git history "
                                   "(tags, refs or a date range)", description=__doc__)
    parser.add_argument("repo", type=Path, help="the git repository")
    parser.add_argument("--subdir", default="", help="folder of the code inside the repository")
    parser.add_argument("--package", help="dotted name of the package to measure (default: all)")
    chosen = parser.add_mutually_exclusive_group()
    chosen.add_argument("--refs", nargs="+", metavar="REF", help="revisions, in this order")
    chosen.add_argument("--since", metavar="DATE", help="first-parent commits since DATE")
    parser.add_argument("--every", type=int, default=1, metavar="N",
                        help="with --since: every N-th commit (the newest always)")
    parser.add_argument("--branch", default="HEAD", help="with --since: the branch to walk")
    parser.add_argument("--plan", metavar="TOML", help="a plan: its package, convention and the "
                        "moves completed at each revision")
    parser.add_argument("--count-init", action="store_true",
                        help="count __init__.py files as modules")
    parser.add_argument("--lines", choices=("physical", "code"), default="physical")
    parser.add_argument("--format", choices=("text", "markdown", "json", "csv"), default="text")
    parser.add_argument("--no-cache", action="store_true", help="parse everything; store nothing")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where facts are cached (default: $ARCHDOCS_CACHE_DIR or "
                        "~/.cache/archdocs)")
    parser.set_defaults(run=run, include=[], exclude=[], include_tests=False, root=[])


class ProgressBar:
    """A one-line bar on stderr, only when stderr is a terminal (CI logs stay clean)."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] "
                         f"{done}/{total} {label[:30]:30}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def render(points: list[Point], fmt: str, convention: str) -> str:
    if fmt == "json":
        return json.dumps({"convention": convention, "revisions": [point_data(p) for p in points]},
                          indent=2, sort_keys=True, ensure_ascii=False)
    header, body = table_rows(points, grouped=fmt != "csv")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        return out.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        return "\n".join(lines) + f"\n\nCounted with: {convention}."
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h)
              for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(lines) + f"\n({convention})"


def run(args: argparse.Namespace) -> int:
    plan = None
    if args.plan:
        plan, problems = read_plan(args.plan)
        if problems:  # half a plan would count the wrong things
            raise config_error(problems)
    convention = plan.targets.convention if plan else Convention(args.count_init, args.lines)
    package = plan.package if plan else args.package
    cache = cache_from(args)
    stats = HistoryStats()
    started = time.perf_counter()
    try:
        if args.refs:
            revisions = revisions_for_refs(args.repo, args.refs)
        elif args.since:
            if args.every < 1:
                raise UsageError("--every must be 1 or more")
            revisions = revisions_since(args.repo, args.since, args.every, args.branch)
        else:
            revisions = tagged_revisions(args.repo)
        if not revisions:
            raise UsageError(f"no commits of {args.branch} since {args.since} in {args.repo}"
                             if args.since else
                             f"no tags in {args.repo}: name revisions with --refs, or --since DATE")
        points = history(args.repo, revisions, package, convention,
                         count_shims=plan.targets.count_shims if plan else True, plan=plan,
                         subdir=args.subdir, selection=selection_from(args), cache=cache,
                         stats=stats, progress=ProgressBar())
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        cache.close()
    description = plan.targets.describe() if plan else convention.describe()
    print(render(points, args.format, description))
    print(f"{stats.revisions} revisions in {time.perf_counter() - started:.2f}s: {stats.parsed} "
          f"files parsed, {stats.cached} from the cache, {stats.unchanged} revisions with the code "
          "unchanged", file=sys.stderr)
    return 0
