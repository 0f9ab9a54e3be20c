"""The module import graph of a snapshot, restricted to a package and a set of import kinds, and
folded to packages at any depth with the import statements behind every edge.

Besides the explicit edges (grimp's), a graph can hold *implied* ones: ``import a.b.c`` in module
``m`` runs ``a/__init__`` and ``a/b/__init__`` first, so ``m`` depends on ``a.b`` at import time
although no statement names it. They are kept apart (:attr:`ImportGraph.implied`), drawn nowhere,
and followed by cycle analysis (:meth:`ImportGraph.successors`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType

from archdocs.model import KIND_SETS, Import, ImportKind, Snapshot
from archdocs.reading.fast.gcpause import paused


def fold_name(name: str, base_depth: int, depth: int | None) -> str:
    """``a.b.c.d`` folded to ``depth`` levels below a package ``base_depth`` levels deep."""
    if depth is None:
        return name
    parts = name.split(".")
    return ".".join(parts[: base_depth + depth]) if len(parts) > base_depth + depth else name


@dataclass(frozen=True)
class ImportGraph:
    """Nodes and edges; each edge keeps the import statements it stands for (its weight)."""

    nodes: tuple[str, ...]
    edges: Mapping[tuple[str, str], tuple[Import, ...]]
    package: str | None = None
    depth: int | None = None
    kinds: frozenset[ImportKind] = KIND_SETS["all"]
    #: nodes that stand for several modules after folding, with how many they hold
    folded: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    #: parent packages an import runs before its target, where no explicit edge goes: each with
    #: the import statements that imply it (see the module docstring)
    implied: Mapping[tuple[str, str], tuple[Import, ...]] = field(
        default_factory=lambda: MappingProxyType({}))

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Explicit and implied edges, sorted: what runs what at import."""
        return self._pairs

    @cached_property
    def _pairs(self) -> tuple[tuple[str, str], ...]:
        # sorted once per graph: cycle search, adjacency and dependents all ask for it
        return tuple(sorted([*self.edges, *self.implied]))

    def explicit(self) -> ImportGraph:
        """This graph without its implied edges."""
        if not self.implied:
            return self
        out = replace(self, implied=MappingProxyType({}))
        # its sorted pairs are a subsequence of these (a filter, where a sort costs a fifth of
        # building homeassistant's graph): primed where cached_property would store them
        edges = self.edges
        out.__dict__["_pairs"] = tuple(pair for pair in self.pairs() if pair in edges)
        return out

    def statements(self, source: str, target: str) -> tuple[Import, ...]:
        """The import statements behind an explicit or an implied edge."""
        return self.edges.get((source, target)) or self.implied.get((source, target), ())

    def successors(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {n: [] for n in self.nodes}
        for source, target in self.pairs():
            out[source].append(target)
        return out

    def predecessors(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {n: [] for n in self.nodes}
        for source, target in self.pairs():
            out[target].append(source)
        return out

    def weight(self, source: str, target: str) -> int:
        return len(self.edges.get((source, target), ()))

    def subgraph(self, nodes: Iterable[str]) -> ImportGraph:
        keep = set(nodes)
        return ImportGraph(tuple(n for n in self.nodes if n in keep),
                           MappingProxyType({e: i for e, i in self.edges.items()
                                             if e[0] in keep and e[1] in keep}),
                           self.package, self.depth, self.kinds, self.folded,
                           MappingProxyType({e: i for e, i in self.implied.items()
                                             if e[0] in keep and e[1] in keep}))


def build_graph(snapshot: Snapshot, package: str | None = None,
                kinds: frozenset[ImportKind] = KIND_SETS["all"], depth: int | None = None,
                external: bool = False, implied: bool = False) -> ImportGraph:
    """The import graph of ``package`` (all modules when None), folded to ``depth`` levels below it.

    Only imports whose both ends are inside ``package`` count (plus external top-level packages when
    ``external``); self-loops, including those that folding creates, are dropped. ``implied`` adds
    the parent-package edges (for cycles Python would hit).
    """
    base_depth = len(package.split(".")) if package else 0
    fold = None if depth is None else (lambda n: fold_name(n, base_depth, depth))
    with paused():
        return _build_graphs(snapshot, package, [kinds], depth, external, fold, implied)[0]


def build_graphs(snapshot: Snapshot, package: str | None,
                 kind_sets: Sequence[frozenset[ImportKind]],
                 implied: bool = False, among: Collection[str] | None = None) -> list[ImportGraph]:
    """:func:`build_graph` of ``package`` for each of ``kind_sets``, in one pass over the imports
    (a report needs a graph per kind set: each import is looked at once, not once per set).
    ``among``: only the subgraph of those modules, whose imports alone are looked at."""
    with paused():
        graphs = _build_graphs(snapshot, package, kind_sets, None, False, None, implied, among)
    return graphs if among is None else [graph.subgraph(among) for graph in graphs]


def build_folded_graph(snapshot: Snapshot, package: str | None, kinds: frozenset[ImportKind],
                       fold: Callable[[str], str], depth: int | None) -> ImportGraph:
    """The graph of ``package`` with each module drawn as ``fold(name)``: folding that differs
    from package to package (``depth`` records the deepest level shown)."""
    with paused():
        return _build_graphs(snapshot, package, [kinds], depth, False, fold, False)[0]


def _build_graphs(snapshot: Snapshot, package: str | None,
                  kind_sets: Sequence[frozenset[ImportKind]], depth: int | None, external: bool,
                  fold: Callable[[str], str] | None, implied: bool,
                  among: Collection[str] | None = None) -> list[ImportGraph]:
    modules = snapshot.in_package(package)
    names = {m.name for m in modules}
    if among is not None:  # their imports only; every module of the package is still a target
        modules = tuple(m for m in modules if m.name in among)
    members: dict[str, int] = {}
    for m in modules:
        shown = fold(m.name) if fold else m.name  # no call per name where nothing folds
        members[shown] = members.get(shown, 0) + 1
    # per kind set: the kinds to check (None: every kind, no check), explicit edges, implied
    # edges, external nodes. Tuples, not the frozensets: ``in`` finds an enum member by identity,
    # where hashing one runs Enum.__hash__ in Python (once per import and set).
    chosen: list[tuple[tuple[ImportKind, ...] | None, dict[tuple[str, str], list[Import]],
                       dict[tuple[str, str], list[Import]], set[str]]] = [
        (None if kinds >= KIND_SETS["all"] else tuple(kinds), {}, {}, set())
        for kinds in kind_sets]
    wanted = tuple(frozenset[ImportKind]().union(*kind_sets))
    for m in modules:
        source = fold(m.name) if fold else m.name
        own = m.name + "."
        for imp in m.imports:
            if imp.kind not in wanted:
                continue
            above: Sequence[str] = ()  # no list per import
            if imp.internal:
                if imp.target not in names:
                    continue
                target = fold(imp.target) if fold else imp.target
                if implied:
                    # most imports run no package first, their target's own being the
                    # importer's or above it: that first step of _parents, without a call
                    up = imp.target.rpartition(".")[0]
                    if up and not own.startswith(up + "."):
                        above = _parents(imp, names, fold, source)
            elif external:
                target = imp.target
            else:
                continue
            for kinds, edges, parents, outside in chosen:
                if kinds is not None and imp.kind not in kinds:
                    continue
                for shown in above:
                    implying = parents.setdefault((source, shown), [])
                    if imp not in implying:
                        implying.append(imp)
                if not imp.internal:
                    outside.add(target)
                if target != source:
                    key = (source, target)
                    bucket = edges.get(key)
                    if bucket is None:
                        edges[key] = [imp]
                    else:
                        bucket.append(imp)
    folded = MappingProxyType(dict(sorted(
        (n, c) for n, c in members.items() if c > 1 or (c == 1 and n not in names))))
    # Modules come sorted and their imports sorted by line, so insertion order is already
    # deterministic; renderers sort edges for display.
    return [
        ImportGraph(
            tuple(sorted(members.keys() | outside)),
            MappingProxyType({e: tuple(v) for e, v in edges.items()}),
            package, depth, kinds, folded,
            MappingProxyType({e: tuple(v) for e, v in sorted(parents.items()) if e not in edges}),
        )
        for kinds, (_, edges, parents, outside) in zip(kind_sets, chosen, strict=True)
    ]


def _parents(imp: Import, names: set[str], fold: Callable[[str], str] | None,
             source: str) -> list[str]:
    """The packages above ``imp``'s target that importing it runs first, as drawn. Not the
    importer's own packages: Python started those before the importer, so the import never runs
    them."""
    own = imp.importer + "."
    out = []
    parent = imp.target.rpartition(".")[0]
    while parent and not own.startswith(parent + "."):
        if parent in names:
            shown = fold(parent) if fold else parent
            if shown != source:
                out.append(shown)
        parent = parent.rpartition(".")[0]
    return out


def reachable(adjacency: Mapping[str, Iterable[str]], start: str) -> set[str]:
    """Every node reachable from ``start`` (excluding it unless on a cycle)."""
    seen: set[str] = set()
    stack = list(adjacency.get(start, ()))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(adjacency.get(node, ()))
    return seen
