"""``archdocs migrations``: the migration guide of a code base, as a table or as ruff settings.

From a declared map (``--declared conf/migrations.toml``, verified against SOURCE), from history
(``--from REV --to REV`` in ``--repo``, or ``--from`` and ``--to`` as folders or wheel/sdist files),
or both (merged; disagreements are reported). Exit 1 when a declared entry is wrong; exit 2 when
the declared map cannot be read (missing, not UTF-8, not TOML) or ``--from``/``--to`` is written
as a path (``/…``, ``./…``, a ``.whl``) that is not there.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from archdocs.analysis.migrations.declared import read_declared
from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.model import MigrationMap
from archdocs.analysis.migrations.release import ARCHIVES, Release, load_release
from archdocs.analysis.migrations.usage import internal_uses
from archdocs.analysis.migrations.verify import merge_maps, verify_map
from archdocs.cli import (
    UsageError,
    add_source_arguments,
    cache_from,
    read_toml,
    require_folders,
    selection_from,
    warn,
)
from archdocs.model import Problem, Snapshot
from archdocs.reading.errors import SourceError
from archdocs.reading.sources import Selection
from archdocs.render.migrations import render_csv, render_json, render_markdown, render_ruff


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("migrations", help="old import → new import table (declared, "
                                   "inferred from history, or both)", description=__doc__)
    add_source_arguments(parser)
    for action in parser._actions:  # SOURCE is optional here: --to can name the new side
        if action.dest == "source":
            action.nargs = "?"
    parser.add_argument("--declared", metavar="TOML",
                        help="declared map (e.g. conf/migrations.toml)")
    parser.add_argument("--from", dest="rev_from", metavar="REV",
                        help="old side: a git revision of --repo, a folder, or a wheel/sdist")
    parser.add_argument("--to", dest="rev_to", metavar="REV",
                        help="new side (default: SOURCE when given, else HEAD of --repo)")
    parser.add_argument("--repo", default=None, help="git repository for --from/--to revisions "
                        "(default: SOURCE when it is a folder, else .)")
    parser.add_argument("--private", action="store_true",
                        help="also compare modules under private names (pkg._internal); without "
                        "it the output says how many names were left out")
    parser.add_argument("--format", choices=("markdown", "json", "csv", "ruff"), default="markdown",
                        help="markdown/json/csv tables, or ruff banned-api settings (TOML)")
    parser.set_defaults(run=run)


def side(value: str, repo: str, option: str = "--from") -> str:
    """A --from/--to value as a loadable source: itself when it is a path (folder, wheel, sdist)
    or ``REPO@REV``, else a revision of ``repo``. A value written as a path (absolute, ``./``,
    ``../``, ``~``, or a distribution file name) that is not there is a usage error saying so,
    not an unknown revision."""
    if Path(value).exists() or "@" in value:
        return value
    if os.path.isabs(value) or value.startswith(("./", "../", "~")) \
            or value.lower().endswith(ARCHIVES):
        raise UsageError(f"{option} {value}: no such file or folder")
    return f"{repo}@{value}"


def load_side(args: argparse.Namespace, source: str, selection: Selection | None = None) -> Release:
    """A release of ``source`` through the facts cache, with the names its ``.pyi`` stubs declare
    and the modules it ships only compiled (what inference compares); SourceError becomes a usage
    error."""
    cache = cache_from(args)
    try:
        return load_release(source, selection, cache)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        cache.close()


def build_map(args: argparse.Namespace) -> tuple[MigrationMap, list[Problem], Snapshot]:
    """The map, its problems, and the snapshot it was checked against."""
    if not args.declared and not args.rev_from:
        raise UsageError("say where the map comes from: --declared TOML, --from REV (--to REV), "
                         "or both")
    if args.rev_to and not args.rev_from:
        raise UsageError("--to needs --from (the old side)")
    repo = args.repo or args.source or "."
    target_spec = side(args.rev_to, repo, "--to") if args.rev_to else args.source or (
        f"{args.repo}@HEAD" if args.repo else None)
    if target_spec is None:
        raise UsageError("give SOURCE (the code the map is checked against) or --to REV")
    old_spec = side(args.rev_from, repo) if args.rev_from else None
    toml = read_toml(args.declared) if args.declared else None  # a map it cannot read: exit 2
    require_folders(target_spec, args.root)
    target_release = load_side(args, target_spec, selection_from(args))
    target = target_release.snapshot
    problems: list[Problem] = []
    declared = None
    if toml is not None:
        declared, problems = read_declared(toml)
        declared, verified = verify_map(declared, target_release)
        problems += verified
    if old_spec is None:
        assert declared is not None
        return declared, problems, target
    old = load_side(args, old_spec, selection_from(args))
    inferred = infer_map(old, target_release, args.package, private=args.private)
    if declared is None:
        return inferred, problems, target
    merged, disagreements = merge_maps(declared, inferred)
    return merged, [*problems, *disagreements], target


def run(args: argparse.Namespace) -> int:
    migrations, problems, target = build_map(args)
    uses = internal_uses(target, migrations)
    if args.format == "json":
        sys.stdout.write(render_json(migrations, problems, uses))
    elif args.format == "csv":
        sys.stdout.write(render_csv(migrations))
    elif args.format == "ruff":
        sys.stdout.write(render_ruff(migrations))
    else:
        sys.stdout.write(render_markdown(migrations, problems, uses))
    if args.format in ("csv", "ruff", "json"):
        for problem in problems:
            warn(str(problem))
    if args.format in ("csv", "ruff"):  # tables with no room for notes: say them on stderr
        for note in migrations.notes:
            warn(note)
    return 1 if problems else 0
