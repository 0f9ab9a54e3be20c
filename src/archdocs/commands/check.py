"""``archdocs check``: the CI gate. Exit 1 when a budget is broken, printing ``file:line: message``.

Budgets come from the plan (``--plan``: module-count range and cycles per import-kind set of its
package, moves that must resolve) and the config (``--config``, its ``[check]`` table: ``package``,
``plan``, ``migrations``, ``deprecated_imports``, ``cycles = { import-time = 0 }``; paths relative to
the TOML). With neither, the budget is zero import-time cycles. ``--migrations`` verifies the
declared migration map; ``--deprecated-imports PATHS`` fails on code still using its old paths.
``--base REV`` compares with a git revision and fails only on what got worse (a ratchet).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from archdocs.checks import (
    DEFAULT_CYCLES,
    Finding,
    cycle_findings,
    plan_findings,
    problem_findings,
    worse,
)
from archdocs.cli import UsageError, add_source_arguments, cache_from, selection_from, warn
from archdocs.load import load_snapshot
from archdocs.migrations import load_map
from archdocs.migrations.usage import deprecated_uses
from archdocs.model import Problem, Snapshot
from archdocs.plan import UNRESOLVED, Plan, cycle_budgets, evaluate_plan, read_plan
from archdocs.sources import SourceError, directory_base, parse_source_spec
from archdocs.tomlfile import TomlError, TomlFile

_CHECK_KEYS = {"package", "plan", "migrations", "deprecated_imports", "cycles"}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="fail (exit 1) when a budget is broken: cycles, "
                                   "module count, deprecated imports, plan entries", description=__doc__)
    add_source_arguments(parser)
    for action in parser._actions:  # SOURCE defaults to the current folder
        if action.dest == "source":
            action.nargs, action.default = "?", "."
    parser.add_argument("--plan", metavar="TOML", help="the plan (e.g. conf/plan.toml)")
    parser.add_argument("--config", metavar="TOML", help="a config with a [check] table "
                        "(e.g. conf/archdocs.toml)")
    parser.add_argument("--migrations", metavar="TOML", help="declared migration map to verify "
                        "(e.g. conf/migrations.toml)")
    parser.add_argument("--deprecated-imports", nargs="+", metavar="PATH", default=None,
                        help="files or folders that must not use old import paths of the map")
    parser.add_argument("--base", metavar="REV", help="git revision to compare with: fail only on "
                        "what got worse (a ratchet)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text",
                        help="file:line lines, GitHub annotations, or JSON")
    parser.set_defaults(run=run)


@dataclass
class Setup:
    """What to check, from the options and the config (options win)."""

    package: str | None = None
    plan: Plan | None = None
    migrations: str = ""
    deprecated: tuple[str, ...] = ()
    cycles: tuple[tuple[str, int], ...] = ()
    cycles_at: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  #: in the plan or config themselves


def _config(path: str, setup: Setup) -> dict[str, object]:
    try:
        toml = TomlFile.read(path)
    except TomlError as exc:
        raise UsageError(str(exc.problem)) from None
    table = toml.data.get("check", {})
    if not isinstance(table, dict):
        raise UsageError(f"{path}:{toml.line_of('check') or 1}: [check] must be a table")
    if not table:
        setup.problems.append(toml.problem("no [check] table: nothing to check", ""))
    for key in sorted(set(table) - _CHECK_KEYS):
        setup.problems.append(toml.problem(f"[check] unknown key {key!r}; allowed: "
                                           f"{', '.join(sorted(_CHECK_KEYS))}", "check", -1, key))
    here = Path(path).parent
    values: dict[str, object] = {}

    def bad(key: str, expected: str) -> None:
        setup.problems.append(toml.problem(f"[check] {key} must be {expected}", "check", -1, key))

    for key in ("plan", "migrations", "package"):
        if key in table and not isinstance(table[key], str):
            bad(key, "a string")
        elif key in table:
            values[key] = table[key] if key == "package" else os.path.normpath(here / table[key])
    paths = table.get("deprecated_imports", [])
    if isinstance(paths, list) and all(isinstance(p, str) for p in paths):
        values["deprecated"] = tuple(os.path.normpath(here / p) for p in paths)
    else:
        bad("deprecated_imports", "a list of paths (relative to this file)")
    lines: dict[str, int] = {}
    setup.cycles = cycle_budgets(toml, "check", table, setup.problems, lines)
    setup.cycles_at = {spec.removeprefix("cycles."): f"{path}:{line}" for spec, line in lines.items()}
    return values


def setup_from(args: argparse.Namespace) -> Setup:
    setup = Setup()
    config = _config(args.config, setup) if args.config else {}
    plan_path = args.plan or config.get("plan")
    if plan_path:
        plan, problems = read_plan(str(plan_path))
        if plan is None:
            raise UsageError("; ".join(map(str, problems)))
        setup.plan = plan
        setup.problems += problems
    setup.package = args.package or config.get("package") or None  # type: ignore[assignment]
    setup.migrations = args.migrations or str(config.get("migrations", ""))
    setup.deprecated = tuple(args.deprecated_imports or config.get("deprecated", ()))  # type: ignore[arg-type]
    if setup.deprecated and not setup.migrations:
        raise UsageError("--deprecated-imports needs the migration map: --migrations TOML "
                         "(or migrations = \"...\" in the config's [check] table)")
    if not args.plan and not args.config:
        setup.cycles = DEFAULT_CYCLES
    return setup


def findings(setup: Setup, snapshot: Snapshot, baseline: Snapshot | None,
             deprecated: Sequence[str], relative_to: str = "") -> list[Finding]:
    """Every breach at ``snapshot`` (``deprecated`` are the paths to scan, at this revision)."""
    found = problem_findings(setup.problems)
    if setup.plan is not None:
        if not snapshot.in_package(setup.plan.package):
            found += problem_findings([Problem(setup.plan.path, setup.plan.line,
                                               f"package {setup.plan.package!r} is not in the code",
                                               "plan")])
        else:
            found += plan_findings(evaluate_plan(setup.plan, snapshot, baseline), snapshot)
    for spec, maximum in setup.cycles:
        found += cycle_findings(snapshot, setup.package, spec, maximum, setup.cycles_at.get(spec, ""))
    if setup.migrations:
        migration_map, problems = load_map(setup.migrations, snapshot)
        found += problem_findings(problems)
        if deprecated:
            found += problem_findings(deprecated_uses(deprecated, migration_map), relative_to)
    return found


def _repo_of(path: Path) -> tuple[Path, str]:
    """The git repository holding ``path`` and the path's place in it."""
    try:
        top = subprocess.run(["git", "-C", str(path), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise UsageError(f"--base needs SOURCE in a git repository; {path} is not in one") from None
    inside = path.resolve().relative_to(Path(top).resolve()).as_posix()
    return Path(top), "" if inside == "." else inside


def base_source(source: str, base: str) -> tuple[str, Path, str]:
    """``REPO@BASE[:subdir]`` for SOURCE, the repository, and SOURCE's folder in it."""
    path, rev, subdir = parse_source_spec(source)
    if rev is None:
        repo, subdir = _repo_of(path)
    else:
        repo = path
    return f"{repo}@{base}" + (f":{subdir}" if subdir else ""), repo, subdir


@contextmanager
def files_at(repo: Path, rev: str, paths: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """``paths`` (on disk, inside ``repo``) as they were at ``rev``, extracted to a temporary
    folder: (the extracted paths, that folder)."""
    top = repo.resolve()
    outside = [p for p in paths if not Path(p).resolve().is_relative_to(top)]
    if outside:
        raise UsageError(f"--base compares with {rev} of {repo}, but {', '.join(outside)} "
                         "is not in that repository")
    inside = [Path(p).resolve().relative_to(top).as_posix() for p in paths]
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", rev, "--", *inside],
                             capture_output=True, check=False)
    with tempfile.TemporaryDirectory(prefix="archdocs-base-") as folder:
        if archive.returncode == 0:
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(folder, filter="data")
        yield [str(Path(folder) / rel) for rel in inside if (Path(folder) / rel).exists()], folder


def _load(source: str, args: argparse.Namespace) -> Snapshot:
    cache = cache_from(args)
    try:
        return load_snapshot(source, selection_from(args), cache=cache, jobs=args.jobs)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        cache.close()


def _display(problem: Problem, prefix: str) -> Problem:
    """A code path as a reader finds the file (plan and map paths are already)."""
    if problem.code != "cycle" or not prefix:
        return problem
    return Problem(os.path.normpath(os.path.join(prefix, problem.path)), problem.line,
                   problem.message, problem.code)


def _code_prefix(source: str) -> str:
    """Where code paths start: the folder relative to the current one, or for ``REPO@REV`` the
    folder inside the repository (what GitHub annotations expect)."""
    path, rev, subdir = parse_source_spec(source)
    if rev is None:
        return os.path.relpath(directory_base(path))
    return subdir


def emit(problems: Sequence[Problem], fmt: str, base: str | None) -> None:
    if fmt == "json":
        data = {"ok": not problems, "base": base,
                "problems": [{"path": p.path, "line": p.line, "code": p.code, "message": p.message}
                             for p in problems]}
        print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
        return
    for p in problems:
        if fmt == "github":
            message = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::error file={p.path},line={p.line or 1}::{message}")
        else:
            print(p)
    if fmt == "text":
        what = "got worse since " + base if base else "broken"
        print(f"{len(problems)} budget{'s' if len(problems) != 1 else ''} {what}" if problems
              else "all budgets kept" + (f" (compared with {base})" if base else ""), file=sys.stderr)


def _baseline(plan: Plan, snapshot: Snapshot, args: argparse.Namespace) -> Snapshot | None:
    """The code at the plan's baseline revision, read only when a move needs it (its module is
    gone and its destination missing: where did the code go?)."""
    if not plan.baseline or not any(m.status == UNRESOLVED
                                    for m in evaluate_plan(plan, snapshot).moves):
        return None
    try:
        return _load(base_source(args.source, plan.baseline)[0], args)
    except UsageError as exc:
        warn(f"the plan's baseline {plan.baseline!r} cannot be read ({exc}); moves whose module "
             "is gone without a shim are reported as unresolved")
        return None


def run(args: argparse.Namespace) -> int:
    setup = setup_from(args)
    snapshot = _load(args.source, args)
    if setup.package and not snapshot.in_package(setup.package):
        raise UsageError(f"package {setup.package!r} is not in {args.source}")
    baseline = _baseline(setup.plan, snapshot, args) if setup.plan is not None else None
    if args.base:
        spec, repo, _ = base_source(args.source, args.base)
        current = findings(setup, snapshot, baseline, setup.deprecated, str(repo))
        with files_at(repo, args.base, setup.deprecated) as (old_paths, folder):
            before = findings(setup, _load(spec, args), baseline, old_paths, folder)
        current = worse(current, before)
    else:
        current = findings(setup, snapshot, baseline, setup.deprecated)
    prefix = _code_prefix(args.source)
    problems = [_display(f.problem, prefix) for f in current]
    emit(problems, args.format, args.base)
    return 1 if problems else 0
