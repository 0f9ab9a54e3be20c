"""The ``archdocs-*`` directives; each returns docutils nodes, so rST and MyST pages get the same
doctree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archdocs.sphinxext.directives.contracts import ContractsDirective
from archdocs.sphinxext.directives.cycles import CyclesDirective
from archdocs.sphinxext.directives.diagram import DiagramDirective
from archdocs.sphinxext.directives.docstring import DocstringDirective
from archdocs.sphinxext.directives.explorer import ExplorerDirective
from archdocs.sphinxext.directives.inventory import InventoryDirective
from archdocs.sphinxext.directives.matrix import MatrixDirective
from archdocs.sphinxext.directives.module import ModuleDirective
from archdocs.sphinxext.directives.tree import TreeDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DIRECTIVES = {
    "archdocs-diagram": DiagramDirective,
    "archdocs-inventory": InventoryDirective,
    "archdocs-cycles": CyclesDirective,
    "archdocs-tree": TreeDirective,
    "archdocs-module": ModuleDirective,
    "archdocs-docstring": DocstringDirective,
    "archdocs-matrix": MatrixDirective,
    "archdocs-explorer": ExplorerDirective,
    "archdocs-contracts": ContractsDirective,
}


def setup_directives(app: Sphinx) -> None:
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
