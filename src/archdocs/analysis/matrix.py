"""The dependency structure matrix (DSM) of a package: its modules or sub-packages in one order for
rows and columns, each cell the import statements of the row that import the column.

The order is what makes a DSM readable: the members of an import cycle (a strongly connected
component) sit next to each other, and components come by topological level, the ones that import
nothing in the matrix first. Every import between components then points up (the column comes
before the row): it lies below the diagonal. A cell above the diagonal goes against the order, and
only an import cycle can put one there.
"""

from __future__ import annotations

from dataclasses import dataclass

from archdocs.analysis.cycles import components
from archdocs.analysis.graph import ImportGraph, build_graph, fold_name
from archdocs.model import Import, ImportKind, Snapshot

#: Rows a matrix may have: 100 x 100 cells is a page a browser shows at once and a reader can
#: still scan; a thousand integrations side by side would be a million cells.
MAX_ROWS = 100
#: A generated package page whose diagram shows more boxes than this (its direct sub-packages and
#: modules) adds a matrix: past a dozen boxes and their edges a drawing is read edge by edge.
DENSE_CHILDREN = 12


@dataclass(frozen=True)
class Cell:
    """The imports of row ``row`` that import column ``column`` (0-based matrix positions)."""

    row: int
    column: int
    imports: tuple[Import, ...]
    #: some import of this cell joins two modules of one module-level cycle; False for a cycle
    #: that exists only because modules were folded into packages
    module_cycle: bool

    @property
    def back(self) -> bool:
        """Above the diagonal: an import against the matrix order (part of a cycle)."""
        return self.column > self.row


@dataclass(frozen=True)
class Matrix:
    """A DSM: ``names`` orders rows and columns; ``cells`` are the non-empty ones, row by row."""

    graph: ImportGraph
    names: tuple[str, ...]
    #: per row, the 1-based number of its import cycle in matrix order, 0 when in none
    cycles: tuple[int, ...]
    cells: tuple[Cell, ...]


def dsm_order(graph: ImportGraph) -> list[tuple[str, ...]]:
    """Components of ``graph`` in matrix order: by topological level (level 0 imports nothing in
    the graph, level n imports level n-1 and below), then by first member; the members of a
    component by :func:`_cycle_order`."""
    successors = graph.successors()
    found = components(graph)  # sinks first: a component comes after everything it imports
    component_of = {node: i for i, members in enumerate(found) for node in members}
    levels: list[int] = []
    for i, members in enumerate(found):
        below = {component_of[t] for m in members for t in successors[m]} - {i}
        levels.append(1 + max(levels[j] for j in below) if below else 0)
    order = sorted(range(len(found)), key=lambda i: (levels[i], found[i]))
    return [_cycle_order(found[i], graph) for i in order]


def _cycle_order(members: tuple[str, ...], graph: ImportGraph) -> tuple[str, ...]:
    """Members of one component, ordered to keep few imports above the diagonal (the exact
    minimum is NP-hard): greedily the member with the fewest import statements into the members
    not yet placed, then the one they import most, then by name."""
    if len(members) == 1:
        return members
    inside = set(members)
    edges = [(s, t, len(imports)) for (s, t), imports in sorted(graph.edges.items())
             if s in inside and t in inside]
    out = dict.fromkeys(members, 0)  # statements into members not yet placed
    into = dict.fromkeys(members, 0)  # statements from members not yet placed
    for source, target, weight in edges:
        out[source] += weight
        into[target] += weight
    placed: list[str] = []
    while out:
        best = min(out, key=lambda n: (out[n], -into[n], n))
        placed.append(best)
        del out[best], into[best]
        for source, target, weight in edges:
            if target == best and source in out:
                out[source] -= weight
            elif source == best and target in into:
                into[target] -= weight
    return tuple(placed)


def build_matrix(snapshot: Snapshot, package: str, kinds: frozenset[ImportKind],
                 depth: int | None) -> Matrix:
    """The DSM of ``package`` for ``kinds``, folded to ``depth`` levels below it."""
    graph = build_graph(snapshot, package, kinds, depth)
    ordered = dsm_order(graph)
    names = tuple(n for members in ordered for n in members)
    position = {n: i for i, n in enumerate(names)}
    cycles: list[int] = []
    count = 0
    for members in ordered:
        if len(members) > 1:
            count += 1
        cycles.extend([count if len(members) > 1 else 0] * len(members))
    # folding can join packages in a cycle that no module cycle makes: tell the two apart
    modules = graph if depth is None else build_graph(snapshot, package, kinds)
    module_cycle = {m: i for i, c in enumerate(components(modules)) for m in c}
    cells = []
    for (source, target), imports in graph.edges.items():
        row, column = position[source], position[target]
        joined = any(module_cycle[i.importer] == module_cycle[i.target] for i in imports)
        cells.append(Cell(row, column, imports, joined))
    cells.sort(key=lambda c: (c.row, c.column))
    return Matrix(graph, names, tuple(cycles), tuple(cells))


def dense(snapshot: Snapshot, package: str) -> bool:
    """Whether the diagram of ``package`` folded one level draws more than
    :data:`DENSE_CHILDREN` boxes besides the package's own (it depends on the module set alone,
    so a generated page that asks it changes only when modules come or go)."""
    base = package.count(".") + 1
    boxes = {fold_name(m.name, base, 1) for m in snapshot.in_package(package)}
    boxes.discard(package)
    return len(boxes) > DENSE_CHILDREN
