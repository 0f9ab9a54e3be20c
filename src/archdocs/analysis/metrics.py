"""Per-module metrics, the inventory summary and extraction candidates, computed with one declared
counting convention so that figures compared across revisions mean the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from archdocs.analysis.cycles import dependents_counts
from archdocs.analysis.graph import ImportGraph, build_graph
from archdocs.model import KIND_SETS, Counts, ImportKind, Module, Snapshot


@dataclass(frozen=True)
class Convention:
    """How modules and lines are counted. The team in our running example compared "40 modules"
    (with ``__init__.py``) to "31" (without): one explicit convention prevents that."""

    include_init: bool = False  #: count ``__init__.py`` files as modules
    lines: str = "physical"  #: ``physical`` or ``code`` (neither blank nor comment-only)

    def __post_init__(self) -> None:
        if self.lines not in ("physical", "code"):
            raise ValueError(f"lines convention must be 'physical' or 'code', not {self.lines!r}")

    def counts(self, module: Module) -> bool:
        return self.include_init or not module.is_package

    def line_count(self, module: Module) -> int:
        return self.lines_of(module.counts)  # not the facts: a cached module's header holds these

    def lines_of(self, counts: Counts) -> int:
        return counts.lines if self.lines == "physical" else counts.code_lines

    def describe(self) -> str:
        init = "including" if self.include_init else "not counting"
        return f"modules {init} __init__.py files; {self.lines} lines"


class ModuleMetrics(NamedTuple):
    """A module's figures. A named tuple, as the model's per-import records: one is made per
    module of every report, and a frozen dataclass's ``__init__`` of twelve fields costs ten
    times as much (20 ms on homeassistant's warm report)."""

    name: str
    path: str
    is_package: bool
    lines: int
    code_lines: int
    classes: int
    functions: int
    imports: tuple[str, ...]  #: internal modules it imports (whole snapshot)
    imported_by: tuple[str, ...]  #: internal modules importing it (whole snapshot)
    package_imports: tuple[str, ...]  #: modules inside the chosen package that it imports
    transitive_dependents: int  #: modules that reach it through imports
    external: tuple[str, ...]  #: external top-level packages it imports

    @property
    def fan_in(self) -> int:
        return len(self.imported_by)

    @property
    def fan_out(self) -> int:
        return len(self.imports)


@dataclass(frozen=True)
class Summary:
    """Figures of a package. Modules, lines, classes and functions are those of the counted
    modules (the convention: an ``__init__.py`` counts for all four or for none, as in the
    inventory's totals row); ``packages`` counts package folders and ``internal_edges`` the
    imports between any two of its files, as the diagrams draw them."""

    package: str | None
    convention: Convention
    modules: int
    packages: int
    lines: int
    classes: int
    functions: int
    internal_edges: int

    def describe(self) -> str:
        return (f"{self.modules} modules, {self.lines:,} {self.convention.lines} lines, "
                f"{self.classes} classes ({self.convention.describe()})")


@dataclass(frozen=True)
class GraphFacts:
    """What per-module figures need from the whole module graph of one kind set: computed once
    per snapshot (the Sphinx extension memoises it per build, for every page), never changed."""

    graph: ImportGraph
    successors: Mapping[str, tuple[str, ...]]  #: internal modules each module imports
    predecessors: Mapping[str, tuple[str, ...]]  #: internal modules importing each module
    dependents: Mapping[str, int]  #: how many modules reach each one through imports

    @classmethod
    def of(cls, snapshot: Snapshot, kinds: frozenset[ImportKind]) -> GraphFacts:
        return cls.of_graph(build_graph(snapshot, None, kinds))

    @classmethod
    def of_graph(cls, whole: ImportGraph) -> GraphFacts:
        """The facts of a whole-snapshot graph already built; its implied edges are left out
        (fan-in and fan-out count the imports written)."""
        whole = whole.explicit()
        successors = whole.successors()
        return cls(whole, _frozen(successors), _frozen(whole.predecessors()),
                   MappingProxyType(dependents_counts(whole, successors)))


def _frozen(adjacency: dict[str, list[str]]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({node: tuple(targets) for node, targets in adjacency.items()})


def module_metrics(snapshot: Snapshot, package: str | None = None,
                   kinds: frozenset[ImportKind] = KIND_SETS["all"],
                   facts: GraphFacts | None = None) -> list[ModuleMetrics]:
    """Metrics for every module of ``package``; fan-in/out count the whole snapshot (``facts``:
    its graph facts for ``kinds`` when the caller already has them)."""
    if facts is None:
        facts = GraphFacts.of(snapshot, kinds)
    successors, predecessors, dependents = facts.successors, facts.predecessors, facts.dependents
    members = snapshot.in_package(package)  # a scan of every module: once
    inside = {m.name for m in members}
    chosen = tuple(kinds)  # ``in`` a tuple compares by identity; a frozenset hashes in Python
    out = []
    for m in members:
        counts = m.counts  # from the cached header: the facts stay encoded
        imports = tuple(successors.get(m.name, ()))
        out.append(ModuleMetrics(
            m.name, m.path, m.is_package, counts.lines, counts.code_lines, counts.classes,
            counts.functions, imports, tuple(predecessors.get(m.name, ())),
            # the whole snapshot's modules are all inside: no filter
            imports if package is None else tuple(t for t in imports if t in inside),
            dependents[m.name],
            tuple(sorted({i.target for i in m.imports if not i.internal and i.kind in chosen})),
        ))
    return out


def summarize(snapshot: Snapshot, package: str | None, convention: Convention,
              graph: ImportGraph | None = None) -> Summary:
    """``graph``: the package's graph of every kind when the caller has it (only its explicit
    edges count)."""
    modules = snapshot.in_package(package)
    counts = [m.counts for m in modules if convention.counts(m)]  # the facts stay encoded
    graph = graph or build_graph(snapshot, package)
    return Summary(
        package, convention, len(counts), sum(1 for m in modules if m.is_package),
        sum(map(convention.lines_of, counts)), sum(c.classes for c in counts),
        sum(c.functions for c in counts), len(graph.edges),
    )


@dataclass(frozen=True)
class Candidate:
    """A module that could leave the package cheaply: few imports from it, few dependents in it."""

    name: str
    lines: int
    package_imports: int
    package_dependents: int

    @property
    def cost(self) -> int:
        return self.package_imports + self.package_dependents


def extraction_candidates(metrics: list[ModuleMetrics], package: str | None,
                          limit: int = 10) -> list[Candidate]:
    """Non-package modules ranked by coupling inside ``package`` (lowest first), then size
    (largest)."""
    inside = {m.name for m in metrics}
    ranked = [
        Candidate(m.name, m.lines, len(m.package_imports), len(inside.intersection(m.imported_by)))
        for m in metrics if not m.is_package and m.name != package
    ]
    ranked.sort(key=lambda c: (c.cost, -c.lines, c.name))
    return ranked[:limit]
