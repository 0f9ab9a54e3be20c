"""``archdocs-cycles``: each import cycle of a package, with a witness and the lines to cut."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.typing import OptionSpec

from archdocs.analysis.cycles import Cycle, find_cycles
from archdocs.analysis.graph import build_graph
from archdocs.model import Import, Snapshot, kinds_label
from archdocs.sphinxext.directives.base import KINDS_OPTION, SELECT_OPTIONS, ArchdocsDirective
from archdocs.sphinxext.domain import xref
from archdocs.sphinxext.markup import bullet_list, inline, joined, paragraph, plural
from archdocs.sphinxext.pages import EXPLORER

#: Cycles listed in full, and members or statements listed per cycle, before a listing is cut
#: (homeassistant's all-kinds cycle holds 457 modules); counts always stay whole.
DEFAULT_LIMIT = 50

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
    ``:limit: N``
        Cycles shown in full, and members or statements listed per cycle (default 50); the
        cycles after the first N get one line each. Counts stay whole, and the note under a cut
        listing links to the module explorer, which lists every cycle.
    """

    option_spec: ClassVar[OptionSpec] = {**KINDS_OPTION, **SELECT_OPTIONS,
                                         "limit": directives.unchanged}
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
            limit = self.positive_int("limit") or DEFAULT_LIMIT
            out.extend(self.cycle_node(number, cycle, view, limit)
                       for number, cycle in enumerate(cycles[:limit], 1))
            if len(cycles) > limit:
                out.append(bullet_list(self.cycle_line(number, cycle, limit)
                                       for number, cycle in enumerate(cycles, 1)
                                       if number > limit))
            if len(cycles) > limit or any(c.size > limit or len(c.breakers) > limit
                                          for c in cycles[:limit]):
                out.append(self.cut_note(package, limit))
        missing = self.missing_node(view, package)
        return out if missing is None else [*out, missing]

    @staticmethod
    def cycle_node(number: int, cycle: Cycle, snapshot: Snapshot,
                   limit: int = DEFAULT_LIMIT) -> nodes.container:
        box = nodes.container(classes=["archdocs-cycle"])
        box += paragraph(*CyclesDirective.cycle_line(number, cycle, limit))
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
        items: list[list[nodes.Node]] = [[_statement(i, snapshot, source, target, cycle)]
                                         for source, target, i in cycle.breakers[:limit]]
        if n > limit:
            items.append([nodes.Text(f"and {n - limit:,} more")])
        box += bullet_list(items)
        return box

    @staticmethod
    def cycle_line(number: int, cycle: Cycle, limit: int) -> list[nodes.Node]:
        """``Cycle N (size modules): members``, the members cut at ``limit``."""
        more = [nodes.Text(f" and {cycle.size - limit:,} more")] if cycle.size > limit else []
        return [nodes.strong(f"Cycle {number}", f"Cycle {number}"),
                nodes.Text(f" ({cycle.size} modules): "),
                *joined(xref(m) for m in cycle.members[:limit]), *more]

    def cut_note(self, package: str, limit: int) -> nodes.paragraph:
        """What the listing leaves out, and where all of it is: the module explorer of the
        generated reference (its cycles view), when this package has one."""
        said = (f"Listings are cut at {plural(limit, 'item')} (:limit:): the cycles after "
                f"the first {limit} get one line, members and breakers are counted in full.")
        explorer = self.settings.output_docname_prefix + EXPLORER
        roots = [r for r in self.settings.packages if package == r or package.startswith(r + ".")]
        if not roots or explorer not in self.env.found_docs:
            return paragraph(said, " The archdocs-explorer directive lists every cycle.",
                             classes=["archdocs-note"])
        ref = addnodes.pending_xref("", nodes.inline("module explorer", "module explorer"),
                                    refdomain="std", reftype="doc", refexplicit=True,
                                    reftarget="/" + explorer, refdoc=self.env.docname,
                                    refwarn=True)
        return paragraph(said, " The ", ref, " lists every cycle and its modules' imports.",
                         classes=["archdocs-note"])

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
