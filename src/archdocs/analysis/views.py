"""What a diagram shows: which nodes and edges, how deep it folds, what each node and edge means
(module cycle, cycle made by folding, implied by a longer path), and what was left out.

Choosing this is analysis, not drawing, so it lives here and the renderers (Mermaid, DOT) only
translate a :class:`DiagramView` into text. Two rules make the colours honest:

* "in a cycle" is decided on the **module** graph for the kinds the diagram states: a box is a
  cycle box when it holds a module of a module-level cycle, an edge when one of its imports joins
  two modules of the same cycle. Folding modules into packages makes package-level cycles that
  no module takes part in; those are a distinct role (:attr:`Role.FOLD_CYCLE`), never "cycle".
* a folded box counts its modules with the inventory's
  :class:`~archdocs.analysis.metrics.Convention`, so ``utils/ (25)`` matches the "25 modules" of
  the table on the same page.

Legibility comes from a budget: at most :data:`NODE_BUDGET` boxes (fold one level more while a
view is over it; at depth 1, keep the heaviest boxes) and :data:`EDGE_BUDGET` edges (leave out
the edges a longer path implies first, then dashed ones, then the lightest; cycle edges last).
An edge is implied when a longer path of imports of the cycle kinds (the structure the diagram
states) leads the same way: the edges a transitive reduction of that graph's condensation
removes, which keeps reachability. A view records what it left out so that the page can say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from types import MappingProxyType

from archdocs.analysis.cycles import components, cycle_membership, strongly_connected
from archdocs.analysis.graph import ImportGraph, build_folded_graph, build_graph, fold_name
from archdocs.analysis.metrics import Convention
from archdocs.model import Import, ImportKind, Module, Snapshot

#: Boxes per diagram: about what a layered drawing keeps readable at natural size.
NODE_BUDGET = 40
#: Edges per diagram: about 2.5 per box at the node budget's typical 24 boxes; more and the
#: lines cross faster than a reader can follow them.
EDGE_BUDGET = 60
#: Imports that do not run when their module is imported: their edges are dashed, and left out
#: before others of the same weight.
DEFERRED_KINDS = frozenset({ImportKind.TYPE_CHECKING, ImportKind.LAZY})
#: The report's and the inventory's default: ``__init__.py`` files are not counted.
DEFAULT_CONVENTION = Convention()


class Role(Enum):
    """What a box stands for; the value is the class name renderers give it."""

    MODULE = "archdocs_module"
    PACKAGE = "archdocs_package"  #: a folded box: a package and its modules
    CYCLE = "archdocs_cycle"  #: holds a module of a module-level cycle
    FOLD_CYCLE = "archdocs_foldcycle"  #: in a package-level cycle that only folding makes
    FOCUS = "archdocs_focus"  #: the module a module diagram is about


class EdgeRole(Enum):
    PLAIN = "plain"
    CYCLE = "cycle"  #: one of its imports joins two modules of one module-level cycle
    FOLD_CYCLE = "foldcycle"  #: in a package-level cycle that only folding makes
    IMPLIED = "implied"  #: a longer path between the same boxes exists (drawn lighter)


@dataclass(frozen=True)
class LeftOut:
    """What the view does not draw, so that the page can say so."""

    nodes: tuple[str, ...] = ()  #: boxes over the node budget (heaviest kept)
    edges: int = 0  #: edges over the edge budget
    imports: int = 0  #: import statements those edges stood for
    importers: int = 0  #: module diagrams: importers not drawn
    #: sub-packages drawn as one box where the view shows the others' modules
    collapsed: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiagramView:
    """A graph ready to draw: every node and edge has a role."""

    graph: ImportGraph
    #: the kinds that make cycles (the edges drawn are ``graph.kinds``)
    cycle_kinds: frozenset[ImportKind]
    roles: Mapping[str, Role]
    edge_roles: Mapping[tuple[str, str], EdgeRole]
    #: folded boxes: how many modules they hold, by the counting convention
    sizes: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    focus: str | None = None
    left_out: LeftOut = field(default_factory=LeftOut)
    convention: Convention = DEFAULT_CONVENTION
    #: the focus is drawn as the focus, so whether it is in a module cycle is kept here
    focus_in_cycle: bool = False


# --- classification -----------------------------------------------------------------------------


def classify(graph: ImportGraph, membership: Mapping[str, int], cycle_kinds: frozenset[ImportKind],
             members: Mapping[str, Iterable[Module]], convention: Convention,
             focus: str | None = None) -> DiagramView:
    """Roles for every node and edge of ``graph``.

    ``membership`` maps each module of a module-level cycle (for ``cycle_kinds``) to its cycle's
    number; ``members`` maps each folded node to the modules it holds.
    """
    cyclic_nodes: set[str] = set()
    edge_roles: dict[tuple[str, str], EdgeRole] = {}
    cycle_edges: dict[tuple[str, str], tuple[Import, ...]] = {}  # imports that can make cycles
    for node in graph.nodes:
        held = [m.name for m in members[node]] if node in members else [node]
        if any(name in membership for name in held):
            cyclic_nodes.add(node)
    for edge, imports in graph.edges.items():
        counted = [i for i in imports if i.kind in cycle_kinds]
        if counted:
            cycle_edges[edge] = tuple(counted)
        if any(i.importer in membership and membership.get(i.target) == membership[i.importer]
               for i in counted):
            edge_roles[edge] = EdgeRole.CYCLE
    # package-level cycles over the cycle kinds' edges: those no module cycle explains are folding's
    structure = ImportGraph(graph.nodes, MappingProxyType(cycle_edges))
    found = [c for c in components(structure) if len(c) > 1]
    component_of = {n: i for i, group in enumerate(found) for n in group}
    for source, target in cycle_edges:
        if (source, target) not in edge_roles and source in component_of \
                and component_of[source] == component_of.get(target):
            edge_roles[(source, target)] = EdgeRole.FOLD_CYCLE
    # the structure is that of the cycle kinds' imports (dashed edges do not shorten it): an
    # edge is implied when a longer path of such imports leads the same way
    for edge in _implied_edges(structure):
        edge_roles.setdefault(edge, EdgeRole.IMPLIED)
    for edge in graph.edges:
        edge_roles.setdefault(edge, EdgeRole.PLAIN)
    roles: dict[str, Role] = {}
    for node in graph.nodes:
        if node == focus:
            roles[node] = Role.FOCUS
        elif node in cyclic_nodes:
            roles[node] = Role.CYCLE
        elif node in component_of:
            roles[node] = Role.FOLD_CYCLE
        elif node in graph.folded:
            roles[node] = Role.PACKAGE
        else:
            roles[node] = Role.MODULE
    sizes = {n: sum(1 for m in members.get(n, ()) if convention.counts(m)) for n in graph.folded}
    return DiagramView(graph, cycle_kinds, MappingProxyType(roles),
                       MappingProxyType(dict(sorted(edge_roles.items()))),
                       MappingProxyType(sizes), focus, LeftOut(), convention,
                       focus in cyclic_nodes)


def _implied_edges(graph: ImportGraph) -> set[tuple[str, str]]:
    """Edges between two strongly connected components that a longer path already joins: the
    edges a transitive reduction of the condensation removes (it keeps reachability)."""
    order = components(graph)  # sinks first: a component's successors come before it
    component_of = {n: i for i, group in enumerate(order) for n in group}
    successors: list[set[int]] = [set() for _ in order]
    for source, target in graph.edges:
        a, b = component_of[source], component_of[target]
        if a != b:
            successors[a].add(b)
    below = [0] * len(order)  # bit set of the components reachable from each, itself excluded
    for i in range(len(order)):
        for s in successors[i]:
            below[i] |= below[s] | (1 << s)
    implied = set()
    for source, target in graph.edges:
        a, b = component_of[source], component_of[target]
        if a != b and any(s != b and below[s] >> b & 1 for s in successors[a]):
            implied.add((source, target))
    return implied


# --- package views ------------------------------------------------------------------------------


def package_members(snapshot: Snapshot, package: str | None,
                    fold: Callable[[str], str]) -> dict[str, list[Module]]:
    """Each node of ``package``'s graph drawn with ``fold``, with the modules it holds."""
    held: dict[str, list[Module]] = {}
    for module in snapshot.in_package(package):
        held.setdefault(fold(module.name), []).append(module)
    return held


def package_view(snapshot: Snapshot, package: str | None, kinds: frozenset[ImportKind],
                 cycle_kinds: frozenset[ImportKind], depth: int | None = None,
                 convention: Convention = DEFAULT_CONVENTION, node_budget: int = NODE_BUDGET,
                 edge_budget: int = EDGE_BUDGET) -> DiagramView:
    """The import graph of ``package`` within the budgets.

    From ``depth`` (None: no folding), the view folds one whole level more while it has more
    than ``node_budget`` boxes; then, one level deeper again, it unfolds every sub-package it
    can afford: the sub-packages with the most boxes stay one box each (``left_out.collapsed``),
    so that small ones show their modules.
    """
    modules = snapshot.in_package(package)
    base = len(package.split(".")) if package else 0
    deepest = max((m.name.count(".") + 1 - base for m in modules), default=1)
    start = depth if depth is not None and depth < deepest else deepest

    def boxes(level: int) -> set[str]:
        return {fold_name(m.name, base, level) for m in modules}

    level = start
    while level > 1 and len(boxes(level)) > node_budget:
        level -= 1
    collapsed: frozenset[str] = frozenset()
    if level < start and len(boxes(level)) <= node_budget:
        level += 1
        collapsed = _collapse(boxes(level), base, level, node_budget)

    def fold(name: str) -> str:
        parent = fold_name(name, base, level - 1)
        return parent if parent in collapsed else fold_name(name, base, level)

    shown = None if level >= deepest and not collapsed else level
    graph = build_folded_graph(snapshot, package, kinds, fold, shown)
    view = graph_view(snapshot, graph, cycle_kinds, convention, fold)
    if collapsed:
        view = replace(view, left_out=LeftOut(collapsed=tuple(sorted(collapsed))))
    return within_budget(view, node_budget, edge_budget)


def _collapse(shown: set[str], base: int, level: int, budget: int) -> frozenset[str]:
    """Packages one level up whose children, drawn as one box each, bring ``shown`` within
    ``budget`` while keeping as many boxes as it allows: while over, the package that just
    covers the excess (the smallest that does), else the one with the most children."""
    children: dict[str, int] = {}
    for name in shown:
        parent = fold_name(name, base, level - 1)
        if parent != name:
            children[parent] = children.get(parent, 0) + 1
    saves = {p: n - (0 if p in shown else 1) for p, n in children.items()}
    excess = len(shown) - budget
    collapsed: set[str] = set()
    while excess > 0:
        left = [p for p in sorted(saves) if p not in collapsed and saves[p] > 0]
        enough = [p for p in left if saves[p] >= excess]
        pick = min(enough, key=lambda p: saves[p]) if enough else max(left, key=lambda p: saves[p])
        collapsed.add(pick)
        excess -= saves[pick]
    return frozenset(collapsed)


def graph_view(snapshot: Snapshot, graph: ImportGraph, cycle_kinds: frozenset[ImportKind],
               convention: Convention = DEFAULT_CONVENTION,
               fold: Callable[[str], str] | None = None) -> DiagramView:
    """Roles for a package graph as built (no budget: ``archdocs graph`` draws what it is
    asked); cycles are the module cycles of the graph's package. ``fold`` is how the graph was
    folded (default: to ``graph.depth``)."""
    # implied parent-package edges count: red means a cycle Python would hit, as in the report
    membership = cycle_membership(strongly_connected(build_graph(snapshot, graph.package,
                                                                 cycle_kinds, implied=True)))
    if fold is None:
        base, depth = len(graph.package.split(".")) if graph.package else 0, graph.depth

        def fold(name: str) -> str:
            return fold_name(name, base, depth)

    members = package_members(snapshot, graph.package, fold) if graph.folded else {}
    return classify(graph, membership, cycle_kinds, members, convention)


def within_budget(view: DiagramView, node_budget: int = NODE_BUDGET,
                  edge_budget: int = EDGE_BUDGET) -> DiagramView:
    """``view`` with at most ``node_budget`` boxes (the heaviest, by imports in and out; the
    focus always stays) and ``edge_budget`` edges (implied ones go first, then dashed ones, then
    the lightest; cycle edges and the focus's own edges last)."""
    graph = view.graph
    dropped_nodes: tuple[str, ...] = ()
    if len(graph.nodes) > node_budget:
        weight = dict.fromkeys(graph.nodes, 0)
        for (source, target), imports in graph.edges.items():
            weight[source] += len(imports)
            weight[target] += len(imports)
        ranked = sorted(graph.nodes, key=lambda n: (n != view.focus, -weight[n], n))
        keep = set(ranked[:node_budget])
        dropped_nodes = tuple(n for n in graph.nodes if n not in keep)
        graph = graph.subgraph(keep)
    edges = dict(graph.edges)
    dropped_edges = dropped_imports = 0
    if len(edges) > edge_budget:
        def rank(e: tuple[str, str]) -> tuple[bool, bool, bool, bool, int, tuple[str, str]]:
            role = view.edge_roles[e]  # a module view is about the focus: its edges stay
            return (view.focus in e, role is EdgeRole.CYCLE, role is not EdgeRole.IMPLIED,
                    not all(i.kind in DEFERRED_KINDS for i in edges[e]), len(edges[e]), e)

        for edge in sorted(edges, key=rank)[:len(edges) - edge_budget]:
            dropped_edges += 1
            dropped_imports += len(edges.pop(edge))
    if not dropped_nodes and not dropped_edges:
        return view
    kept = ImportGraph(graph.nodes, MappingProxyType(edges), graph.package, graph.depth,
                       graph.kinds, graph.folded)
    return replace(view, graph=kept,
                   roles=MappingProxyType({n: view.roles[n] for n in kept.nodes}),
                   edge_roles=MappingProxyType({e: r for e, r in view.edge_roles.items()
                                                if e in edges}),
                   sizes=MappingProxyType({n: c for n, c in view.sizes.items()
                                           if n in kept.nodes}),
                   left_out=replace(view.left_out, nodes=dropped_nodes, edges=dropped_edges,
                                    imports=dropped_imports))


# --- module views -------------------------------------------------------------------------------


def module_view(snapshot: Snapshot, focus: str, kinds: frozenset[ImportKind],
                cycle_kinds: frozenset[ImportKind], successors: Mapping[str, list[str]],
                predecessors: Mapping[str, list[str]], membership: Mapping[str, int],
                convention: Convention = DEFAULT_CONVENTION, node_budget: int = NODE_BUDGET,
                edge_budget: int = EDGE_BUDGET) -> DiagramView:
    """``focus``, the modules it imports and the modules importing it.

    ``successors`` / ``predecessors`` are the whole module graph's for ``kinds`` and
    ``membership`` its module cycles for ``cycle_kinds`` (callers build them once per build).
    Over the node budget, importers are folded into their packages; still over, only what
    ``focus`` imports is drawn.
    """
    imported = set(successors.get(focus, ()))
    importers = [n for n in predecessors.get(focus, ()) if n not in imported]
    around = sorted({focus, *imported, *importers})
    local = Snapshot(snapshot.label, snapshot.roots,
                     tuple(m for n in around if (m := snapshot.get(n)) is not None), ())
    graph = build_graph(local, None, kinds)
    members: dict[str, list[Module]] = {}
    left_importers = 0
    if len(graph.nodes) > node_budget:
        parents = {n: n.rpartition(".")[0] or n for n in importers}
        grouped = {focus, *imported, *parents.values()}
        if len(grouped) <= node_budget:
            def fold(name: str) -> str:
                return parents.get(name, name)

            graph = build_folded_graph(local, None, kinds, fold, None)
            members = package_members(local, None, fold)
        else:
            graph = graph.subgraph(n for n in graph.nodes if n not in importers)
            left_importers = len(importers)
    view = classify(graph, membership, cycle_kinds, members, convention, focus)
    if left_importers:
        view = replace(view, left_out=LeftOut(importers=left_importers))
    return within_budget(view, node_budget, edge_budget)

