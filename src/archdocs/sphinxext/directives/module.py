"""``archdocs-module``: one module's card, and the link target for that module."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from archdocs.model import ImportKind, Module, Snapshot, kinds_label
from archdocs.sphinxext.directives.base import KINDS_OPTION, ArchdocsDirective
from archdocs.sphinxext.domain import ArchdocsDomain, xref
from archdocs.sphinxext.markup import NO_SEARCH, Cell, field_list, joined, plural, verbatim

if TYPE_CHECKING:
    from docutils.nodes import Node

#: Public names listed before "and N more".
DEFAULT_NAMES = 30
#: Direct importers listed before "and N more" (a core module can have thousands).
DEFAULT_IMPORTERS = 50


class ModuleDirective(ArchdocsDirective):
    """A module's card: summary, size, what it imports, who imports it (directly, and how many
    modules depend on it transitively), and its public names. The card is the target of links to
    that module (``{archdocs:mod}``, diagram nodes, inventory rows).

    Argument: a module name (a package name shows its ``__init__.py``).

    Options:

    ``:kinds: SET``
        Which imports count (default ``all``).
    ``:names: N``
        List at most N public names (default 30).
    ``:importers: N``
        List at most N direct importers (default 50); the count is always complete.
    """

    option_spec: ClassVar[OptionSpec] = {**KINDS_OPTION, "names": directives.unchanged,
                                                "importers": directives.unchanged}

    def render(self, snapshot: Snapshot) -> list[Node]:
        name = self.module(snapshot)
        kinds = self.kinds()
        limit = self.positive_int("names") or DEFAULT_NAMES
        importers_limit = self.positive_int("importers") or DEFAULT_IMPORTERS
        module = snapshot.get(name)
        assert module is not None
        graph = self.graph_facts(snapshot, kinds)
        imported_by = graph.predecessors[name]
        # its own file, the imports (only) of the modules that make its "imported by" and its
        # importers (a new one may live anywhere); the top-level package's module set for the
        # transitive count
        self.show({name}, packages=(name.split(".")[0],), imports_of=imported_by,
                  importers_of={name})
        domain = self.env.get_domain("archdocs")
        assert isinstance(domain, ArchdocsDomain)
        card = nodes.container(classes=["archdocs-module"],
                               ids=[domain.note_card(self.env.docname, name)])
        self.set_source_info(card)
        # text from the code: text nodes that smart quotes leave as written
        card += verbatim(nodes.strong("", "", nodes.literal(name, name)), f" — {module.path}",
                         classes=["archdocs-module-title"])
        facts = module.facts
        if facts.doc:
            card += verbatim(facts.doc, classes=["archdocs-module-summary"])
        size = [plural(facts.lines, "line"), f"{facts.code_lines} code",
                plural(len(facts.classes), "class"), plural(len(facts.functions), "function")]
        fields: list[tuple[str, list[Cell]]] = [
            ("Size", [", ".join(size)]),
            ("Imports", self.imports(module, graph.successors[name], kinds)),
            ("Imported by", self.imported_by(imported_by, graph.dependents[name], kinds,
                                             importers_limit)),
            ("Public names", self.names(module.public_names, limit)),
        ]
        if facts.warns_deprecation:
            fields.append(("Deprecated", ["importing it raises a DeprecationWarning"]))
        card += field_list(fields, unsearched=("Imported by",))
        return [card]

    @staticmethod
    def imports(module: Module, internal: Sequence[str], kinds: frozenset[ImportKind]
                ) -> list[Cell]:
        # the modules of the code base are found by their own cards; the libraries it uses are
        # searchable here
        parts: list[Cell] = ([nodes.inline("", "", *joined(xref(n) for n in internal),
                                           classes=[NO_SEARCH])]
                             if internal else ["no internal modules"])
        external = sorted({i.target for i in module.imports if not i.internal and i.kind in kinds})
        if external:
            parts.append(f"; external: {', '.join(external)}")
        return parts

    @staticmethod
    def imported_by(direct: Sequence[str], dependents: int, kinds: frozenset[ImportKind],
                    limit: int) -> list[Cell]:
        parts: list[Cell] = [*joined(xref(n) for n in direct[:limit])] or ["no module"]
        if len(direct) > limit:
            parts.append(f" and {len(direct) - limit} more")
        count = plural(dependents, "module")
        note = f" ({count} depend on it directly or transitively, {kinds_label(kinds)} imports)"
        return [*parts, note]

    @staticmethod
    def names(public: tuple[str, ...], limit: int) -> list[Cell]:
        if not public:
            return ["none"]
        # one code span for the list: a literal per name was 3 nodes and ~70 bytes of HTML each
        listed = ", ".join(public[:limit])
        shown: list[Cell] = [nodes.literal(listed, listed)]
        if len(public) > limit:
            shown.append(f" and {len(public) - limit} more")
        return shown
