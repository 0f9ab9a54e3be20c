"""What changed in a code base's architecture between two snapshots: modules added, removed and
moved (with the migration entries inferred for them), internal imports added and removed, import
cycles new, gone or changed per kind set, contract breaches new or fixed (matched by identity, as
the ratchet does), budgets crossed either way, and the inventory of the modules these changes
touch (lines, fan-in, fan-out). ``archdocs diff`` prints it as a pull-request comment
(:mod:`archdocs.render.prcomment`) or JSON.

Line counts alone are no architectural change: a diff whose only news is edited lines inside
modules is :attr:`ArchDiff.unchanged` (the comment is one line then).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from archdocs.analysis.checks import Finding
from archdocs.analysis.contracts.findings import contract_findings
from archdocs.analysis.contracts.model import Contract
from archdocs.analysis.cycles import strongly_connected
from archdocs.analysis.graph import ImportGraph, build_graph, build_graphs
from archdocs.analysis.metrics import Convention
from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.model import Entry
from archdocs.analysis.migrations.release import Release
from archdocs.analysis.plan import counted_modules
from archdocs.analysis.ratchet import compare
from archdocs.analysis.views import NODE_BUDGET
from archdocs.model import KIND_SETS, Problem, Snapshot, kinds_label, parse_kinds

Edge = tuple[str, str]


@dataclass(frozen=True)
class Move:
    """A module that moved (or was split), as the migration map infers it from the code."""

    old: str
    new: tuple[str, ...]
    entry: Entry  #: the module's own entry: change (moved, renamed, split) and status
    names: tuple[Entry, ...] = ()  #: entries of the names it held


@dataclass(frozen=True)
class Figures:
    """A module's inventory figures at one revision (fan-in/out: internal modules, any kind)."""

    lines: int
    fan_in: int
    fan_out: int


@dataclass(frozen=True)
class InventoryDelta:
    module: str
    before: Figures | None  #: None: not there at the base
    after: Figures | None  #: None: not there at the head


@dataclass(frozen=True)
class CycleBudget:
    """At most ``maximum`` import cycles of kind set ``spec`` in ``package``."""

    spec: str
    maximum: int
    package: str | None
    where: str  #: ``file:line`` of the budget


@dataclass(frozen=True)
class ModuleBudget:
    """Between ``low`` and ``high`` modules in ``package``, counted as the plan counts them."""

    low: int
    high: int
    package: str
    convention: Convention
    count_shims: bool
    where: str


Budget = CycleBudget | ModuleBudget


@dataclass(frozen=True)
class BudgetCrossing:
    """A budget kept at one revision and broken at the other."""

    what: str  #: ``import-time cycles in app``
    limit: str  #: ``at most 0``, ``between 25 and 28``
    where: str
    before: int
    after: int
    broken: bool  #: broken at the head (else: kept again)


@dataclass(frozen=True)
class CycleChange:
    """An import cycle (its member set) new, gone or changed under one kind set."""

    kinds: str  #: a name of :data:`~archdocs.model.KIND_SETS`
    status: str  #: new, gone or changed
    members: tuple[str, ...]  #: sorted; at the head (at the base when gone)
    before: tuple[str, ...] = ()  #: a changed cycle's members at the base


@dataclass(frozen=True)
class ArchDiff:
    base: str
    head: str
    added_modules: tuple[str, ...]  #: not counting the new homes of moves
    removed_modules: tuple[str, ...]  #: not counting moves
    added_imports: tuple[Edge, ...]  #: module → module, any kind
    removed_imports: tuple[Edge, ...]
    #: per kind set, narrowest first; a change already said for a narrower set is not repeated
    cycles: tuple[CycleChange, ...]
    broken: tuple[Problem, ...] = ()  #: contract breaches new at head
    fixed: tuple[Problem, ...] = ()  #: contract breaches of the base gone at head
    moved: tuple[Move, ...] = ()
    budgets: tuple[BudgetCrossing, ...] = ()
    #: the modules added, removed, moved or at either end of a changed import
    inventory: tuple[InventoryDelta, ...] = ()

    @property
    def unchanged(self) -> bool:
        return not any((self.added_modules, self.removed_modules, self.added_imports,
                        self.removed_imports, self.cycles, self.broken, self.fixed, self.moved,
                        self.budgets))


#: Kind sets from the narrowest: a cycle of import-time imports is one of every wider set too.
CYCLE_KINDS = ("import-time", "no-type-checking", "all")


def _package_graphs(snapshot: Snapshot, package: str | None) -> dict[str, ImportGraph]:
    """The package's graph for each of :data:`CYCLE_KINDS`, built in one pass, with the parent
    packages an import runs first (as the report, the cycles section and archdocs check find
    cycles); the ``all`` graph's explicit edges are the imports the diff compares."""
    graphs = build_graphs(snapshot, package, [KIND_SETS[k] for k in CYCLE_KINDS], implied=True)
    return dict(zip(CYCLE_KINDS, graphs, strict=True))


def _members(graph: ImportGraph) -> set[tuple[str, ...]]:
    return {tuple(sorted(members)) for members in strongly_connected(graph)}


def _cycle_changes(base: Mapping[str, ImportGraph],
                   head: Mapping[str, ImportGraph]) -> tuple[CycleChange, ...]:
    found: list[CycleChange] = []
    said: set[tuple[str, tuple[str, ...], tuple[str, ...]]] = set()
    for kinds in CYCLE_KINDS:
        old, new = _members(base[kinds]), _members(head[kinds])
        appeared, vanished = new - old, old - new
        changed = sorted((a, b) for b in appeared for a in vanished if set(a) & set(b))
        grown, shrunk = {b for _, b in changed}, {a for a, _ in changed}
        changes = [CycleChange(kinds, "changed", after, before) for before, after in changed]
        changes += [CycleChange(kinds, "new", m) for m in sorted(appeared - grown)]
        changes += [CycleChange(kinds, "gone", m) for m in sorted(vanished - shrunk)]
        for change in changes:
            if (change.status, change.members, change.before) not in said:
                said.add((change.status, change.members, change.before))
                found.append(change)
    return tuple(found)


def _moves(base: Snapshot | Release, head: Snapshot | Release,
           package: str | None) -> tuple[Move, ...]:
    """Modules moved or split, private ones included: a pull request's reader cares where
    internal code went as much as public code."""
    entries = infer_map(base, head, package, private=True).entries
    moves = []
    for entry in entries:
        if entry.kind == "module" and entry.change != "removed" and entry.new:
            names = tuple(e for e in entries if e.old.module == entry.old.module and e.old.name)
            moves.append(Move(entry.old.module, tuple(p.module for p in entry.new), entry, names))
    return tuple(moves)


def _figures(snapshot: Snapshot) -> dict[str, Figures]:
    graph = build_graph(snapshot)  # fan-in/out over the whole snapshot, as the inventory counts
    successors, predecessors = graph.successors(), graph.predecessors()
    return {m.name: Figures(m.facts.lines, len(predecessors.get(m.name, ())),
                            len(successors.get(m.name, ()))) for m in snapshot.modules}


def _count(snapshot: Snapshot, budget: Budget) -> int:
    if isinstance(budget, CycleBudget):  # as archdocs check counts them
        kinds = parse_kinds(budget.spec)
        return len(strongly_connected(build_graph(snapshot, budget.package, kinds, implied=True)))
    return len(counted_modules(snapshot, budget.package, budget.convention, budget.count_shims))


def _crossings(base: Snapshot, head: Snapshot,
               budgets: Sequence[Budget]) -> tuple[BudgetCrossing, ...]:
    found = []
    for budget in budgets:
        before, after = _count(base, budget), _count(head, budget)
        if isinstance(budget, CycleBudget):
            what = (f"{kinds_label(parse_kinds(budget.spec))} cycles in "
                    f"{budget.package or 'the code'}")
            limit, low, high = f"at most {budget.maximum}", 0, budget.maximum
        else:
            what = f"modules in {budget.package} ({budget.convention.describe()})"
            limit, low, high = f"between {budget.low} and {budget.high}", budget.low, budget.high
        kept_before, kept_after = low <= before <= high, low <= after <= high
        if kept_before != kept_after:
            found.append(BudgetCrossing(what, limit, budget.where, before, after, kept_before))
    return tuple(found)


def _problems(findings: Sequence[Finding]) -> tuple[Problem, ...]:
    return tuple(sorted((f.problem for f in findings), key=lambda p: (p.path, p.message)))


def diff_snapshots(old: Snapshot | Release, new: Snapshot | Release, package: str | None = None,
                   contracts: Sequence[Contract] = (), budgets: Sequence[Budget] = ()) -> ArchDiff:
    """The changes from ``old`` to ``new``. Given as :class:`Release` sides (``load_release``),
    moves are inferred as ``archdocs migrations`` infers them: with the names a package's
    ``__getattr__`` serves, the modules shipped only compiled and the ``.pyi`` stubs."""
    base, head = (side.snapshot if isinstance(side, Release) else side for side in (old, new))
    before = {m.name for m in base.in_package(package)}
    after = {m.name for m in head.in_package(package)}
    old_graphs, new_graphs = _package_graphs(base, package), _package_graphs(head, package)
    old_edges, new_edges = set(old_graphs["all"].edges), set(new_graphs["all"].edges)
    comparison = compare(contract_findings(contracts, head), contract_findings(contracts, base))
    # a move needs a module to appear (its new home) or to go (merged into another)
    moved = _moves(old, new, package) if before != after else ()
    homes = {n for move in moved for n in move.new}
    added = tuple(sorted(after - before - homes))
    removed = tuple(sorted(before - after - {move.old for move in moved}))
    added_edges, removed_edges = sorted(new_edges - old_edges), sorted(old_edges - new_edges)
    touched = set(added) | set(removed) | homes | {move.old for move in moved} | {
        n for edge in added_edges + removed_edges for n in edge}
    old_figures, new_figures = _figures(base), _figures(head)
    inventory = tuple(InventoryDelta(n, old_figures.get(n), new_figures.get(n))
                      for n in sorted(touched) if old_figures.get(n) != new_figures.get(n))
    return ArchDiff(
        base.label, head.label, added, removed, tuple(added_edges), tuple(removed_edges),
        _cycle_changes(old_graphs, new_graphs), _problems(comparison.new),
        _problems(comparison.gone), moved, _crossings(base, head, budgets), inventory)


@dataclass(frozen=True)
class ChangedEdge:
    importer: str  #: a module, or a package standing for its modules (folded)
    target: str
    status: str  #: added or removed
    imports: int = 1  #: how many module → module edges it stands for


@dataclass(frozen=True)
class Neighbourhood:
    """What the comment's diagram draws: the changed imports and their two ends only."""

    nodes: tuple[str, ...]
    folded: frozenset[str]  #: nodes that stand for a package's modules
    edges: tuple[ChangedEdge, ...]


def neighbourhood(diff: ArchDiff, budget: int = NODE_BUDGET) -> Neighbourhood:
    """The changed imports between their ends. While there are more than ``budget`` ends, the
    neighbours (ends that were not themselves added, removed or moved) are folded into their
    packages, one level at a time; an import inside one folded package is then not drawn (the
    lists still have it)."""
    changed = {*diff.added_modules, *diff.removed_modules,
               *(n for move in diff.moved for n in (move.old, *move.new))}
    pairs = [(a, b, "added") for a, b in diff.added_imports]
    pairs += [(a, b, "removed") for a, b in diff.removed_imports]
    names = {n for a, b, _ in pairs for n in (a, b)}
    depth = max((n.count(".") + 1 for n in names), default=0)

    def fold(name: str) -> str:
        return name if name in changed else ".".join(name.split(".")[:depth])

    while depth > 1 and len({fold(n) for n in names}) > budget:
        depth -= 1
    counts: dict[tuple[str, str, str], int] = {}
    for a, b, status in pairs:
        ends = fold(a), fold(b)
        if ends[0] != ends[1]:
            counts[(*ends, status)] = counts.get((*ends, status), 0) + 1
    edges = tuple(ChangedEdge(a, b, status, number) for (a, b, status), number in counts.items())
    nodes = tuple(sorted({n for e in edges for n in (e.importer, e.target)}))
    return Neighbourhood(nodes, frozenset(fold(n) for n in names if fold(n) != n), edges)
