"""``archdocs-cycles``: each import cycle of a package, with a witness and the lines to cut."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from archdocs.cycles import Cycle, find_cycles
from archdocs.graph import build_graph
from archdocs.model import Snapshot, kinds_label
from archdocs.sphinxext.directives.base import KINDS_OPTION, SELECT_OPTIONS, ArchdocsDirective
from archdocs.sphinxext.domain import xref
from archdocs.sphinxext.markup import bullet_list, inline, joined, paragraph

if TYPE_CHECKING:
    from docutils.nodes import Node


class CyclesDirective(ArchdocsDirective):
    """The import cycles of a package: each strongly connected component, a shortest cycle through
    it (the witness) and, for each step, the import statements at ``file:line`` to cut.

    Argument: a package name.

    Options:

    ``:kinds: SET``
        Which imports make cycles (default: ``archdocs_kinds``, normally ``import-time``: the
        cycles that can break at import). ``all`` also counts lazy and TYPE_CHECKING imports.
    ``:include: GLOBS`` / ``:exclude: GLOBS``
        Only / not the modules whose dotted names match these globs.
    """

    option_spec: ClassVar[dict[str, object]] = {**KINDS_OPTION, **SELECT_OPTIONS}
    default_kinds = None

    def render(self, snapshot: Snapshot) -> list[Node]:
        package = self.package(snapshot)
        kinds = self.kinds()
        view = self.selected(snapshot)
        self.show([m.name for m in view.in_package(package)], packages=(package,))
        cycles = find_cycles(build_graph(view, package, kinds))
        label = kinds_label(kinds)
        if not cycles:
            return [paragraph(f"No import cycles in {package} ({label} imports).",
                              classes=["archdocs-note"])]
        count = f"{len(cycles)} import cycle{'s' if len(cycles) > 1 else ''}"
        out: list[Node] = [paragraph(
            f"{count} in {package} ({label} imports). Cutting one import of each witness "
            "breaks that cycle; a component may hold more cycles than its witness.",
            classes=["archdocs-note"])]
        out.extend(self.cycle_node(number, cycle, view) for number, cycle in enumerate(cycles, 1))
        return out

    @staticmethod
    def cycle_node(number: int, cycle: Cycle, snapshot: Snapshot) -> nodes.container:
        box = nodes.container(classes=["archdocs-cycle"])
        box += paragraph(nodes.strong(f"Cycle {number}", f"Cycle {number}"),
                         f" ({cycle.size} modules): ", *joined(xref(m) for m in cycle.members))
        box += paragraph("Witness: ", *joined((xref(m) for m in cycle.witness), " → "))
        steps = []
        for source, target, imports in cycle.steps:
            path = snapshot.get(source).path if source in snapshot else source  # type: ignore[union-attr]
            # each statement's kind, as ``archdocs report`` prints it: a TYPE_CHECKING or lazy
            # import is cut differently from one that runs at import time
            statements = joined(
                (nodes.inline("", "", *inline(nodes.literal(i.text, i.text), " at ",
                                              nodes.literal("", f"{path}:{i.line}"), " (",
                                              nodes.emphasis("", i.kind.value), ")"))
                 for i in imports), "; ")
            steps.append([xref(source), " imports ", xref(target), ": ", *statements])
        box += bullet_list(steps)
        return box
