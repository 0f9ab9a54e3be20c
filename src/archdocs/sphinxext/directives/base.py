"""What every archdocs directive shares: the package argument, ``:kinds:``, option parsing with
messages that say what is allowed, dependency tracking, and error handling.

A bad argument or option never raises: it becomes a warning located at the directive (rST or MyST
line) and an error paragraph in the page, and the rest of the page still builds. Option values are
parsed here rather than by docutils converters so that the message names the option and lists what
is allowed, the same way from rST and MyST.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, final

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from archdocs.analysis.metrics import GraphFacts
from archdocs.model import KIND_SETS, ImportKind, Snapshot, parse_kinds
from archdocs.sphinxext.analysis import derived, graph_facts, note_source, snapshot_for
from archdocs.sphinxext.config import Settings, settings_of
from archdocs.sphinxext.domain import known_name
from archdocs.sphinxext.log import MISSING_MODULE, OPTION, warn
from archdocs.sphinxext.markup import paragraph

if TYPE_CHECKING:
    from docutils.nodes import Node


Adjacency = dict[str, list[str]]

#: Options shared by several directives (merged into their ``option_spec``).
KINDS_OPTION: OptionSpec = {"kinds": directives.unchanged}
SELECT_OPTIONS: OptionSpec = {"include": directives.unchanged, "exclude": directives.unchanged}


class DirectiveError(Exception):
    """A problem with a directive's argument or options, in words the author can act on."""

    subtype = OPTION


class UnknownName(DirectiveError):
    subtype = MISSING_MODULE


class ArchdocsDirective(SphinxDirective):
    """Base of the ``archdocs-*`` directives: one argument (a package or module name).

    Subclasses implement :meth:`render` and extend :attr:`option_spec`.
    """

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    has_content = False
    option_spec: ClassVar[OptionSpec] = {}
    #: ``:kinds:`` default (for directives that list :data:`KINDS_OPTION`); None means the
    #: ``archdocs_kinds`` config value.
    default_kinds: ClassVar[str | None] = "all"

    @final
    def run(self) -> list[Node]:
        try:
            return self.render(snapshot_for(self.env))
        except DirectiveError as exc:
            warn(f"{self.name}: {exc}", exc.subtype, self.get_location())
            return [paragraph(nodes.strong(f"{self.name}:", f"{self.name}:"), f" {exc}",
                              classes=["archdocs-error"])]

    def render(self, snapshot: Snapshot) -> list[Node]:
        raise NotImplementedError

    # --- helpers for subclasses --------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return settings_of(self.config)

    @property
    def name_argument(self) -> str:
        return str(self.arguments[0]).strip()

    def package(self, snapshot: Snapshot) -> str:
        """The argument, checked to be a package (or module) of the snapshot."""
        name = self.name_argument
        if not known_name(snapshot, name):
            # re-read this page when the package appears
            self.show((), packages=(name,))
            tops = sorted({m.name.split(".")[0] for m in snapshot.modules})
            known = ", ".join(tops[:10]) + (", ..." if len(tops) > 10 else "") if tops else "none"
            raise UnknownName(f"no package or module named {name!r} in archdocs_sources "
                              f"(top-level packages found: {known})")
        return name

    def module(self, snapshot: Snapshot) -> str:
        """The argument, checked to be a module (a package's ``__init__`` counts)."""
        name = self.package(snapshot)
        if name not in snapshot:
            raise UnknownName(f"{name!r} is a namespace package, not a module; name one of its "
                              "modules")
        return name

    def kinds(self) -> frozenset[ImportKind]:
        value = self.options.get("kinds")
        if value is None:
            return KIND_SETS[self.default_kinds] if self.default_kinds else self.settings.kinds
        try:
            return parse_kinds(value)
        except ValueError as exc:
            raise DirectiveError(f":kinds: {exc}") from None

    def choice(self, option: str, allowed: Sequence[str], default: str) -> str:
        value = (self.options.get(option) or default).strip()
        if value not in allowed:
            raise DirectiveError(f":{option}: {value!r} is not allowed; use one of "
                                 f"{', '.join(allowed)}")
        return value

    def positive_int(self, option: str) -> int | None:
        value = self.options.get(option)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            number = 0
        if number < 1:
            raise DirectiveError(f":{option}: {value!r} is not allowed; use a whole number >= 1")
        return number

    def words(self, option: str, allowed: Collection[str] | None = None,
              default: Sequence[str] = ()) -> tuple[str, ...]:
        """A comma- or space-separated list; ``allowed`` restricts its items."""
        value = self.options.get(option)
        if value is None:
            return tuple(default)
        items = tuple(w for w in re.split(r"[,\s]+", value) if w)
        if not items:
            raise DirectiveError(f":{option}: is empty")
        bad = [w for w in items if allowed is not None and w not in allowed]
        if bad:
            raise DirectiveError(f":{option}: {', '.join(map(repr, bad))} not allowed; use "
                                 f"{', '.join(allowed or ())}")
        return items

    def switch(self, option: str, default: bool) -> bool:
        """An on/off option; given without a value (flag style) it means on."""
        if option not in self.options:
            return default
        value = (self.options[option] or "on").strip().lower()
        if value in ("on", "yes", "true", "highlight"):
            return True
        if value in ("off", "no", "false", "none"):
            return False
        raise DirectiveError(f":{option}: {value!r} is not allowed; use on or off")

    def selected(self, snapshot: Snapshot) -> Snapshot:
        """The snapshot restricted by ``:include:`` / ``:exclude:``."""
        return select_modules(snapshot, self.words("include"), self.words("exclude"))

    def adjacency(self, view: Snapshot,
                  kinds: frozenset[ImportKind]) -> tuple[Adjacency, Adjacency]:
        """(successors, predecessors) of the whole module graph of ``view`` as lists (what the
        diagram views take), from :func:`graph_facts`: once per build and kind set when ``view``
        is the build's snapshot, so a page per module stays cheap on an 8,000-module code base."""

        def compute(snapshot: Snapshot) -> tuple[Adjacency, Adjacency]:
            facts = graph_facts(self.env, snapshot, kinds)
            return _lists(facts.successors), _lists(facts.predecessors)

        if view is snapshot_for(self.env):
            return derived(self.env, ("adjacency", kinds), compute)
        return compute(view)

    def graph_facts(self, view: Snapshot, kinds: frozenset[ImportKind]) -> GraphFacts:
        """The whole graph of ``view`` with fan-in/out and dependents (see :func:`graph_facts`)."""
        return graph_facts(self.env, view, kinds)

    def show(self, modules: Iterable[str], packages: Sequence[str] = (),
             imports_of: Iterable[str] = (), importers_of: Iterable[str] = ()) -> None:
        """Track what this page shows, for incremental rebuilds (see :func:`note_source`): the
        content of ``modules``, the member set of ``packages``, only the imports of
        ``imports_of`` (boxes and edges, importer lists: a comment edit there re-reads nothing),
        who imports ``importers_of`` (an "imported by" list, a fan-in: a new importer may live
        anywhere)."""
        note_source(self.env, self.env.docname, modules, packages, imports_of, importers_of)


def _lists(adjacency: Mapping[str, tuple[str, ...]]) -> Adjacency:
    return {node: list(targets) for node, targets in adjacency.items()}


def select_modules(snapshot: Snapshot, include: Sequence[str], exclude: Sequence[str]) -> Snapshot:
    """The snapshot restricted by fnmatch globs on dotted module names (``pkg.api.*``)."""
    if not include and not exclude:
        return snapshot

    def kept(name: str) -> bool:
        if include and not any(fnmatch.fnmatchcase(name, p) for p in include):
            return False
        return not any(fnmatch.fnmatchcase(name, p) for p in exclude)

    return Snapshot(snapshot.label, snapshot.roots,
                    tuple(m for m in snapshot.modules if kept(m.name)), snapshot.problems,
                    snapshot.revision)
