"""A layers contract as a Mermaid flowchart
(:class:`~archdocs.analysis.contracts.layers.LayersDrawing`).

Each layer is a frame, the top layer at the top; the entries of a layer line (``a | b``) sit side
by side in it, an entry holding several modules in a frame of its own. Only the imports that break
the contract are drawn, in red (dashed when indirect, a number counting the imports an arrow stands
for): the allowed direction, downwards, is implied by the stacking.

The chart is laid out bottom to top (``flowchart BT``): a breaking import goes from a lower layer
to a higher one, so its arrow runs with the layout and never pulls a layer out of its place.
Invisible links (``~~~``) from every box of a layer to the first box of the layer above, and from
the first box of a layer to every box above it, keep the layers stacked in order.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

from archdocs.analysis.contracts.layers import Box, LayersDrawing, Level
from archdocs.analysis.views import EdgeRole, Role
from archdocs.render.diagram import EDGE_COLOURS
from archdocs.render.mermaid import class_def, click_lines, label_text, node_ids

BREACH = EDGE_COLOURS[EdgeRole.CYCLE]  #: the red of the other diagrams' cycle edges


def level_title(level: Level) -> str:
    """``layer 2``, and what its siblings may do to each other when it has some."""
    rule = "" if not level.siblings else (
        " (independent)" if level.independent else " (may import each other)")
    return f"layer {level.number}{rule}"


def _box(box: Box, ids: Mapping[str, str]) -> str:
    label = label_text(box.label)
    return f'{ids[box.name]}[["{label}"]]' if box.folded else f'{ids[box.name]}["{label}"]'


def render_layers(drawing: LayersDrawing, links: Mapping[str, str] | None = None) -> str:
    """Flowchart text; ``links`` gives boxes a ``click`` link, as
    :func:`~archdocs.render.mermaid.render_mermaid` does."""
    levels = [level for level in drawing.levels if level.entries]
    ids = node_ids(tuple(sorted({b.name for level in levels for b in level.boxes})))
    lines = ["flowchart BT"]
    for level in levels:
        lines.append(f'    subgraph layer_{level.number}["{label_text(level_title(level))}"]')
        for number, entry in enumerate(level.entries):
            if len(entry.boxes) == 1:
                lines.append(f"        {_box(entry.boxes[0], ids)}")
                continue
            lines.append(f'        subgraph entry_{level.number}_{number}'
                         f'["{label_text(entry.name)}"]')
            lines += [f"            {_box(box, ids)}" for box in entry.boxes]
            lines.append("        end")
        lines.append("    end")
    links_drawn = 0
    for upper, lower in pairwise(levels):
        above = [ids[b.name] for b in upper.boxes]
        below = [ids[b.name] for b in lower.boxes]
        stack = dict.fromkeys([(b, above[0]) for b in below] + [(below[0], a) for a in above])
        lines += [f"    {a} ~~~ {b}" for a, b in stack]
        links_drawn += len(stack)
    red = []
    for violation in drawing.violations:
        arrow = "-.->" if violation.indirect else "-->"
        count = f"|{len(violation.breaches)}|" if len(violation.breaches) > 1 else ""
        lines.append(f"    {ids[violation.importer]} {arrow}{count} {ids[violation.target]}")
        red.append(str(links_drawn))
        links_drawn += 1
    for role in (Role.MODULE, Role.PACKAGE):
        names = [ids[b.name] for level in levels for b in level.boxes
                 if b.folded == (role is Role.PACKAGE)]
        if names:
            lines += [f"    {class_def(role)}", f"    class {','.join(names)} {role.value}"]
    if red:
        lines.append(f"    linkStyle {','.join(red)} stroke:{BREACH},stroke-width:2px,"
                     f"color:{BREACH}")
    lines += click_lines(ids, links or {})
    return "\n".join(lines) + "\n"
