"""Graphviz DOT of a :class:`~archdocs.analysis.views.DiagramView` (deterministic; for
``dot -Tsvg``).

It draws what the Mermaid renderer draws, in the same colours: each node carries its role as a
``class`` (Graphviz copies it into the SVG, where the site's stylesheet finds it), lazy and
TYPE_CHECKING-only edges are dashed, cycle edges red, edges made only by folding amber, edges a
longer path implies lighter, and a number on an edge counts its imports.
"""

from __future__ import annotations

from collections.abc import Mapping

from archdocs.analysis.views import DiagramView, EdgeRole, Role
from archdocs.render.diagram import (
    EDGE_COLOURS,
    IMPLIED_OPACITY,
    NODE_STYLES,
    deferred,
    node_label,
    shown_edge_role,
    shown_role,
)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _node_attrs(role: Role) -> list[str]:
    style = NODE_STYLES[role]
    return [f'class="{role.value}"', f'style="rounded,filled{",dashed" if style.dashed else ""}"',
            f'fillcolor="{style.fill}"', f'color="{style.stroke}"', f'fontcolor="{style.color}"',
            f"penwidth={style.width}"]


def _edge_attrs(role: EdgeRole) -> list[str]:
    if role is EdgeRole.IMPLIED:  # Graphviz takes opacity as the colour's alpha byte
        return [f'color="#4d4d4d{round(IMPLIED_OPACITY * 255):02x}"']
    if role is EdgeRole.PLAIN:
        return []
    return [f'color="{EDGE_COLOURS[role]}"', "penwidth=2"]


def render_dot(view: DiagramView, direction: str = "LR", highlight_cycles: bool = True,
               links: Mapping[str, str] | None = None) -> str:
    graph = view.graph
    lines = [
        "digraph imports {",
        f"    rankdir={direction};",
        '    node [shape=box, fontname="sans-serif"];',
    ]
    links = links or {}
    for name in graph.nodes:
        attrs = [f"label={_quote(node_label(name, view))}",
                 *_node_attrs(shown_role(view, name, highlight_cycles))]
        if name in links:
            attrs += [f"URL={_quote(links[name])}", 'target="_top"', f"tooltip={_quote(name)}"]
        lines.append(f"    {_quote(name)} [{', '.join(attrs)}];")
    for (source, target), imports in sorted(graph.edges.items()):
        attrs = [f"label={len(imports)}"] if len(imports) > 1 else []
        if deferred(imports):
            attrs.append("style=dashed")
        attrs += _edge_attrs(shown_edge_role(view, (source, target), highlight_cycles))
        attributes = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"    {_quote(source)} -> {_quote(target)}{attributes};")
    lines.append("}")
    return "\n".join(lines) + "\n"
