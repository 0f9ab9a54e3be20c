"""What changed in a code base's architecture between two snapshots: modules added and removed,
internal imports added and removed, import cycles new, gone or changed, and contract breaches new
or fixed (matched by identity, as the ratchet does). ``archdocs diff`` prints it as a pull-request
comment (:mod:`archdocs.render.prcomment`) or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archdocs.analysis.contracts.findings import contract_findings
from archdocs.analysis.contracts.model import Contract
from archdocs.analysis.cycles import find_cycles
from archdocs.analysis.graph import build_graph
from archdocs.analysis.ratchet import compare
from archdocs.model import KIND_SETS, Problem, Snapshot

Edge = tuple[str, str]


@dataclass(frozen=True)
class ArchDiff:
    base: str
    head: str
    added_modules: tuple[str, ...]
    removed_modules: tuple[str, ...]
    added_imports: tuple[Edge, ...]  #: module → module, any kind
    removed_imports: tuple[Edge, ...]
    new_cycles: tuple[tuple[str, ...], ...]  #: member sets (import-time), sorted
    gone_cycles: tuple[tuple[str, ...], ...]
    changed_cycles: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  #: (before, after)
    broken: tuple[Problem, ...] = ()  #: contract breaches new at head
    fixed: tuple[Problem, ...] = ()  #: contract breaches of the base gone at head

    @property
    def unchanged(self) -> bool:
        return not any((self.added_modules, self.removed_modules, self.added_imports,
                        self.removed_imports, self.new_cycles, self.gone_cycles,
                        self.changed_cycles, self.broken, self.fixed))


def _cycles(snapshot: Snapshot, package: str | None) -> set[tuple[str, ...]]:
    graph = build_graph(snapshot, package, KIND_SETS["import-time"])
    return {c.members for c in find_cycles(graph)}


def diff_snapshots(base: Snapshot, head: Snapshot, package: str | None = None,
                   contracts: Sequence[Contract] = ()) -> ArchDiff:
    before = {m.name for m in base.in_package(package)}
    after = {m.name for m in head.in_package(package)}
    old_edges = set(build_graph(base, package).edges)
    new_edges = set(build_graph(head, package).edges)
    old_cycles, new_cycles = _cycles(base, package), _cycles(head, package)
    appeared, vanished = new_cycles - old_cycles, old_cycles - new_cycles
    changed = sorted((old, new) for new in appeared for old in vanished if set(old) & set(new))
    touched_new = {new for _, new in changed}
    touched_old = {old for old, _ in changed}
    comparison = compare(contract_findings(contracts, head), contract_findings(contracts, base))
    return ArchDiff(
        base.label, head.label, tuple(sorted(after - before)), tuple(sorted(before - after)),
        tuple(sorted(new_edges - old_edges)), tuple(sorted(old_edges - new_edges)),
        tuple(sorted(appeared - touched_new)), tuple(sorted(vanished - touched_old)),
        tuple(changed),
        tuple(sorted((f.problem for f in comparison.new), key=lambda p: (p.path, p.message))),
        tuple(sorted((f.problem for f in comparison.gone), key=lambda p: (p.path, p.message))))
