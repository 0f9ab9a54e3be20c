"""Budgets a code base must keep, as findings that CI turns into an exit status.

Each finding is a :class:`~archdocs.model.Problem` (``file:line: message``) plus a *key* that names
the same breach at another revision without line numbers, and how far beyond the budget it is. The
ratchet (:func:`worse`) keeps only what got worse than at a base revision, so a team can adopt a
budget on a code base that does not meet it yet: existing breaches are tolerated, new ones fail
(the way teams adopt import contracts on code that breaks them today, without a hand-kept
allow-list that only ever grows).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from archdocs.analysis.cycles import Cycle, find_cycles
from archdocs.analysis.graph import build_graph
from archdocs.analysis.plan import UNRESOLVED, PlanStatus
from archdocs.model import Problem, Snapshot, kinds_label, parse_kinds

#: With neither a plan nor a config: no import-time cycle at all.
DEFAULT_CYCLES = (("import-time", 0),)


@dataclass(frozen=True)
class Finding:
    problem: Problem
    key: str  #: identity across revisions: no line numbers, no counts
    excess: int = 1  #: how far beyond the budget (compared by the ratchet)
    #: modules a cycle holds: at the base, a cycle that held them all makes this one no worse
    scope: frozenset[str] = frozenset()


def cycle_findings(snapshot: Snapshot, package: str | None, spec: str, maximum: int,
                   budget_at: str = "") -> list[Finding]:
    """Every cycle of ``package`` under the kind set ``spec`` when there are more than ``maximum``,
    each at the import statement that starts its witness (where a developer would cut it)."""
    kinds = parse_kinds(spec)
    cycles = find_cycles(build_graph(snapshot, package, kinds, implied=True))
    if len(cycles) <= maximum:
        return []
    paths = {m.name: m.path for m in snapshot.modules}
    label = kinds_label(kinds)
    where = f" (budget set at {budget_at})" if budget_at else ""
    found = []
    for cycle in cycles:
        first = cycle.steps[0][2][0]
        count = f"{len(cycles)} {label} cycle{'s' if len(cycles) != 1 else ''}"
        caught = (f" (one of the cycles through its {cycle.size} modules: "
                  f"{', '.join(cycle.members)})" if cycle.size > len(cycle.witness) - 1 else "")
        message = (f"import cycle ({label}): {' → '.join(cycle.witness)}{caught}; {count} in "
                   f"{package or 'the code'}, the budget is {maximum}{where}; "
                   f"{breakers_text(cycle, paths)}")
        found.append(Finding(Problem(paths[first.importer], first.line, message, "cycle"),
                             f"cycle|{label}", scope=frozenset(cycle.members)))
    return found


def breakers_text(cycle: Cycle, paths: Mapping[str, str]) -> str:
    """``to break it, cut: a.py:3, b.py:7 (fewest imports)``: the statements whose removal leaves
    the cycle's modules without any cycle, and whether that set is a smallest one."""
    where = ", ".join(f"{paths[i.importer]}:{i.line}" for _, _, i in cycle.breakers)
    how = "fewest imports" if cycle.exact else (
        f"approximate: a greedy choice, {cycle.size} modules are too many to search")
    return f"to break it, cut: {where} ({how})"


def missing_module_findings(snapshot: Snapshot, package: str | None) -> list[Finding]:
    """Imports of modules that are not in the source (Python raises ImportError there)."""
    paths = {m.path for m in snapshot.in_package(package)}
    return problem_findings(p for p in snapshot.problems
                            if p.code == "missing-module" and p.path in paths)


def plan_findings(status: PlanStatus, snapshot: Snapshot) -> list[Finding]:
    """The plan's targets (module count, cycles) and its moves that name nothing in the code."""
    plan, targets, figures = status.plan, status.plan.targets, status.figures
    package = status.renamed or plan.package  # a renamed package is measured under its new name
    found = []
    if targets.modules is not None:
        low, high = targets.modules
        excess = low - figures.modules if figures.modules < low else figures.modules - high
        if excess > 0:
            message = (f"{package} has {figures.modules} modules, outside the target range "
                       f"{low}–{high} ({targets.describe()})")
            where = targets.lines.get("modules", plan.line)
            found.append(Finding(Problem(plan.path, where, message, "modules"),
                                 f"modules|{plan.package}", excess))
    for spec, maximum in targets.cycles:
        found += cycle_findings(snapshot, package, spec, maximum,
                                f"{plan.path}:{targets.lines.get(f'cycles.{spec}', 0)}")
    for move in status.moves:
        if move.status == UNRESOLVED:
            message = f"plan move {move.move.label} does not resolve: {move.detail}"
            found.append(Finding(Problem(plan.path, move.move.line, message, "plan"),
                                 f"plan|{move.move.label}"))
    return found


def problem_findings(problems: Iterable[Problem], relative_to: str = "") -> list[Finding]:
    """Findings for problems that have no budget but zero (bad plan or map entries, deprecated
    imports in use); the key names the file relative to ``relative_to`` (so that a checkout of
    another revision elsewhere gives the same keys) and the message."""
    found = []
    for problem in problems:
        path = os.path.relpath(problem.path, relative_to) if relative_to else problem.path
        found.append(Finding(problem, f"{problem.code}|{path}|{problem.message}"))
    return found


def worse(current: Sequence[Finding], base: Sequence[Finding]) -> list[Finding]:
    """Findings that are new since ``base``, or further beyond their budget than there. A cycle is
    no worse when a cycle of the base held all its modules (one that shrank is progress); repeated
    keys (two uses of the same old path in one file) are compared by how many there are."""
    base_excess: dict[str, int] = {}
    for finding in base:
        base_excess[finding.key] = max(base_excess.get(finding.key, 0), finding.excess)
    base_count = Counter(f.key for f in base)
    seen: Counter[str] = Counter()
    out = []
    for finding in current:
        if finding.scope:
            if not any(b.key == finding.key and finding.scope <= b.scope for b in base):
                out.append(finding)
            continue
        seen[finding.key] += 1
        if finding.key not in base_excess or finding.excess > base_excess[finding.key] \
                or seen[finding.key] > base_count[finding.key]:
            out.append(finding)
    return out
