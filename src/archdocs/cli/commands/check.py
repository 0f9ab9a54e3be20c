"""``archdocs check``: the CI gate. Exit 1 when a budget is broken, printing ``file:line: message``.

Budgets come from the plan (``--plan``: module-count range and cycles per import-kind set of its
package, moves that must resolve) and the config (``--config``, its ``[check]`` table:
``package``, ``plan``, ``migrations``, ``contracts``, ``deprecated_imports``,
``cycles = { import-time = 0 }``; paths relative to the TOML). With neither, the budget is zero
import-time cycles; each cycle names the imports to cut to break it. An import of a module missing
from the source always fails (Python raises ImportError there). ``--migrations`` verifies the
declared migration map; ``--deprecated-imports PATHS`` fails on code still using its old paths.
Architecture contracts (``--contracts FILE``: import-linter's configuration, or ``[[contract]]``
tables, also in the config) fail at each violating import. ``--base REV`` compares with a git
revision by identity, never by line, and fails only on what is new (a ratchet); ``--baseline FILE``
does the same against a file ``--write-baseline`` wrote, and also fails on its stale entries.
``--format sarif`` writes SARIF 2.1.0 for code scanning. Exit 2
when the config, plan or map has a mistake (each on its own ``file:line`` line; nothing is checked
then), when a path, folder or revision named is not there, or when no module is found (a gate that
reads nothing does not pass).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from archdocs.analysis.checks import (
    DEFAULT_CYCLES,
    Finding,
    cycle_findings,
    missing_module_findings,
    plan_findings,
    problem_findings,
)
from archdocs.analysis.contracts.findings import contract_findings
from archdocs.analysis.contracts.model import Contract
from archdocs.analysis.contracts.read import read_contracts, read_toml_contracts
from archdocs.analysis.migrations.declared import read_declared
from archdocs.analysis.migrations.model import MigrationMap
from archdocs.analysis.migrations.usage import deprecated_uses
from archdocs.analysis.migrations.verify import verify_map
from archdocs.analysis.plan import (
    UNRESOLVED,
    Plan,
    cycle_budgets,
    evaluate_plan,
    missing_package,
    read_plan,
)
from archdocs.analysis.ratchet import (
    BaselineError,
    Comparison,
    compare,
    dump_baseline,
    identity,
    read_baseline,
    write_baseline,
)
from archdocs.cli import (
    UsageError,
    add_budget_arguments,
    add_source_arguments,
    cache_from,
    config_error,
    read_toml,
    require_folders,
    selection_from,
    warn,
)
from archdocs.config.reader import read
from archdocs.config.schema import CHECK, CONFIG_FILE
from archdocs.model import Problem, Snapshot
from archdocs.reading.errors import SourceError
from archdocs.reading.git import files_at as _files_at
from archdocs.reading.git import resolve_revision, toplevel
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import directory_base, parse_source_spec
from archdocs.render.sarif import to_sarif


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("check", help="fail (exit 1) when a budget is broken: cycles, "
                                   "module count, deprecated imports, plan entries",
                                   description=__doc__)
    add_source_arguments(parser)
    for action in parser._actions:  # SOURCE defaults to the current folder
        if action.dest == "source":
            action.nargs, action.default = "?", "."
    add_budget_arguments(parser)
    parser.add_argument("--migrations", metavar="TOML", help="declared migration map to verify "
                        "(e.g. conf/migrations.toml)")
    parser.add_argument("--deprecated-imports", nargs="+", metavar="PATH", default=None,
                        help="files or folders that must not use old import paths of the map")
    parser.add_argument("--base", metavar="REV", help="git revision to compare with: fail only on "
                        "what got worse (a ratchet)")
    parser.add_argument("--baseline", metavar="FILE", help="a baseline of findings (JSON) to "
                        "compare with, without git: fail on new findings and on entries that "
                        "match nothing any more (stale)")
    parser.add_argument("--write-baseline", action="store_true", help="write the findings of "
                        "now to the --baseline FILE (exit 0) instead of comparing")
    parser.add_argument("--format", choices=("text", "github", "json", "sarif"), default="text",
                        help="file:line lines, GitHub annotations, JSON, or SARIF 2.1.0 (for "
                        "GitHub code scanning)")
    parser.set_defaults(run=run)


@dataclass
class Setup:
    """What to check, from the options and the config (options win)."""

    package: str | None = None
    plan: Plan | None = None
    migrations: MigrationMap | None = None  #: the declared map, read (not yet verified)
    deprecated: tuple[str, ...] = ()
    cycles: tuple[tuple[str, int], ...] = ()
    cycles_at: dict[str, str] = field(default_factory=dict)
    contracts: tuple[Contract, ...] = ()  #: architecture contracts (archdocs.analysis.contracts)


def _config(path: str, setup: Setup, problems: list[Problem],
            budgets_only: bool = False) -> dict[str, object]:
    """The ``[check]`` table of the config at ``path``; its mistakes go to ``problems``. With
    ``budgets_only``, its ``migrations`` and ``deprecated_imports`` are neither taken nor checked
    (``archdocs diff`` uses neither)."""
    toml = read_toml(path)
    # the Sphinx build's [archdocs] table: its keys are read (and checked) there
    config = read(toml, CONFIG_FILE, problems, only=(CHECK.name,))
    if "check" not in toml.data and "contract" not in toml.data:
        problems.append(toml.problem("no [check] table: nothing to check"))
    if "contract" in toml.data:  # [[contract]] tables: architecture as code
        contracts, contract_problems = read_toml_contracts(toml)
        setup.contracts += tuple(contracts)
        problems += contract_problems
    if not config.entries(CHECK.name):
        return {}
    (check,) = config.entries(CHECK.name)
    here = Path(path).parent
    keys = ("plan", "package", "contracts") if budgets_only else ("plan", "migrations",
                                                                  "package", "contracts")
    values: dict[str, object] = {
        key: os.path.normpath(here / value) if CHECK.key(key).relative else value
        for key, value in check.values.items() if key in keys}
    paths = () if budgets_only else check.get("deprecated_imports")
    full = tuple(os.path.normpath(here / p) for p in paths)
    missing = [repr(p) for p, f in zip(paths, full, strict=True) if not os.path.exists(f)]
    if missing:
        problems.append(check.problem("[check] deprecated_imports must be existing paths "
                                      f"(relative to this file): {', '.join(missing)} not found",
                                      "deprecated_imports"))
    values["deprecated"] = full
    lines: dict[str, int] = {}
    setup.cycles = cycle_budgets(check, problems, lines)
    setup.cycles_at = {spec.removeprefix("cycles."): f"{path}:{line}"
                       for spec, line in lines.items()}
    return values


def setup_from(args: argparse.Namespace, budgets_only: bool = False) -> Setup:
    """The budgets; UsageError (exit 2) listing every mistake in the config, the plan and the
    map, or a path they or the options name that is not there: a gate must not pass because
    half of its configuration was ignored. ``budgets_only``: the config's migration map and
    deprecated-import paths are left alone (see :func:`_config`)."""
    setup = Setup()
    problems: list[Problem] = []
    config = _config(args.config, setup, problems, budgets_only) if args.config else {}
    plan_path = args.plan or config.get("plan")
    if plan_path:
        setup.plan, plan_problems = read_plan(str(plan_path))
        problems += plan_problems
    contracts_path = args.contracts or config.get("contracts")
    if contracts_path:
        contracts, contract_problems = read_contracts(str(contracts_path))
        setup.contracts += tuple(contracts)
        problems += contract_problems
    migrations = args.migrations or str(config.get("migrations", ""))
    if migrations:
        setup.migrations, map_problems = read_declared(read_toml(migrations))
        problems += map_problems
    if problems:
        raise config_error(problems)
    setup.package = args.package or config.get("package") or None  # type: ignore[assignment]
    setup.deprecated = tuple(args.deprecated_imports or config.get("deprecated", ()))  # type: ignore[arg-type]
    if setup.deprecated and not migrations:
        raise UsageError("--deprecated-imports needs the migration map: --migrations TOML "
                         "(or migrations = \"...\" in the config's [check] table)")
    for path in args.deprecated_imports or ():
        if not os.path.exists(path):
            raise UsageError(f"--deprecated-imports {path}: no such file or folder")
    if not args.plan and not args.config and not args.contracts:
        setup.cycles = DEFAULT_CYCLES
    return setup


def findings(setup: Setup, snapshot: Snapshot, baseline: Snapshot | None,
             deprecated: Sequence[str], relative_to: str = "") -> list[Finding]:
    """Every breach at ``snapshot`` (``deprecated`` are the paths to scan, at this revision)."""
    found: list[Finding] = []
    if setup.plan is not None:
        # Evaluated first: a package renamed since the plan's baseline is followed to its new name.
        status = evaluate_plan(setup.plan, snapshot, baseline)
        absent = missing_package(status, snapshot)
        found += problem_findings([absent]) if absent else plan_findings(status, snapshot)
    for spec, maximum in setup.cycles:
        found += cycle_findings(snapshot, setup.package, spec, maximum,
                                setup.cycles_at.get(spec, ""))
    found += missing_module_findings(snapshot, setup.package)
    found += contract_findings(setup.contracts, snapshot)
    if setup.migrations is not None:
        migration_map, problems = verify_map(setup.migrations, snapshot)
        found += problem_findings(problems)
        if deprecated:
            found += problem_findings(deprecated_uses(deprecated, migration_map), relative_to)
    return found


def _repo_of(path: Path) -> tuple[Path, str]:
    """The git repository holding ``path`` and the path's place in it."""
    top = toplevel(path)
    if top is None:
        raise UsageError(f"--base needs SOURCE in a git repository; {path} is not in one")
    inside = path.resolve().relative_to(top.resolve()).as_posix()
    return top, "" if inside == "." else inside


def base_source(source: str, base: str) -> tuple[str, Path, str]:
    """``REPO@COMMIT[:subdir]`` for SOURCE at revision ``base``, the repository, and the commit.
    ``base`` is resolved before any git command sees it, and they get the commit id: a value like
    ``--output=f`` is an unknown revision, never an option."""
    path, rev, subdir = parse_source_spec(source)
    if rev is None:
        repo, subdir = _repo_of(path)
    else:
        repo = path
    try:
        commit = resolve_revision(repo, base)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    return f"{repo}@{commit}" + (f":{subdir}" if subdir else ""), repo, commit


def files_at(repo: Path, commit: str,
             paths: Sequence[str]) -> AbstractContextManager[tuple[list[str], str]]:
    """``paths`` (on disk, inside ``repo``) as they were at ``commit`` (an id: see
    :func:`base_source`), extracted to a temporary folder: (the extracted paths, that folder)."""
    top = repo.resolve()
    outside = [p for p in paths if not Path(p).resolve().is_relative_to(top)]
    if outside:
        raise UsageError(f"--base compares with a revision of {repo}, but {', '.join(outside)} "
                         "is not in that repository")
    return _files_at(repo, commit, [Path(p).resolve().relative_to(top).as_posix() for p in paths])


def _load(source: str, args: argparse.Namespace) -> Snapshot:
    cache = cache_from(args)
    try:
        return load_snapshot(source, selection_from(args), cache=cache, jobs=args.jobs,
                             max_file_size=args.max_file_size)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    finally:
        cache.close()


def _display(problem: Problem, prefix: str) -> Problem:
    """A code path as a reader finds the file (plan and map paths are already)."""
    if problem.code not in ("cycle", "missing-module", "contract", "contract-cycle") or not prefix:
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


def _from_repo_root(problem: Problem, source: str) -> Problem:
    """``problem`` with its path relative to the repository root (SARIF's %SRCROOT%): code
    paths of ``REPO@REV`` are already; files on disk are found from the current folder."""
    path, rev, _ = parse_source_spec(source)
    if rev is not None and not os.path.isabs(problem.path) and not os.path.exists(problem.path):
        return problem
    top = toplevel(path if path.is_dir() else path.parent) or Path.cwd()
    relative = os.path.relpath(os.path.abspath(problem.path), top)
    return Problem(Path(relative).as_posix(), problem.line, problem.message, problem.code)


def _workflow_data(text: str) -> str:
    """A GitHub workflow command's message: a newline could start a command of its own."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _workflow_value(text: str) -> str:
    """A workflow command's property value: a file name of the analysed tree with ``,`` or
    ``::`` in it must not end the value and add properties or the message."""
    return _workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def emit(problems: Sequence[Problem], fmt: str, base: str | None,
         known: Sequence[tuple[str, Problem]] = ()) -> None:
    """``problems`` fail; ``known`` are (label, problem) that do not: ratchet findings still
    there, and those fixed since the base."""
    if fmt == "json":
        def listed(items: Sequence[Problem]) -> list[dict[str, object]]:
            return [{"path": p.path, "line": p.line, "code": p.code, "message": p.message}
                    for p in items]
        data = {"ok": not problems, "base": base, "problems": listed(problems)}
        for label in dict.fromkeys(label for label, _ in known):
            data[label.split(" since ")[0].replace(" ", "_")] = listed(  # still_there, fixed
                [p for lb, p in known if lb == label])
        print(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
        return
    for label, p in known:
        print(f"{label}: {p}", file=sys.stderr)
    for p in problems:
        if fmt == "github":
            print(f"::error file={_workflow_value(p.path)},line={p.line or 1}::"
                  f"{_workflow_data(p.message)}")
        else:
            print(p)
    if fmt == "text":
        what = "got worse since " + base if base else "broken"
        print(f"{len(problems)} budget{'s' if len(problems) != 1 else ''} {what}" if problems
              else "all budgets kept" + (f" (compared with {base})" if base else ""),
              file=sys.stderr)


def _baseline(plan: Plan, snapshot: Snapshot, args: argparse.Namespace) -> Snapshot | None:
    """The code at the plan's baseline revision, read only when a move needs it (its module is
    gone and its destination missing: where did the code go?), or when the plan's package is gone
    (renamed since?)."""
    if not plan.baseline or (snapshot.in_package(plan.package) and not any(
            m.status == UNRESOLVED for m in evaluate_plan(plan, snapshot).moves)):
        return None
    try:
        return _load(base_source(args.source, plan.baseline)[0], args)
    except UsageError as exc:
        warn(f"the plan's baseline {plan.baseline!r} cannot be read ({exc}); moves whose module "
             "is gone without a shim are reported as unresolved")
        return None


def run(args: argparse.Namespace) -> int:
    if args.write_baseline and not args.baseline:
        raise UsageError("--write-baseline needs --baseline FILE (where to write the findings)")
    if args.base and args.baseline:
        raise UsageError("--base REV and --baseline FILE both set what to compare with: give one")
    setup = setup_from(args)
    base = base_source(args.source, args.base) if args.base else None
    require_folders(args.source, args.root)
    snapshot = _load(args.source, args)
    if not snapshot.modules:
        raise UsageError(f"no module to check in {args.source} (a gate that reads nothing would "
                         "pass): check SOURCE, --root, --include and --exclude")
    if setup.package and not snapshot.in_package(setup.package):
        raise UsageError(f"package {setup.package!r} is not in {args.source}")
    baseline = _baseline(setup.plan, snapshot, args) if setup.plan is not None else None
    comparison: Comparison | None = None
    if base is not None:
        spec, repo, commit = base
        current = findings(setup, snapshot, baseline, setup.deprecated, str(repo))
        with files_at(repo, commit, setup.deprecated) as (old_paths, folder):
            before = findings(setup, _load(spec, args), baseline, old_paths, folder)
        comparison = compare(current, before)
    else:
        current = findings(setup, snapshot, baseline, setup.deprecated)
    prefix = _code_prefix(args.source)
    try:
        if args.write_baseline:
            write_baseline(args.baseline, dump_baseline(
                current, [_display(f.problem, prefix) for f in current]))
            print(f"wrote {len(current)} finding{'s' if len(current) != 1 else ''} to "
                  f"{args.baseline}", file=sys.stderr)
            return 0
        if args.baseline:
            comparison = compare(current, read_baseline(args.baseline))
    except BaselineError as exc:
        raise UsageError(str(exc)) from None
    stale = comparison.gone if comparison is not None and args.baseline else ()
    failing = list(current) if comparison is None else [*comparison.new, *stale]
    problems = [_display(f.problem, prefix) for f in failing]
    if args.format == "sarif":
        shown = failing if comparison is None else [*comparison.new, *comparison.still, *stale]
        states = None if comparison is None else (
            ["new"] * len(comparison.new) + ["unchanged"] * len(comparison.still)
            + ["absent"] * len(stale))
        print(to_sarif([(_from_repo_root(_display(f.problem, prefix), args.source), identity(f))
                        for f in shown], states))
        return 1 if problems else 0
    known: list[tuple[str, Problem]] = []
    if comparison is not None:
        known = [("still there", _display(f.problem, prefix)) for f in comparison.still]
        if not args.baseline:
            known += [(f"fixed since {args.base}", _display(f.problem, prefix))
                      for f in comparison.gone]
    emit(problems, args.format, args.base or (args.baseline and f"the baseline {args.baseline}"),
         known)
    return 1 if problems else 0
