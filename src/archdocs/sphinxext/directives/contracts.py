"""``archdocs-contracts``: the architecture contracts of a file, each kept or broken, with every
violating import at ``file:line`` (and its chain when indirect); a layers contract is drawn too,
its layers stacked and its violating imports in red."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.typing import OptionSpec

from archdocs.analysis.contracts.evaluate import check_contracts
from archdocs.analysis.contracts.layers import LayersDrawing, layers_drawing
from archdocs.analysis.contracts.read import read_contracts
from archdocs.model import Snapshot
from archdocs.render.layers import render_layers
from archdocs.render.mermaid import over_limits
from archdocs.sphinxext.directives.base import ArchdocsDirective, DirectiveError
from archdocs.sphinxext.links import pending_diagram, placeholder_links
from archdocs.sphinxext.markup import Cell, bullet_list, paragraph, plural, verbatim

if TYPE_CHECKING:
    from docutils.nodes import Node


class ContractsDirective(ArchdocsDirective):
    """The contracts of a file checked against the code of ``archdocs_sources``: import-linter's
    configuration (``.importlinter``, ``setup.cfg``, ``pyproject.toml``) or ``[[contract]]``
    tables, as ``archdocs check --contracts`` reads them.

    Argument: the contract file, relative to this page (or to the source folder with a leading
    ``/``). A mistake in it is a warning at its ``file:line``.

    A layers contract gets a diagram: its layers stacked top first, the entries of a layer line
    side by side, and each import that breaks it as a red arrow (listed under it with its
    ``file:line``). A layer of more than 8 modules, or the largest layers while the diagram has
    more than 40 boxes, is drawn as its entries' packages.
    """

    option_spec: ClassVar[OptionSpec] = {}

    def render(self, snapshot: Snapshot) -> list[Node]:
        shown, path = self.env.relfn2path(self.name_argument)
        self.env.note_dependency(path)
        contracts, problems = read_contracts(path)
        if problems:
            raise DirectiveError("; ".join(f"{shown}:{p.line}: {p.message}" if p.line else
                                           f"{shown}: {p.message}" for p in problems))
        self.show([m.name for m in snapshot.modules])  # a contract may reach any module
        paths = {m.name: m.path for m in snapshot.modules}
        breaches = check_contracts(contracts, snapshot)
        kept = sum(not any(b.contract is c for b in breaches) for c in contracts)
        out: list[Node] = [paragraph(f"{plural(len(contracts), 'contract')} in {shown}: {kept} "
                                     f"kept, {len(contracts) - kept} broken.",
                                     classes=["archdocs-note"])]
        for contract in contracts:
            box = nodes.container(classes=["archdocs-contract"])
            own = [b for b in breaches if b.contract is contract]
            state = "broken" if own else "kept"
            # contract names and messages come from the user's file: shown as written
            box += verbatim(nodes.strong(contract.name, contract.name),
                            f" ({contract.type}): ", nodes.emphasis(state, state))
            drawing = layers_drawing(contract, snapshot, own)
            if drawing is not None:
                box += self.layers(drawing)
            items: list[list[Cell]] = []
            for breach in own:
                if breach.chain:
                    first = breach.chain[0]
                    where = f"{paths.get(first.importer, first.importer)}:{first.line}"
                else:
                    where = f"{shown}:{breach.line}"
                items.append([nodes.literal(where, where), ": ", breach.message])
            if items:
                listing = nodes.bullet_list()
                for item in items:
                    entry = nodes.list_item()
                    entry += verbatim(*item)
                    listing += entry
                box += listing
            out.append(box)
        return out

    def layers(self, drawing: LayersDrawing) -> list[Node]:
        """The diagram of a layers contract and a legend of what it shows."""
        boxes = [b.name for level in drawing.levels for b in level.boxes]
        if not boxes:
            return []
        code = render_layers(drawing, placeholder_links(boxes))
        if over_limits(code, len(drawing.violations) + 2 * len(boxes)):  # with the stacking links
            return [paragraph("This layers diagram is too large for Mermaid to draw; the "
                              "imports that break the contract are listed below.",
                              classes=["archdocs-note"])]
        diagram = pending_diagram(code=code, format="mermaid",
                                  alt=f"Layers of the contract {drawing.contract.name}")
        self.set_source_info(diagram)
        items: list[list[Node | str]] = [[
            "Layers from the top: a layer may import the layers below it, never one above; "
            "the entries of one layer sit side by side."]]
        if drawing.violations:
            items.append(["Red arrows: imports that break the contract, from the importing box "
                          "to the imported one (dashed: only through modules outside the "
                          "layers; a number counts the imports an arrow stands for). Each is "
                          "listed below with its file and line."])
        else:
            items.append(["No import breaks the layering."])
        if drawing.folded:
            which = ", ".join(str(n) for n in drawing.folded)
            layers = plural(len(drawing.folded), "layer")
            items.append([f"Too many modules to draw one by one: {layers} ({which}) drawn as "
                          "packages, a box named with / and a count."])
        legend = nodes.container(classes=["archdocs-legend"])
        legend += bullet_list(items)
        return [diagram, legend]
