"""``archdocs-cycles``: each import cycle of a package, with a witness and the lines to cut."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.typing import OptionSpec

from archdocs.analysis.cycles import Cycle, find_cycles
from archdocs.analysis.graph import build_graph
from archdocs.model import Import, Snapshot, kinds_label
from archdocs.sphinxext.directives.base import KINDS_OPTION, SELECT_OPTIONS, ArchdocsDirective
from archdocs.sphinxext.domain import xref
from archdocs.sphinxext.markup import bullet_list, inline, joined, paragraph

if TYPE_CHECKING:
    from docutils.nodes import Node


class CyclesDirective(ArchdocsDirective):
    """The import cycles of a package: each strongly connected component, a shortest cycle through
    it (the witness) with, for each step, the import statements at ``file:line``, and the breakers:
    import statements whose removal leaves the component without any cycle. Cycles follow the
    parent packages an import runs first (``import a.b.c`` runs ``a.b``). Imports of modules that
    are not in the source are listed after the cycles.

    Argument: a package name.

    Options:

    ``:kinds: SET``
        Which imports make cycles (default: ``archdocs_kinds``, normally ``import-time``: the
        cycles that can break at import). ``all`` also counts lazy and TYPE_CHECKING imports.
    ``:include: GLOBS`` / ``:exclude: GLOBS``
        Only / not the modules whose dotted names match these globs.
    """

    option_spec: ClassVar[OptionSpec] = {**KINDS_OPTION, **SELECT_OPTIONS}
    default_kinds = None

    def render(self, snapshot: Snapshot) -> list[Node]:
        package = self.package(snapshot)
        kinds = self.kinds()
        view = self.selected(snapshot)
        self.show([m.name for m in view.in_package(package)], packages=(package,))
        cycles = find_cycles(build_graph(view, package, kinds, implied=True))
        label = kinds_label(kinds)
        out: list[Node] = []
        if not cycles:
            out.append(paragraph(f"No import cycles in {package} ({label} imports).",
                                 classes=["archdocs-note"]))
        else:
            count = f"{len(cycles)} import cycle{'s' if len(cycles) > 1 else ''}"
            out.append(paragraph(
                f"{count} in {package} ({label} imports). A component may hold more cycles than "
                "its witness: cutting its breakers removes every one of them.",
                classes=["archdocs-note"]))
            out.extend(self.cycle_node(number, cycle, view)
                       for number, cycle in enumerate(cycles, 1))
        missing = self.missing_node(view, package)
        return out if missing is None else [*out, missing]

    @staticmethod
    def cycle_node(number: int, cycle: Cycle, snapshot: Snapshot) -> nodes.container:
        box = nodes.container(classes=["archdocs-cycle"])
        box += paragraph(nodes.strong(f"Cycle {number}", f"Cycle {number}"),
                         f" ({cycle.size} modules): ", *joined(xref(m) for m in cycle.members))
        box += paragraph("Witness: ", *joined((xref(m) for m in cycle.witness), " → "))
        box += bullet_list([xref(source), " imports ", xref(target), ": ",
                            *joined((_statement(i, snapshot, source, target, cycle)
                                     for i in imports), "; ")]
                           for source, target, imports in cycle.steps)
        n = len(cycle.breakers)
        how = ("no fewer imports would do" if cycle.exact else
               f"approximate: a greedy choice, {cycle.size} modules are too many to search")
        box += paragraph(f"To break every cycle here, cut {n} import{'s' if n != 1 else ''} "
                         f"({how}):")
        box += bullet_list([_statement(i, snapshot, source, target, cycle)]
                           for source, target, i in cycle.breakers)
        return box

    @staticmethod
    def missing_node(snapshot: Snapshot, package: str) -> nodes.container | None:
        """Imports of modules the source does not have (each a problem, warned at its line)."""
        paths = {m.path for m in snapshot.in_package(package)}
        missing = [p for p in snapshot.problems if p.code == "missing-module" and p.path in paths]
        if not missing:
            return None
        box = nodes.container(classes=["archdocs-missing"])
        box += paragraph(f"Imports of modules that are not in the source ({len(missing)}): "
                         "Python raises ImportError there.", classes=["archdocs-note"])
        box += bullet_list([nodes.literal("", f"{p.path}:{p.line}"), ": ", p.message]
                           for p in missing)
        return box


def _statement(imp: Import, snapshot: Snapshot, source: str, target: str,
               cycle: Cycle) -> nodes.inline:
    """``text at path:line (kind)``; on an implied edge, which parent package the import runs
    first. Each statement's kind is shown as ``archdocs report`` prints it: a TYPE_CHECKING or
    lazy import is cut differently from one that runs at import time."""
    module = snapshot.get(imp.importer)
    path = module.path if module is not None else imp.importer
    runs = [f", runs {target} first"] if (source, target) in cycle.implied else []
    return nodes.inline("", "", *inline(nodes.literal(imp.text, imp.text), " at ",
                                        nodes.literal("", f"{path}:{imp.line}"), " (",
                                        nodes.emphasis("", imp.kind.value), *runs, ")"))
