"""Mermaid flowcharts of an import graph, kept under Mermaid's hard limits.

Mermaid refuses diagrams over ``maxTextSize`` (50,000 characters) or ``maxEdges`` (500); both are
"secure" settings a page cannot raise. :func:`fit_graph` folds the graph one package level at a time
until the text fits, so a diagram never breaks, and says how far it folded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from archdocs.cycles import find_cycles
from archdocs.graph import ImportGraph, build_graph
from archdocs.model import ImportKind, Snapshot

MAX_TEXT = 50_000
MAX_EDGES = 500
#: Margins below Mermaid's limits (labels and click lines grow the text after sizing).
TEXT_BUDGET = 40_000
EDGE_BUDGET = 400


def node_id(name: str) -> str:
    """A stable Mermaid id: never a reserved word, no dots."""
    return "n_" + re.sub(r"[^0-9A-Za-z_]", "_", name)


def _label(name: str, graph: ImportGraph) -> str:
    base = len(graph.package.split(".")) if graph.package else 0
    short = ".".join(name.split(".")[base:]) or name
    if name in graph.folded:
        return f"{short}/ ({graph.folded[name]})"
    return short


def render_mermaid(graph: ImportGraph, direction: str = "LR", highlight_cycles: bool = True,
                   links: Mapping[str, str] | None = None) -> str:
    """Flowchart text; edges carry import counts above one; cycle members and edges are styled."""
    lines = [f"flowchart {direction}"]
    cyclic_nodes: set[str] = set()
    cyclic_edges: set[tuple[str, str]] = set()
    if highlight_cycles:
        for cycle in find_cycles(graph):
            cyclic_nodes.update(cycle.members)
            cyclic_edges.update(e for e in graph.edges
                                if e[0] in cycle.members and e[1] in cycle.members)
    for name in graph.nodes:
        # Mermaid reads markdown in labels ("__main__" is drawn as a bold "main"): underscores
        # become the entity #95;, which it draws as "_"
        label = _label(name, graph).replace('"', "'").replace("_", "#95;")
        shape = f'[["{label}"]]' if name in graph.folded else f'["{label}"]'
        lines.append(f"    {node_id(name)}{shape}")
    style_indexes = []
    for index, ((source, target), imports) in enumerate(sorted(graph.edges.items())):
        kinds = {i.kind for i in imports}
        arrow = "-.->" if kinds <= {ImportKind.TYPE_CHECKING, ImportKind.LAZY} else "-->"
        count = len(imports)
        label = f"|{count}|" if count > 1 else ""
        lines.append(f"    {node_id(source)} {arrow}{label} {node_id(target)}")
        if (source, target) in cyclic_edges:
            style_indexes.append(index)
    if cyclic_nodes:
        lines.append("    classDef cycle fill:#fde2e2,stroke:#c0392b,stroke-width:2px")
        lines.append("    class " + ",".join(node_id(n) for n in sorted(cyclic_nodes)) + " cycle")
    if style_indexes:
        lines.append("    linkStyle " + ",".join(map(str, style_indexes)) +
                     " stroke:#c0392b,stroke-width:2px")
    for name, href in sorted((links or {}).items()):
        if name in graph.nodes:
            lines.append(f'    click {node_id(name)} href "{href}" "{name}"')
    return "\n".join(lines) + "\n"


def fits(graph: ImportGraph, text: str) -> bool:
    return len(graph.edges) <= EDGE_BUDGET and len(text) <= TEXT_BUDGET


def fit_graph(snapshot: Snapshot, package: str | None, kinds: frozenset[ImportKind],
              depth: int | None, render: Callable[[ImportGraph], str]) -> tuple[ImportGraph, str, int | None]:
    """The deepest graph (from ``depth`` up) whose rendering fits Mermaid's limits.

    Returns (graph, text, depth used). Depth 1 (direct children) always fits unless a package has
    hundreds of children; then only the heaviest edges and the nodes they join are kept (as many
    as fit), and the caller says so.
    """
    max_depth = max((m.name.count(".") for m in snapshot.in_package(package)), default=0) + 1
    base = len(package.split(".")) if package else 0
    start = depth if depth is not None else max_depth - base
    for level in range(max(start, 1), 0, -1):
        graph = build_graph(snapshot, package, kinds, None if level >= max_depth - base else level)
        text = render(graph)
        if fits(graph, text):
            return graph, text, graph.depth
    graph = build_graph(snapshot, package, kinds, 1)
    ranked = sorted(graph.edges.items(), key=lambda e: (-len(e[1]), e[0]))
    keep = EDGE_BUDGET // 2
    while True:
        # the heaviest edges and the nodes they join: with 1,000+ children, the nodes alone
        # would exceed the text limit, so halve until it fits
        heaviest = dict(sorted(ranked[:keep]))
        ends = {n for edge in heaviest for n in edge}
        trimmed = ImportGraph(tuple(n for n in graph.nodes if n in ends), heaviest, graph.package,
                              1, kinds, graph.folded)
        text = render(trimmed)
        if fits(trimmed, text) or keep <= 1:
            return trimmed, text, 1
        keep //= 2
