"""A refactoring plan as data, evaluated live against the code.

The plan file (TOML, under ``conf/``) states **targets** for one package (a module-count range
under a declared counting convention, a maximum number of cycles per import-kind set) and **moves**
grouped in
steps (source module → destination, priority, risk, notes). :func:`evaluate_plan` answers, from a
snapshot, what a handwritten plan re-counts by hand and gets wrong: which moves are done (with or
without a shim left behind), which went somewhere else, and what each pending move will touch.

.. code-block:: toml

    [plan]
    package = "bot_v2.orchestration"
    baseline = "phase-2"          # git revision the plan was written against (optional)

    [targets]
    modules = [25, 28]
    count_init = false            # __init__.py files are not modules
    count_shims = false           # nor are shims kept for one release
    lines = "physical"
    cycles = { import-time = 0 }

    [[step]]
    name = "Tier 3: extractions"

    [[step.move]]
    source = "bot_v2.orchestration.streaming_service"
    destination = "bot_v2.features.streaming.websocket_service"   # or a list, for a split
    priority = 1
    risk = "low"
    notes = "imports nothing from orchestration"
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from archdocs.analysis.cycles import strongly_connected
from archdocs.analysis.graph import ImportGraph, build_graph
from archdocs.analysis.metrics import Convention, summarize
from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.model import ImportPath
from archdocs.analysis.migrations.names import Api, top_definitions
from archdocs.analysis.migrations.shims import shim_of
from archdocs.config.reader import Entry, read
from archdocs.config.schema import PLAN_FILE
from archdocs.config.tomlfile import TomlError, TomlFile
from archdocs.model import KIND_SETS, Module, Problem, Snapshot, parse_kinds

PENDING = "pending"
DONE = "done"
SHIM = "done, shim left"
DIVERGED = "diverged"
#: Neither the source nor the destination is there, and the code was not found elsewhere: the plan
#: entry names something that does not exist (a typo, or a move nobody can trace): ``check`` fails.
UNRESOLVED = "unresolved"

@dataclass(frozen=True)
class Move:
    source: str
    destinations: tuple[str, ...]  #: more than one for a split
    step: str
    priority: int | None
    risk: str
    notes: str
    line: int  #: of its ``[[step.move]]`` header in the plan file

    @property
    def label(self) -> str:
        return f"{self.source} → {', '.join(self.destinations)}"


@dataclass(frozen=True)
class Targets:
    modules: tuple[int, int] | None  #: inclusive range, or None when the plan sets none
    convention: Convention
    count_shims: bool
    cycles: tuple[tuple[str, int], ...]  #: (kind-set spec, maximum), in file order
    lines: dict[str, int] = field(default_factory=dict, compare=False)  #: key → line in the file

    def describe(self) -> str:
        shims = "" if self.count_shims else "; shims not counted"
        return self.convention.describe() + shims


@dataclass(frozen=True)
class Plan:
    path: str
    title: str
    package: str
    baseline: str  #: git revision the plan was written against ("" when not given)
    targets: Targets
    moves: tuple[Move, ...]
    steps: tuple[tuple[str, str], ...]  #: (name, notes) in file order
    line: int  #: of the ``[plan]`` table


@dataclass(frozen=True)
class Figures:
    """What a package measures under a convention: what targets and history compare."""

    package: str | None
    modules: int
    packages: int
    lines: int
    classes: int
    functions: int
    internal_edges: int
    shims: int
    cycles: tuple[tuple[str, int], ...]  #: (kind-set name, number of cycles) for every kind set
    #: False when the package is not in the code at all (history says "absent", not 0 modules)
    present: bool = True


@dataclass(frozen=True)
class MoveStatus:
    move: Move
    status: str
    #: diverged: modules now holding the source's code; done/shim: the destinations
    where: tuple[str, ...] = ()
    detail: str = ""
    # What a pending move touches (empty for the others):
    lines: int = 0
    package_imports: tuple[str, ...] = ()  #: modules of the plan's package that the source imports
    importers: tuple[str, ...] = ()  #: every module importing the source: they must change
    projected: int | None = None  #: module count after this move (and the pending ones before it)


@dataclass(frozen=True)
class PlanStatus:
    plan: Plan
    figures: Figures
    moves: tuple[MoveStatus, ...]
    #: the plan's package under its new name, when it was renamed since the baseline ("" if not)
    renamed: str = ""

    def count(self, *statuses: str) -> int:
        return sum(1 for m in self.moves if m.status in statuses)

    def summary(self) -> str:
        """One sentence of progress (the directive and ``archdocs plan`` print it)."""
        unresolved = self.count(UNRESOLVED)
        return (f"{self.completed} of {len(self.moves)} moves completed ({self.count(DONE)} done, "
                f"{self.count(SHIM)} with a shim left); {self.count(DIVERGED)} diverged (went "
                f"elsewhere), {self.count(PENDING)} pending"
                + (f", {unresolved} unresolved" if unresolved else "") + ".")

    @property
    def completed(self) -> int:
        """Moves done as planned, with or without a shim: a move whose code went somewhere else
        (diverged) is not the planned move, so it does not count."""
        return self.count(DONE, SHIM)


# --- reading --------------------------------------------------------------------------------------


def cycle_budgets(entry: Entry, problems: list[Problem],
                  lines: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """``cycles = { import-time = 0, all = 2 }`` of ``entry`` (a plan's targets, a config's
    check): (kind set, maximum) pairs; each one's line goes in ``lines`` as ``cycles.<set>``."""
    budgets = []
    toml, table = entry.toml, entry.table.name
    for spec, maximum in entry.get("cycles").items():
        line = toml.line_of(f"{table}.cycles", -1, spec) or entry.line_of("cycles")
        try:
            parse_kinds(spec)
        except ValueError as exc:
            problems.append(Problem(toml.path, line, f"cycles: {exc}", "config"))
            continue
        if not isinstance(maximum, int) or isinstance(maximum, bool) or maximum < 0:
            problems.append(Problem(toml.path, line, f"cycles: {spec} = {maximum!r}: the maximum "
                                    "must be a whole number >= 0", "config"))
            continue
        budgets.append((spec, maximum))
        lines[f"cycles.{spec}"] = line
    return tuple(budgets)


def _targets(entry: Entry, problems: list[Problem]) -> Targets:
    lines = {key: entry.line_of(key) for key in entry.data}
    modules = entry.get("modules")
    return Targets(None if modules is None else (modules[0], modules[1]),
                   Convention(entry.get("count_init"), entry.get("lines")),
                   entry.get("count_shims"), cycle_budgets(entry, problems, lines), lines)


def _move(entry: Entry, step: str, problems: list[Problem]) -> Move | None:
    if any(key in entry.data and key not in entry.values for key in ("source", "destination")):
        return None  # the reader said what is wrong with it
    source = entry.get("source").strip()
    raw = entry.get("destination")
    destinations = [d.strip() for d in ([raw] if isinstance(raw, str) else raw)]
    if not source or not destinations or not all(destinations):
        problems.append(entry.problem("a move needs source = \"pkg.module\" and destination = "
                                      "\"pkg.new_module\" (or a list, for a split)"))
        return None
    return Move(source, tuple(destinations), step, entry.get("priority"),
                entry.get("risk").strip(), entry.get("notes").strip(), entry.line_of())


def read_plan(path: str | Path) -> tuple[Plan | None, list[Problem]]:
    """The plan at ``path`` and every problem in it at ``file:line``; None when it is unusable
    (unreadable, not TOML, or naming no package)."""
    try:
        toml = TomlFile.read(path)
    except TomlError as exc:
        return None, [exc.problem]
    problems: list[Problem] = []
    plan = read(toml, PLAN_FILE, problems)
    head = plan.entries("plan")[0] if plan.entries("plan") else None
    package = head.get("package").strip() if head else ""
    if head is None or not package:
        problems.append(toml.problem("[plan] needs package = \"the.package\" (the package the "
                                     "targets and moves are about)", "plan"))
        return None, problems
    targets = plan.entries("targets")
    moves: list[Move] = []
    steps: list[tuple[str, str]] = []
    for index, step in enumerate(plan.entries("step")):
        name = step.get("name").strip() or f"Step {index + 1}"
        steps.append((name, step.get("notes").strip()))
        moves += filter(None, (_move(move, name, problems) for move in step.entries("move")))
    return Plan(str(path), head.get("title").strip(), package, head.get("baseline").strip(),
                _targets(targets[0] if targets else Entry(toml, PLAN_FILE.table("targets"), -1, {}),
                         problems),
                tuple(moves), tuple(steps), head.line_of()), problems


# --- measuring ------------------------------------------------------------------------------------


def count_cycles(snapshot: Snapshot, package: str | None, kinds: frozenset[Any]) -> int:
    return len(strongly_connected(build_graph(snapshot, package, kinds)))


def _cycle_counts(snapshot: Snapshot, package: str | None) -> tuple[tuple[str, int], ...]:
    """Cycles for every named kind set, from one graph whose edges are filtered by kind (history
    measures every revision: one graph build instead of three)."""
    whole = build_graph(snapshot, package)
    counts = []
    for name, kinds in KIND_SETS.items():
        edges = {edge: kept for edge, imports in whole.edges.items()
                 if (kept := tuple(i for i in imports if i.kind in kinds))}
        graph = ImportGraph(whole.nodes, edges, package, None, kinds)
        counts.append((name, len(strongly_connected(graph))))
    return tuple(counts)


def counted_modules(snapshot: Snapshot, package: str | None, convention: Convention,
                    count_shims: bool = True) -> list[Module]:
    return [m for m in snapshot.in_package(package)
            if convention.counts(m) and (count_shims or shim_of(m) is None)]


def measure(snapshot: Snapshot, package: str | None, convention: Convention,
            count_shims: bool = True) -> Figures:
    """The figures of ``package`` under one convention (cycles for every named kind set)."""
    summary = summarize(snapshot, package, convention)
    counted = counted_modules(snapshot, package, convention, count_shims)
    shims = sum(1 for m in snapshot.in_package(package) if shim_of(m) is not None)
    return Figures(package, len(counted), summary.packages,
                   sum(convention.line_count(m) for m in counted), summary.classes,
                   summary.functions, summary.internal_edges, shims,
                   _cycle_counts(snapshot, package), package is None or _exists(snapshot, package))


def cycles_of(figures: Figures, snapshot: Snapshot, spec: str) -> int:
    """Cycles for ``spec`` (a named set from ``figures``, else counted)."""
    kinds = parse_kinds(spec)
    for name, count in figures.cycles:
        if KIND_SETS[name] == kinds:
            return count
    return count_cycles(snapshot, figures.package, kinds)


# --- evaluating -----------------------------------------------------------------------------------


def _exists(snapshot: Snapshot, name: str) -> bool:
    return name in snapshot or snapshot.is_package_name(name)


def _in(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _shim_targets(snapshot: Snapshot, module: Module) -> set[str]:
    targets = {r.source_module for r in module.reexports}
    targets.update(t for t in (snapshot.nearest(d) for d in module.facts.getattr_targets) if t)
    return targets - {module.name}


def where_code_went(baseline: Snapshot, snapshot: Snapshot, module: str) -> tuple[str, ...]:
    """Modules of ``snapshot`` now holding what ``module`` defined at ``baseline``: the migration
    engine's inference (definitions matched by name, kind and body; a shim's own targets first)."""
    entry = infer_map(baseline, snapshot, module).get(ImportPath(module))
    return tuple(path.module for path in entry.new) if entry is not None else ()


def _split_into_package(move: Move, snapshot: Snapshot, baseline: Snapshot | None,
                        origin: str) -> MoveStatus | None:
    """A source module that became a same-named package whose ``__init__`` only re-exports from
    its own submodules (``app/big.py`` → ``app/big/alpha.py``, ``app/big/beta.py``): done when the
    planned destinations are those submodules, else diverged; the evidence says where each
    definition went. None when the source is not such a package."""
    source = snapshot.get(move.source)
    old = baseline.get(origin) if baseline is not None else None
    if source is None or not source.is_package or top_definitions(source) or (
            old is not None and old.is_package):
        return None
    api = Api(snapshot)
    names = set(top_definitions(old)) if old is not None else {r.name for r in source.reexports}
    went = {}
    for name in sorted(names):
        found = api.resolve(move.source, name)
        if found is not None and found.origin.name and found.origin.module != move.source \
                and _in(found.origin.module, move.source):
            went[name] = found.origin.module
    if not went:
        return None
    where = tuple(sorted(set(went.values())))
    evidence = "split into a package: " + ", ".join(f"{n} → {m}" for n, m in went.items())
    if set(move.destinations) <= set(where):
        return MoveStatus(move, DONE, where, evidence)
    return MoveStatus(move, DIVERGED, where, f"{evidence}; not {', '.join(move.destinations)}")


def _status(move: Move, snapshot: Snapshot, baseline: Snapshot | None, origin: str) -> MoveStatus:
    """``origin``: the source's name at the baseline (the plan's own, unless its package was
    renamed since)."""
    split = _split_into_package(move, snapshot, baseline, origin)
    if split is not None:
        return split
    source = snapshot.get(move.source)
    shim = shim_of(source) if source is not None else None
    missing = [d for d in move.destinations if not _exists(snapshot, d)]
    if not missing:
        if source is None:
            return MoveStatus(move, DONE, move.destinations)
        if shim is not None:
            style = "lazily (module __getattr__)" if shim.style == "getattr" else "eagerly"
            warns = "warns" if shim.warns else "does not warn"
            return MoveStatus(move, SHIM, move.destinations,
                              f"{move.source} re-exports {style} and {warns}")
        return MoveStatus(move, PENDING, detail="the destination exists, but the source still "
                          "holds code of its own")
    if source is not None and shim is None:
        return MoveStatus(move, PENDING)
    # The source left (or is a shim) and the destination is not there: where did the code go?
    where = tuple(sorted(_shim_targets(snapshot, source))) if source is not None else ()
    old = baseline.get(origin) if baseline is not None else None
    if old is not None and baseline is not None:
        where = where_code_went(baseline, snapshot, origin) or where
    if where:
        return MoveStatus(move, DIVERGED, where, f"moved to {', '.join(where)}, not "
                          f"{', '.join(missing)}" + (" (shim left)" if shim else ""))
    destination = f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in the code"
    if source is not None:
        detail = f"{move.source} is a shim that names no module of the code, and {destination}"
    elif baseline is None:
        detail = (f"neither {move.source} nor {', '.join(missing)} is in the code; give the plan a "
                  "baseline revision to find where its code went")
    elif old is None:
        detail = f"{move.source} is not in the code, nor at the baseline {baseline.label}"
    else:
        detail = f"{move.source} is gone, its code was not found elsewhere, and {destination}"
    return MoveStatus(move, UNRESOLVED, detail=detail)


def renamed_package(plan: Plan, snapshot: Snapshot, baseline: Snapshot | None) -> str:
    """The plan's package under its new name, when it is gone from ``snapshot`` and the inferred
    map from the baseline sends its modules to one other package (``oldname.x → newname.x``);
    "" when it is there, or when nothing says where it went."""
    if baseline is None or snapshot.in_package(plan.package) \
            or not baseline.in_package(plan.package):
        return ""
    prefixes: Counter[str] = Counter()
    for entry in infer_map(baseline, snapshot, plan.package, private=True).entries:
        if entry.old.name or len(entry.new) != 1:
            continue
        suffix = entry.old.module[len(plan.package):]
        new = entry.new[0].module
        if suffix and new.endswith(suffix):
            prefixes[new[:-len(suffix)]] += 1
    # Most modules agree; on a tie, a package at the same depth (a rename, not a move inside it).
    depth = plan.package.count(".")
    ranked = sorted(prefixes.items(), key=lambda kv: (-kv[1], kv[0].count(".") != depth, kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]
                      and (ranked[1][0].count(".") == depth) == (ranked[0][0].count(".") == depth)):
        return ""
    return ranked[0][0]


def _renamed(name: str, old: str, new: str) -> str:
    return new + name[len(old):] if _in(name, old) else name


def missing_package(status: PlanStatus, snapshot: Snapshot) -> Problem | None:
    """The plan's package is not in the code, under its name nor renamed (``check`` fails on it,
    ``plan`` warns); None when it is there."""
    plan = status.plan
    if snapshot.in_package(status.renamed or plan.package):
        return None
    hint = "" if plan.baseline else "; give the plan a baseline revision to follow a rename"
    return Problem(plan.path, plan.line, f"package {plan.package!r} is not in the code{hint}",
                   "plan")


def evaluate_plan(plan: Plan, snapshot: Snapshot, baseline: Snapshot | None = None) -> PlanStatus:
    """Every move's status at ``snapshot``; ``baseline`` (the code when the plan was written) lets a
    move whose source is gone without a trace be found elsewhere by its definitions, and follows
    the plan's package through a rename (each move is then evaluated against the new names)."""
    renamed = renamed_package(plan, snapshot, baseline)
    if renamed:
        moves = tuple(replace(m, source=_renamed(m.source, plan.package, renamed),
                              destinations=tuple(_renamed(d, plan.package, renamed)
                                                 for d in m.destinations)) for m in plan.moves)
        followed = _evaluate(replace(plan, package=renamed, moves=moves), snapshot, baseline,
                             tuple(m.source for m in plan.moves))
        # Report against the plan as written; the evidence says which names were followed.
        return PlanStatus(plan, followed.figures, tuple(
            replace(m, move=original, detail="; ".join(filter(None, (
                f"package {plan.package} renamed {renamed}: evaluated as {m.move.label}",
                m.detail))))
            for original, m in zip(plan.moves, followed.moves, strict=True)), renamed)
    return _evaluate(plan, snapshot, baseline, tuple(m.source for m in plan.moves))


def _evaluate(plan: Plan, snapshot: Snapshot, baseline: Snapshot | None,
              origins: tuple[str, ...]) -> PlanStatus:
    """:func:`evaluate_plan` under the names the code has now; ``origins`` are the moves' sources
    at the baseline."""
    targets = plan.targets
    figures = measure(snapshot, plan.package, targets.convention, targets.count_shims)
    graph = build_graph(snapshot, None)
    successors, predecessors = graph.successors(), graph.predecessors()
    counted = {m.name for m in counted_modules(snapshot, plan.package, targets.convention,
                                               targets.count_shims)}
    running = figures.modules
    out = []
    for move, origin in zip(plan.moves, origins, strict=True):
        status = _status(move, snapshot, baseline, origin)
        if status.status == PENDING:
            module = snapshot.get(move.source)
            assert module is not None
            leaves = 1 if move.source in counted else 0
            arrives = sum(1 for d in move.destinations
                          if _in(d, plan.package) and not _exists(snapshot, d))
            running += arrives - leaves
            status = MoveStatus(
                move, PENDING, detail=status.detail,
                lines=targets.convention.line_count(module),
                package_imports=tuple(t for t in successors.get(move.source, ())
                                      if _in(t, plan.package) and t != move.source),
                importers=tuple(predecessors.get(move.source, ())),
                projected=running)
        out.append(status)
    return PlanStatus(plan, figures, tuple(out))
