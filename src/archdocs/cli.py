"""The ``archdocs`` command line. Exit status: 0 success, 1 a check failed, 2 usage or input error
(with a one-line message saying what was wrong and what to do)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from archdocs.cache import FactsCache, default_cache_dir
from archdocs.load import LoadStats, load_snapshot
from archdocs.model import Snapshot
from archdocs.sources import Selection, SourceError

#: Sub-command modules; each defines ``add_parser(subparsers)`` and ``run(args) -> int``.
COMMANDS = (
    "archdocs.commands.report",
    "archdocs.commands.graph",
    "archdocs.commands.migrations",
    "archdocs.commands.migrate",
    "archdocs.commands.check",
    "archdocs.commands.history",
)


class UsageError(Exception):
    """Bad arguments or input: printed as one line, exit status 2."""


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments every command that reads code shares."""
    parser.add_argument("source", help="a directory (package folder or project root) or REPO@REV "
                        "(a git revision, read from git objects without a checkout)")
    parser.add_argument("--package", help="dotted name of the package to report on (default: all)")
    parser.add_argument("--root", action="append", default=[],
                        help="import root relative to the source (repeatable; default: src/ when "
                        "present, else the source itself)")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="only files matching this glob (fnmatch on the path; * crosses folders)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="skip files matching this glob")
    parser.add_argument("--include-tests", action="store_true",
                        help="also analyse tests/ folders, test_*.py and conftest.py")
    parser.add_argument("--no-cache", action="store_true", help="parse everything; store nothing")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where facts are cached (default: $ARCHDOCS_CACHE_DIR or ~/.cache/archdocs)")
    parser.add_argument("--jobs", type=int, default=None, help="parser processes (default: CPUs)")


def selection_from(args: argparse.Namespace) -> Selection:
    return Selection(tuple(args.include), tuple(args.exclude), args.include_tests, tuple(args.root))


def warn(message: str) -> None:
    print(f"archdocs: warning: {message}", file=sys.stderr)


def cache_from(args: argparse.Namespace) -> FactsCache:
    return FactsCache(None if args.no_cache else (args.cache_dir or default_cache_dir()), warn)


def snapshot_from(args: argparse.Namespace, stats: LoadStats | None = None) -> Snapshot:
    """Load the source named by ``args``; UsageError for a source or package that is not there."""
    cache = cache_from(args)
    try:
        snapshot = load_snapshot(args.source, selection_from(args), cache=cache, jobs=args.jobs,
                                 stats=stats)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        cache.close()
    package = getattr(args, "package", None)
    if package and not snapshot.in_package(package):
        tops = sorted({m.name.split(".")[0] for m in snapshot.modules})
        raise UsageError(f"package {package!r} is not in {args.source} (top-level packages there: "
                         f"{', '.join(tops[:10]) or 'none'})")
    return snapshot


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="archdocs", description="Static architecture reports, graphs, migration guides and "
        "plan checks for Python code bases (the code is read, never imported).")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"archdocs: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    # Run the importable module's main: its UsageError is the class the commands raise.
    from archdocs.cli import main as _main

    sys.exit(_main())
