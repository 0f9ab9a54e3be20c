"""``archdocs-contracts``: the architecture contracts of a file, each kept or broken, with every
violating import at ``file:line`` (and its chain when indirect)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes

from archdocs.analysis.contracts.evaluate import check_contracts
from archdocs.analysis.contracts.read import read_contracts
from archdocs.model import Snapshot
from archdocs.sphinxext.directives.base import ArchdocsDirective, DirectiveError
from archdocs.sphinxext.markup import paragraph, plural, verbatim

if TYPE_CHECKING:
    from docutils.nodes import Node


class ContractsDirective(ArchdocsDirective):
    """The contracts of a file checked against the code of ``archdocs_sources``: import-linter's
    configuration (``.importlinter``, ``setup.cfg``, ``pyproject.toml``) or ``[[contract]]``
    tables, as ``archdocs check --contracts`` reads them.

    Argument: the contract file, relative to this page (or to the source folder with a leading
    ``/``). A mistake in it is a warning at its ``file:line``.
    """

    option_spec: ClassVar[dict[str, object]] = {}

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
            items = []
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
