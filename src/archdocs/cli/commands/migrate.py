"""``archdocs migrate PATHS``: rewrite old imports in Python code to the new paths of a migration
map.

The map comes from ``--map TOML`` (default: ``conf/migrations.toml`` when it exists; verified
against ``--source``, when given) or from history (``--from REV --to REV --repo PATH``). ``--diff``
(the default) prints a unified diff and writes nothing; ``--write`` rewrites the files, each
atomically and keeping every byte but the rewritten imports. Folders are walked as the analysis
walks them (no virtual environments, site-packages, hidden or build folders); symbolic links are
never written through. Chains in the map are followed to their end, so one run is final. Exit
status: 0 done; 1 some files were left unchanged (unreadable, unparsable, a symbolic link,
unwritable: listed, the others are rewritten); 2 a bad map (errors, a cycle) or a missing path, and
nothing is written.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path

from archdocs.analysis.migrations.codemod import rewrite_files, write_rewrites
from archdocs.analysis.migrations.declared import read_declared
from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.model import MapCycleError
from archdocs.analysis.migrations.verify import verify_map
from archdocs.cli import UsageError, warn
from archdocs.cli.commands.migrations import load_side, side


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("migrate", help="rewrite old imports to new ones (LibCST)",
                                   description=__doc__)
    parser.add_argument("paths", nargs="+", help="Python files or folders to rewrite")
    parser.add_argument("--map", metavar="TOML", help="declared migration map")
    parser.add_argument("--source", help="code the map is checked against (folder or REPO@REV)")
    parser.add_argument("--from", dest="rev_from", metavar="REV", help="infer the map: old side")
    parser.add_argument("--to", dest="rev_to", metavar="REV", default="HEAD",
                        help="infer the map: new side (default HEAD)")
    parser.add_argument("--repo", default=".", help="repository of --from/--to (default .)")
    parser.add_argument("--private", action="store_true",
                        help="infer moves of private modules too (pkg._internal); without it "
                        "stderr says how many names were left out")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff (default)")
    mode.add_argument("--write", action="store_true", help="rewrite the files in place")
    parser.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache-dir", type=Path, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


#: The map used when none is given (where archdocs projects keep it).
DEFAULT_MAP = Path("conf/migrations.toml")


def _labels(path: str) -> tuple[str, str]:
    """Diff headers: ``a/`` and ``b/`` prefixes for relative paths, as git (and ``patch -p1``)
    expect."""
    return (path, path) if Path(path).is_absolute() else (f"a/{path}", f"b/{path}")


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def run(args: argparse.Namespace) -> int:
    if not args.map and not args.rev_from and DEFAULT_MAP.is_file():
        args.map = str(DEFAULT_MAP)
    missing = [path for path in args.paths if not os.path.lexists(path)]
    if missing:
        raise UsageError(f"{missing[0]}: no such file or folder (give the Python files or folders "
                         "to rewrite)")
    if bool(args.map) == bool(args.rev_from):
        raise UsageError(f"give the map: --map TOML (default {DEFAULT_MAP}, not found here), or "
                         "--from REV (with --to REV) to infer it; not both")
    if args.map:
        migrations, problems = read_declared(args.map)
        if args.source:
            migrations, more = verify_map(migrations, load_side(args, args.source))
            problems += more
        if problems:
            for problem in problems:
                warn(str(problem))
            raise UsageError(f"{args.map} has errors (above); fix them before rewriting code "
                             "with it")
    else:
        migrations = infer_map(load_side(args, side(args.rev_from, args.repo)),
                               load_side(args, side(args.rev_to, args.repo)), private=args.private)
        for note in migrations.notes:  # what the inferred map left out, and how to include it
            warn(note)
    try:
        migrations = migrations.closed()
    except MapCycleError as exc:
        raise UsageError(str(exc)) from None
    rewrites, problems = rewrite_files(args.paths, migrations)
    if args.write:
        written, unwritten = write_rewrites(rewrites)
        for rewrite in written:
            print(f"rewrote {rewrite.path} ({len(rewrite.changes)} changes)")
    else:
        for rewrite in rewrites:
            sys.stdout.writelines(difflib.unified_diff(
                rewrite.before.splitlines(keepends=True), rewrite.after.splitlines(keepends=True),
                *_labels(rewrite.path)))
    for rewrite in rewrites:
        for change in rewrite.changes:
            if not change.new:
                warn(f"{rewrite.path}:{change.line}: {change.old} was removed; rewrite it by hand")
    for problem in problems:
        warn(str(problem))
    if args.write:
        for problem in unwritten:
            warn(str(problem))
        left = len({p.path for p in [*problems, *unwritten]})
        print(f"archdocs: rewrote {_files(len(written))}; {left} left unchanged"
              + (" (listed above)" if left else ""), file=sys.stderr)
        problems += unwritten
    return 1 if problems else 0
