"""``archdocs-docstring``: a module's summary line as text, under a generated page's title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archdocs.model import Snapshot
from archdocs.sphinxext.directives.base import ArchdocsDirective
from archdocs.sphinxext.markup import verbatim

if TYPE_CHECKING:
    from docutils.nodes import Node


class DocstringDirective(ArchdocsDirective):
    """The first line of a module's docstring (nothing when it has none).

    Argument: a module name (a package name shows its ``__init__.py``'s).

    Generated pages use it rather than pasting the docstring into their MyST: a docstring is
    text from the code, and pasted it would be markup (a ``{download}`` role publishing a file, a
    fence swallowing the rest of the page). It also keeps the stubs independent of the code's text.
    """

    def render(self, snapshot: Snapshot) -> list[Node]:
        name = self.module(snapshot)
        self.show({name})
        module = snapshot.get(name)
        assert module is not None
        doc = module.facts.doc
        return [verbatim(doc, classes=["archdocs-docstring"])] if doc else []
