"""Graphviz DOT of an import graph (deterministic; for ``dot -Tsvg`` or pydeps-style drawings)."""

from __future__ import annotations

from collections.abc import Mapping

from archdocs.graph import ImportGraph


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(graph: ImportGraph, direction: str = "LR", links: Mapping[str, str] | None = None) -> str:
    lines = [
        "digraph imports {",
        f"    rankdir={direction};",
        '    node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="sans-serif"];',
    ]
    links = links or {}
    for name in graph.nodes:
        attrs = [f"label={_quote(name + (f' ({graph.folded[name]})' if name in graph.folded else ''))}"]
        if name in links:
            attrs.append(f"URL={_quote(links[name])}")
            attrs.append('target="_top"')
        lines.append(f"    {_quote(name)} [{', '.join(attrs)}];")
    for (source, target), imports in sorted(graph.edges.items()):
        label = f" [label={len(imports)}]" if len(imports) > 1 else ""
        lines.append(f"    {_quote(source)} -> {_quote(target)}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"
