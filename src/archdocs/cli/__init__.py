"""The ``archdocs`` command line. Exit status: 0 success, 1 a check failed, 2 usage or input error
(with a one-line message saying what was wrong and what to do)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Container, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from archdocs.model import Problem, Snapshot
from archdocs.reading.cache import FactsCache, default_cache_dir
from archdocs.reading.errors import SourceError
from archdocs.reading.git import git, resolve_revision
from archdocs.reading.load import MAX_FILE_SIZE, LoadStats, load_snapshot
from archdocs.reading.sources import (
    Selection,
    parse_source_spec,
)

if TYPE_CHECKING:
    from archdocs.config.tomlfile import TomlFile

#: Sub-command modules; each defines ``add_parser(subparsers)`` and ``run(args) -> int``.
COMMANDS = (
    "archdocs.cli.commands.report",
    "archdocs.cli.commands.graph",
    "archdocs.cli.commands.migrations",
    "archdocs.cli.commands.migrate",
    "archdocs.cli.commands.check",
    "archdocs.cli.commands.history",
    "archdocs.cli.commands.plan",
    "archdocs.cli.commands.diff",
)


class UsageError(Exception):
    """Bad arguments or input: printed as one line (one per mistake), exit status 2."""


def config_error(problems: Sequence[Problem]) -> UsageError:
    """Every mistake of the config files, a ``file:line: message`` line each: files in the order
    they were read, each from its top."""
    files = list(dict.fromkeys(p.path for p in problems))
    ordered = sorted(problems, key=lambda p: (files.index(p.path), p.line))
    return UsageError("\n".join(map(str, ordered)))


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments every command that reads code shares."""
    parser.add_argument("source", help="a directory (package folder or project root) or REPO@REV "
                        "(a git revision, read from git objects without a checkout)")
    parser.add_argument("--package", help="dotted name of the package to report on (default: all)")
    parser.add_argument("--root", action="append", default=[],
                        help="import root relative to the source (repeatable; default: src/ when "
                        "present, else the source itself)")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="only files matching this glob (fnmatch on the path; * crosses "
                        "folders)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="skip files matching this glob")
    parser.add_argument("--include-tests", action="store_true",
                        help="also analyse tests/ folders, test_*.py and conftest.py")
    parser.add_argument("--no-cache", action="store_true", help="parse everything; store nothing")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help="where facts are cached (default: $ARCHDOCS_CACHE_DIR or "
                        "~/.cache/archdocs)")
    parser.add_argument("--jobs", type=int, default=None, help="parser processes (default: CPUs)")
    parser.add_argument("--max-file-size", type=int, default=MAX_FILE_SIZE, metavar="BYTES",
                        help="files larger than this are listed with a problem, not parsed "
                        f"(default: {MAX_FILE_SIZE:,})")


def add_budget_arguments(parser: argparse.ArgumentParser) -> None:
    """The budgets ``check`` holds the code to and ``diff`` says a change crosses: one set of
    options, one help, so the two commands read the same files the same way."""
    parser.add_argument("--config", metavar="TOML", help="a config with a [check] table (e.g. "
                        "conf/archdocs.toml): cycle budgets, plan, contracts (--plan and "
                        "--contracts win)")
    parser.add_argument("--plan", metavar="TOML", help="a refactoring plan (e.g. conf/plan.toml) "
                        "whose targets (module count, cycles per kind set) are budgets")
    parser.add_argument("--contracts", metavar="FILE", help="architecture contracts: "
                        "import-linter's .importlinter / setup.cfg / pyproject.toml, or a TOML of "
                        "[[contract]] tables (the config's own [[contract]] tables count too)")


def selection_from(args: argparse.Namespace) -> Selection:
    return Selection(tuple(args.include), tuple(args.exclude), args.include_tests, tuple(args.root))


def warn(message: str) -> None:
    print(f"archdocs: warning: {message}", file=sys.stderr)


def cache_from(args: argparse.Namespace) -> FactsCache:
    return FactsCache(None if args.no_cache else (args.cache_dir or default_cache_dir()), warn)


def read_toml(path: str) -> TomlFile:
    """The TOML file at ``path``; UsageError (one ``file:line`` line) when it is missing,
    unreadable, not UTF-8 or not TOML."""
    # here, not at start-up: tomllib is for the commands that read a configuration file
    from archdocs.config.tomlfile import TomlError, TomlFile

    try:
        return TomlFile.read(path)
    except TomlError as exc:
        raise UsageError(str(exc.problem)) from None


def require_folders(source: str, roots: Sequence[str]) -> None:
    """UsageError naming a folder of ``source`` that is not there: the sub-folder of
    ``REPO@REV:subdir`` or an import root (``--root``). Read as given, such a source has no
    modules: a report of nothing, and a CI gate that passes on nothing."""
    path, rev, subdir = parse_source_spec(source)
    if not path.is_dir():
        return  # loading says what is wrong with the source itself
    inside = subdir.strip("/")
    wanted = [(f"--root {root}", root.strip("/")) for root in roots
              if root.strip("/") not in ("", ".")]
    if rev is None:
        for label, folder in wanted:
            if not (path / folder).is_dir():
                raise UsageError(f"{label}: no such folder in {source}")
        return
    wanted = [(label, f"{inside}/{folder}" if inside else folder) for label, folder in wanted]
    if inside:
        wanted.insert(0, (inside, inside))
    if not wanted:
        return
    try:
        commit = resolve_revision(path, rev)
        # object names on stdin, not arguments: nothing here can be read as an option
        names = "".join(f"{commit}:{f}\n" for _, f in wanted).encode()
        found = git(path, "cat-file", "--batch-check", data=names).decode().splitlines()
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    for (label, _), line in zip(wanted, found, strict=True):
        parts = line.split()  # "<id> tree <size>", or "<name> missing"
        if len(parts) != 3 or parts[1] != "tree" or not parts[2].isdigit():
            raise UsageError(f"{label}: no such folder in {path} at {rev}")


def snapshot_from(args: argparse.Namespace, stats: LoadStats | None = None) -> Snapshot:
    """Load the source named by ``args``; UsageError for a source, folder or package that is not
    there."""
    require_folders(args.source, args.root)
    cache = cache_from(args)
    try:
        snapshot = load_snapshot(args.source, selection_from(args), cache=cache, jobs=args.jobs,
                                 stats=stats, max_file_size=args.max_file_size)
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


def build_parser(load: Container[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the modules of the commands named in ``load`` are imported (None: all),
    the others are listed with their :data:`archdocs.cli.commands.SUMMARIES` line, so that a command
    starts without the dependencies of the others (LibCST, for one)."""
    from archdocs.cli.commands import SUMMARIES

    parser = argparse.ArgumentParser(
        prog="archdocs", description="Static architecture reports, graphs, migration guides and "
        "plan checks for Python code bases (the code is read, never imported).")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        name = module.rpartition(".")[2]
        summary = SUMMARIES.get(name)
        if load is None or name in load or summary is None:
            importlib.import_module(module).add_parser(subparsers)
        else:
            subparsers.add_parser(name, help=summary, add_help=False)
    return parser


def command_named(argv: Sequence[str]) -> set[str]:
    """The command ``argv`` runs (its first word that is not an option; the top-level parser has
    no option taking a value), as the ``load`` of :func:`build_parser`."""
    return {next((word for word in argv if not word.startswith("-")), "")}


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(command_named(argv))
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        for line in str(exc).splitlines():
            print(f"archdocs: error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
