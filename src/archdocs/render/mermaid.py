"""Mermaid flowcharts of a :class:`~archdocs.analysis.views.DiagramView`.

Every node gets one class (its :class:`~archdocs.analysis.views.Role` value: ``archdocs_module``,
``archdocs_package``, ``archdocs_cycle``, ``archdocs_foldcycle``, ``archdocs_focus``), declared with
``classDef`` fill, stroke and label colour, so that no label relies on the theme's colours.
Lazy and TYPE_CHECKING-only edges are dashed, cycle edges red, edges made only by folding amber,
edges a longer path implies lighter; a number on an edge counts its imports.

Mermaid refuses diagrams over ``maxTextSize`` (50,000 characters) or ``maxEdges`` (500); both
are "secure" settings a page cannot raise (:func:`over_limits`).
"""

from __future__ import annotations

import re
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

MAX_TEXT = 50_000
MAX_EDGES = 500

#: Characters a label keeps as they are; everything else becomes Mermaid's entity ``#code;``.
_PLAIN = re.compile(r"[^\W_]|[ ./()-]")
#: An underscore that could close markdown emphasis (Mermaid 11 reads quoted labels as
#: markdown: ``__main__`` is a bold "main"): the last of a run, before a non-word character or
#: the end. An underscore inside a word (``a_b``) or before one (``._internal``) cannot close.
_CLOSER = re.compile(r"_(?!\w)")


def label_text(text: str) -> str:
    """``text`` as the inside of a quoted Mermaid label that draws exactly ``text``.

    Quotes, ``#``, ``<``, ``>``, ``&``, backticks, ``*`` and anything else Mermaid or markdown
    could read become entities (``#35;``); underscores stay readable (``pip._internal``) unless
    the label has one that could close emphasis, then all are escaped (``#95;#95;main#95;#95;``).
    """
    escape_underscores = text.count("_") > 1 and _CLOSER.search(text) is not None
    return "".join(char if _PLAIN.fullmatch(char) or (char == "_" and not escape_underscores)
                   else f"#{ord(char)};" for char in text)


def node_ids(names: tuple[str, ...]) -> dict[str, str]:
    """Stable, unique Mermaid ids: ``n_`` and the name with non-word characters as ``_`` (never
    a reserved word); names that would collide (``a.b``, ``a_b``) get ``_2``, ``_3``..."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        base = "n_" + re.sub(r"[^0-9A-Za-z_]", "_", name)
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        taken.add(candidate)
        ids[name] = candidate
    return ids


def class_def(role: Role) -> str:
    """The ``classDef`` line of a node role (fill, stroke, label colour, dashes)."""
    style = NODE_STYLES[role]
    extra = f",stroke-width:{style.width}px" if style.width > 1 else ""
    extra += ",stroke-dasharray:6 3" if style.dashed else ""
    return (f"classDef {role.value} fill:{style.fill},stroke:{style.stroke},"
            f"color:{style.color}{extra}")


def _link_style(role: EdgeRole) -> str:
    if role is EdgeRole.IMPLIED:
        return f"opacity:{IMPLIED_OPACITY}"
    return f"stroke:{EDGE_COLOURS[role]},stroke-width:2px"


def render_mermaid(view: DiagramView, direction: str = "LR", highlight_cycles: bool = True,
                   links: Mapping[str, str] | None = None) -> str:
    """Flowchart text; ``highlight_cycles`` off draws cycle boxes and edges as plain ones.
    ``links`` gives boxes a ``click`` link (hrefs with quotes, spaces or backslashes are left
    out: they could not be written safely)."""
    graph = view.graph
    ids = node_ids(graph.nodes)
    lines = [f"flowchart {direction}"]
    for name in graph.nodes:
        label = label_text(node_label(name, view))
        lines.append(f'    {ids[name]}[["{label}"]]' if name in graph.folded
                     else f'    {ids[name]}["{label}"]')
    styled: dict[EdgeRole, list[str]] = {}
    for index, ((source, target), imports) in enumerate(sorted(graph.edges.items())):
        arrow = "-.->" if deferred(imports) else "-->"
        count = f"|{len(imports)}|" if len(imports) > 1 else ""
        lines.append(f"    {ids[source]} {arrow}{count} {ids[target]}")
        role = shown_edge_role(view, (source, target), highlight_cycles)
        if role is not EdgeRole.PLAIN:
            styled.setdefault(role, []).append(str(index))
    classes: dict[Role, list[str]] = {}
    for name in graph.nodes:
        classes.setdefault(shown_role(view, name, highlight_cycles), []).append(ids[name])
    for node_role in Role:
        if node_role in classes:
            lines.append(f"    {class_def(node_role)}")
            lines.append(f"    class {','.join(classes[node_role])} {node_role.value}")
    for edge_role in EdgeRole:
        if edge_role in styled:
            lines.append(f"    linkStyle {','.join(styled[edge_role])} {_link_style(edge_role)}")
    lines += click_lines(ids, links or {})
    return "\n".join(lines) + "\n"


def click_lines(ids: Mapping[str, str], links: Mapping[str, str]) -> list[str]:
    """``click`` lines giving boxes their links; an href with quotes, spaces, backslashes or
    backticks is left out (it could not be written safely), and a tooltip is the module's name
    when that is plain dotted words (else none)."""
    lines = []
    for name, href in sorted(links.items()):
        if name in ids and not re.search(r'[\s"\\`]', href):
            tooltip = name if re.fullmatch(r"[\w.]+", name) else ""
            lines.append(f'    click {ids[name]} href "{href}" "{tooltip}"')
    return lines


def over_limits(text: str, edges: int) -> bool:
    """Whether Mermaid would refuse this diagram."""
    return len(text) > MAX_TEXT or edges > MAX_EDGES
