"""What the Mermaid and DOT renderers share, so that both draw a view the same way: the colours
of each node and edge role, node labels, and which edges are dashed.

Light-mode colours; every label colour has a contrast of at least 4.5:1 (WCAG AA) on its fill
(tests/core/test_diagram_render.py checks it). The site's stylesheet restyles nodes by their
class name (the role's value) for dark mode.
"""

from __future__ import annotations

from dataclasses import dataclass

from archdocs.analysis.views import DEFERRED_KINDS, DiagramView, EdgeRole, Role
from archdocs.model import Import


@dataclass(frozen=True)
class NodeStyle:
    fill: str
    stroke: str
    color: str  #: label text
    width: int = 1  #: outline, px
    dashed: bool = False  #: dashed outline


NODE_STYLES: dict[Role, NodeStyle] = {
    Role.MODULE: NodeStyle("#eef3fb", "#4a6fa5", "#1b2a3a"),
    Role.PACKAGE: NodeStyle("#dde8f6", "#2f5d8a", "#10253d", 2),
    Role.CYCLE: NodeStyle("#fde2e2", "#c0392b", "#5c0f0a", 2),
    Role.FOLD_CYCLE: NodeStyle("#fff3d6", "#b26b00", "#4a2f00", 2, dashed=True),
    Role.FOCUS: NodeStyle("#2f5d8a", "#10253d", "#ffffff", 3),
}
#: Edge colour per role (plain edges keep the theme's line colour); ``None``: only lighter.
EDGE_COLOURS: dict[EdgeRole, str] = {
    EdgeRole.CYCLE: "#c0392b",
    EdgeRole.FOLD_CYCLE: "#b26b00",
}
#: Opacity of edges a longer path implies.
IMPLIED_OPACITY = 0.35


def deferred(imports: tuple[Import, ...]) -> bool:
    """An edge drawn dashed: none of its imports runs at import time."""
    return {i.kind for i in imports} <= DEFERRED_KINDS


def node_label(name: str, view: DiagramView) -> str:
    """The name below the diagram's package; a folded box adds ``/`` and its module count."""
    package = view.graph.package
    base = len(package.split(".")) if package else 0
    short = ".".join(name.split(".")[base:]) or name
    if name in view.graph.folded:
        return f"{short}/ ({view.sizes.get(name, view.graph.folded[name])})"
    return short


def shown_role(view: DiagramView, name: str, highlight_cycles: bool = True) -> Role:
    """The role a node is drawn with: without cycle highlighting, a cycle box is a plain one."""
    role = view.roles[name]
    if not highlight_cycles and role in (Role.CYCLE, Role.FOLD_CYCLE):
        return Role.PACKAGE if name in view.graph.folded else Role.MODULE
    return role


def shown_edge_role(view: DiagramView, edge: tuple[str, str],
                    highlight_cycles: bool = True) -> EdgeRole:
    role = view.edge_roles.get(edge, EdgeRole.PLAIN)
    if not highlight_cycles and role in (EdgeRole.CYCLE, EdgeRole.FOLD_CYCLE):
        return EdgeRole.PLAIN
    return role
