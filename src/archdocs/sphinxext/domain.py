"""The ``archdocs`` domain: where each module is documented, and the ``{archdocs:mod}`` role.

A domain is Sphinx's own machinery for cross-references: its data is purged and merged per document
(``-j N`` safe), and ``pending_xref`` nodes are resolved per builder, so links are relative to the
page that holds them (html and dirhtml differ).

Where a name is documented, first match wins:

1. a package's generated page (``<archdocs_output_dir>/<package>``), at the top;
2. a module card (``archdocs-module``): generated pages first, then the first page by name;
3. the generated page of the nearest enclosing package.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from archdocs.sphinxext.analysis import snapshot_for
from archdocs.sphinxext.config import settings_of
from archdocs.sphinxext.log import MISSING_MODULE, warn

if TYPE_CHECKING:
    from docutils.nodes import Element, Node, system_message
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def anchor_of(module: str) -> str:
    """The HTML id of a module card."""
    return nodes.make_id(f"module-{module}")


def known_name(snapshot: Any, name: str) -> bool:
    return name in snapshot or snapshot.is_package_name(name)


#: The class of a generated module reference: monospace by the extension's CSS in HTML.
MOD_CLASS = "archdocs-mod"


def xref(module: str, text: str | None = None) -> Element:
    """An inline link to a module's documentation, resolved at write time (plain code when the
    module has no page).

    Generated pages hold thousands of these, and Sphinx visits every node of a page several times
    (smart quotes, reference resolution, the HTML writer, the search index): the name is one text
    node, not a ``literal`` (whose HTML is a ``<code>`` and a ``<span class="pre">`` per word).
    In HTML the resolved link carries :data:`MOD_CLASS`, monospace by the extension's CSS; other
    formats get a ``literal`` at write time. Smart quotes leave the name as written.
    """
    from sphinx.addnodes import pending_xref

    node = pending_xref("", nodes.Text(text or module), refdomain="archdocs", reftype="mod",
                        reftarget=module)
    node["support_smartquotes"] = False  # a name from the code: honoured for its text
    return node


def _code(text: Node) -> nodes.literal:
    """A generated reference's text in formats without the extension's CSS: their code."""
    return nodes.literal("", "", text, classes=["xref", MOD_CLASS])


class ModuleRole(XRefRole):
    """``{archdocs:mod}`pkg.module``` links to a module's page; an unknown module is a warning
    located at the docs line, and renders as plain code."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        if not known_name(snapshot_for(self.env), self.target):
            warn(f"archdocs:mod: no module or package named {self.target!r} in archdocs_sources",
                 MISSING_MODULE, self.get_location())
            return [nodes.literal(self.rawtext, self.title)], []
        return super().run()


class ArchdocsDomain(Domain):
    name = "archdocs"
    label = "archdocs"
    object_types: ClassVar[dict[str, ObjType]] = {"module": ObjType("module", "mod")}
    roles: ClassVar[dict[str, Any]] = {"mod": ModuleRole(innernodeclass=nodes.literal)}
    initial_data: ClassVar[dict[str, Any]] = {"cards": {}}  # docname -> {module: anchor}
    data_version = 1

    @property
    def cards(self) -> dict[str, dict[str, str]]:
        cards: dict[str, dict[str, str]] = self.data["cards"]
        return cards

    def note_card(self, docname: str, module: str) -> str:
        """Record a module card on ``docname``; returns its anchor."""
        anchor = anchor_of(module)
        self.cards.setdefault(docname, {})[module] = anchor
        self._index: dict[str, tuple[str, str]] | None = None
        return anchor

    def clear_doc(self, docname: str) -> None:
        self.cards.pop(docname, None)
        self._index = None

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["cards"]:
                self.cards[docname] = otherdata["cards"][docname]
        self._index = None

    def _card_index(self) -> dict[str, tuple[str, str]]:
        """{module: (docname, anchor)} of the preferred card, rebuilt after any data change."""
        cached: dict[str, tuple[str, str]] | None = getattr(self, "_index", None)
        if cached is not None:
            return cached
        prefix = settings_of(self.env.config).output_docname_prefix
        index: dict[str, tuple[str, str]] = {}
        # generated pages first, then by docname: deterministic whatever the read order
        for docname in sorted(self.cards, key=lambda d: (not d.startswith(prefix), d)):
            for module, anchor in self.cards[docname].items():
                index.setdefault(module, (docname, anchor))
        self._index = index
        return index

    def target(self, name: str) -> tuple[str, str] | None:
        prefix = settings_of(self.env.config).output_docname_prefix
        found = self.env.found_docs
        if prefix + name in found:
            return prefix + name, ""
        card = self._card_index().get(name)
        if card is not None:
            return card
        parts = name.split(".")
        for size in range(len(parts) - 1, 0, -1):
            page = prefix + ".".join(parts[:size])
            if page in found:
                return page, ""
        return None

    # Sphinx 9 types the answer as a reference; a module without a page is answered with its plain
    # code (contnode) on purpose, which Sphinx puts in place as it would a reference.
    def resolve_xref(  # type: ignore[override, unused-ignore]
            self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
            target: str, node: pending_xref, contnode: Element) -> Element | None:
        where = self.target(target)
        label: Node = contnode
        if not isinstance(label, nodes.Text):
            # the {archdocs:mod} role's literal; a real module without a page keeps it as plain
            # code, not a "target not found" warning (unknown names were warned while reading)
            return contnode if where is None else make_refnode(
                builder, fromdocname, where[0], where[1], contnode, target)
        # xref(): in HTML the text itself, monospace by the class; elsewhere their code
        html = builder.format == "html"
        if where is None:
            return nodes.inline("", "", label, classes=[MOD_CLASS]) if html else _code(label)
        # a title only where the text is not the whole name (inventory and matrix labels)
        title = target if label.astext() != target else None
        ref = make_refnode(builder, fromdocname, where[0], where[1],
                           label if html else _code(label), title)
        if html:
            ref["classes"].append(MOD_CLASS)
        return ref

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: pending_xref,
                         contnode: Element) -> list[tuple[str, nodes.reference]]:
        """Nothing: modules are linked only by the explicit ``{archdocs:mod}`` role.

        ``:any:`` and MyST's ``[text](target)`` ask every domain, and two answers are an
        "ambiguous" warning that fails ``-W``. Module names are common words (pip's docs have a page
        ``pip`` and a link ``[…](pip)``; autodoc's ``py:mod`` answers the same names), so adding
        archdocs must not add an answer to a link that resolved before.
        """
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Each documented module (a card or a package's page) where a link to it lands: the
        search page finds modules by name this way (generated tables and import lists are left
        out of its word index), and ``objects.inv`` lists them."""
        prefix = settings_of(self.env.config).output_docname_prefix
        snapshot = snapshot_for(self.env)
        pages = {doc[len(prefix):] for doc in self.env.all_docs if doc.startswith(prefix)}
        names = set(self._card_index()) | {n for n in pages if known_name(snapshot, n)}
        for name in sorted(names):
            where = self.target(name)
            if where is not None:
                yield name, name, "module", where[0], where[1], 1
