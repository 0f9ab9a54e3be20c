"""The immutable model every archdocs analysis and renderer reads.

Two layers: :class:`ModuleFacts` is what one file's *bytes* say (no path, no package context), so
it can be cached by content and reused at every path and revision holding the same blob;
:class:`Module` and :class:`Snapshot` put those facts in place (dotted name, resolved imports).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import namedtuple
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


# Not StrEnum (UP042): str() and format() of a member would become its value ("runtime" instead
# of "ImportKind.RUNTIME"), a change of output to make on purpose, not as a lint fix.
class ImportKind(str, Enum):  # noqa: UP042
    """When an import statement runs; cycles and graphs can be restricted to a set of kinds."""

    RUNTIME = "runtime"  #: executed when the module is imported
    #: executed at import time, but inside try/except ImportError or a version check
    GUARDED = "guarded"
    #: runs later, if ever: inside a function or method (when that code is called), under ``if
    #: __name__ == "__main__":`` (when the module is the main script), or a PEP 810 lazy import
    #: (``lazy import x``, or a module listed in ``__lazy_modules__``: on first use of the name)
    LAZY = "lazy"
    TYPE_CHECKING = "type_checking"  #: only under ``if TYPE_CHECKING:``: never runs


#: Named sets of import kinds, used by cycles, graphs, directives and the CLI.
KIND_SETS: dict[str, frozenset[ImportKind]] = {
    "all": frozenset(ImportKind),
    "no-type-checking": frozenset({ImportKind.RUNTIME, ImportKind.GUARDED, ImportKind.LAZY}),
    "import-time": frozenset({ImportKind.RUNTIME, ImportKind.GUARDED}),
}


def parse_kinds(spec: str) -> frozenset[ImportKind]:
    """Turn ``"import-time"`` or ``"runtime,lazy"`` into a set of kinds; ValueError says what is
    allowed."""
    spec = spec.strip()
    if spec in KIND_SETS:
        return KIND_SETS[spec]
    kinds = set()
    for part in filter(None, (p.strip().replace("-", "_") for p in spec.split(","))):
        try:
            kinds.add(ImportKind(part))
        except ValueError:
            allowed = ", ".join([*KIND_SETS, *(k.value for k in ImportKind)])
            raise ValueError(f"unknown import kind {part!r}; allowed: {allowed}") from None
    if not kinds:
        raise ValueError("empty import-kind set")
    return frozenset(kinds)


def kinds_label(kinds: frozenset[ImportKind]) -> str:
    """The name of a kind set (``"import-time"``) or its members joined by commas, for display."""
    for name, members in KIND_SETS.items():
        if members == kinds:
            return name
    return ",".join(sorted(k.value for k in kinds))


@dataclass(frozen=True, slots=True)
class Problem:
    """Something archdocs could not read fully; it is reported, and the rest still comes out."""

    path: str  #: file (relative to its source root) or config file
    line: int  #: 1-based; 0 when the problem concerns the whole file
    message: str
    code: str = "parse"  #: short machine-readable category: parse, decode, read, config, ...

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class RawImport:
    """One imported module as written in the file, before it is resolved against a package tree."""

    line: int
    #: ``a.b`` for ``import a.b`` / ``from a.b import c``; ``""`` for ``from . import c``
    module: str
    level: int  #: number of leading dots of a relative import; 0 when absolute
    #: ``(name, alias)`` of a from-import; ``("*", None)`` for a star
    names: tuple[tuple[str, str | None], ...]
    alias: str | None  #: ``c`` in ``import a.b as c``
    kind: ImportKind
    is_from: bool
    text: str  #: the statement's first source line, stripped: what a reader sees at ``file:line``
    #: lazy by PEP 810 rather than by where it sits: it still binds its names in the module's scope
    deferred: bool = False


@dataclass(frozen=True, slots=True)
class Definition:
    """A class or function defined in a module (nested ones carry a dotted ``qualname``)."""

    qualname: str
    kind: str  #: ``class``, ``function`` or ``method``
    line: int
    end_line: int
    signature: str  #: parameters (functions) or bases (classes), whitespace-normalised
    doc: str  #: first line of the docstring
    #: hashes of the distinct stripped body lines; two definitions are "the same code" when these
    #: overlap
    shape: tuple[int, ...] = ()


class Counts(NamedTuple):
    """What metrics count in a module's facts: the cache stores them as a header of the facts'
    record, so a report reads them without decoding the rest (:attr:`Module.counts`)."""

    lines: int
    code_lines: int
    classes: int
    functions: int


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    """What one file's bytes say, independent of where the file sits: cacheable by blob id."""

    lines: int  #: physical lines: newline count, plus one when the last line has no newline
    code_lines: int  #: lines that are neither blank nor only a comment
    doc: str  #: first line of the module docstring
    definitions: tuple[Definition, ...]
    #: top-level names bound by the module (def, class, assignment, import), in source order
    bound_names: tuple[str, ...]
    all_names: tuple[str, ...] | None  #: literal ``__all__``, or None when absent or not literal
    imports: tuple[RawImport, ...]
    problems: tuple[tuple[int, str], ...]  #: (line, message) of syntax errors
    warns_deprecation: bool = False  #: the module body raises a DeprecationWarning at import time
    has_getattr: bool = False  #: a PEP 562 module-level ``__getattr__``
    #: dotted-name string literals inside a module ``__getattr__`` (targets of a lazy re-export
    #: shim)
    getattr_targets: tuple[str, ...] = ()
    #: bound names that only imports bind (no def, class or assignment) and not as an explicit
    #: re-export (``import x as x``, ``from m import y as y``): not the module's own API
    imported_names: tuple[str, ...] = ()

    @property
    def classes(self) -> tuple[Definition, ...]:
        return tuple(d for d in self.definitions if d.kind == "class")

    @property
    def functions(self) -> tuple[Definition, ...]:
        """Module-level functions (methods are counted with their class)."""
        return tuple(d for d in self.definitions if d.kind == "function")

    @property
    def counts(self) -> Counts:
        kinds = [d.kind for d in self.definitions]
        return Counts(self.lines, self.code_lines, kinds.count("class"), kinds.count("function"))


class Import(namedtuple("Import", "importer target line kind internal names text",
                        defaults=((), ""))):
    """A resolved import: ``importer`` imports ``target`` at ``line``.

    ``target`` is the most specific internal module the statement names (``from a import b`` is
    ``a.b`` when that module exists, else ``a``), or the top-level name of an external package.
    An immutable named tuple rather than a frozen dataclass: there is one per import statement, and
    a warm run rebuilds them all from the cache.
    """

    __slots__ = ()

    importer: str
    target: str
    line: int
    kind: ImportKind
    internal: bool
    #: names taken from ``target`` by a from-import (not submodules); default () (set in the
    #: namedtuple call: a default in the class body would shadow the field)
    names: tuple[str, ...]
    text: str  #: default ""


class Reexport(namedtuple("Reexport", "name source_module source_name")):
    """A public name a module binds by importing it from another internal module (a named tuple, as
    :class:`Import` is: package ``__init__`` files re-export thousands of names)."""

    __slots__ = ()

    name: str
    source_module: str
    source_name: str  #: the name in ``source_module``; ``""`` when the name is a submodule


@dataclass(frozen=True, slots=True)
class Module:
    """One module of a snapshot: facts in place."""

    name: str  #: dotted name
    path: str  #: posix path relative to the snapshot's base (repository or given directory)
    is_package: bool  #: an ``__init__.py``
    blob: str  #: git blob id of the bytes the facts were read from
    #: the facts, or what gives them on first use: a warm run that only needs the import graph never
    #: decodes the cached facts (:class:`archdocs.reading.cache.EncodedFacts`)
    facts_source: ModuleFacts | Callable[[], ModuleFacts] = field(repr=False, compare=False)
    imports: tuple[Import, ...]  #: resolved, sorted by (line, target)
    reexports: tuple[Reexport, ...] = ()

    @property
    def facts(self) -> ModuleFacts:
        source = self.facts_source
        return source if isinstance(source, ModuleFacts) else source()

    @property
    def counts(self) -> Counts:
        """The facts' :class:`Counts`, read from the cached record's header when the facts are
        still encoded (a source with a ``counts`` attribute); otherwise from the facts."""
        counts = getattr(self.facts_source, "counts", None)
        return counts if isinstance(counts, Counts) else self.facts.counts

    @property
    def package(self) -> str:
        """The package holding this module (itself for an ``__init__``)."""
        return self.name if self.is_package else self.name.rpartition(".")[0]

    @property
    def public_names(self) -> tuple[str, ...]:
        """The module's API: ``__all__`` when it declares one, else the names it defines or assigns
        and those it re-exports (explicitly, ``from m import y as y``; or, in a package or a pure
        re-export shim, any internal import: see :func:`archdocs.reading._resolve.reexports_of`),
        less those starting with ``_``. Names it merely imports for its own use are not among
        them."""
        facts = self.facts
        if facts.all_names is not None:
            return facts.all_names
        imported = set(facts.imported_names).difference(r.name for r in self.reexports)
        return tuple(n for n in facts.bound_names if not n.startswith("_") and n not in imported)

    @property
    def star_names(self) -> tuple[str, ...]:
        """What ``from <module> import *`` binds: ``__all__``, else every bound name not starting
        with ``_``, imported ones included (as Python does)."""
        if self.facts.all_names is not None:
            return self.facts.all_names
        return tuple(n for n in self.facts.bound_names if not n.startswith("_"))


def nearest_module(names: Container[str], dotted: str) -> str | None:
    """The most specific of ``dotted``, its parent, its grandparent… that is in ``names``."""
    while dotted:
        if dotted in names:
            return dotted
        dotted = dotted.rpartition(".")[0]
    return None


@dataclass(frozen=True)
class Snapshot:
    """Every module of a source (a directory or a git revision), read statically."""

    label: str  #: what was read: a path, or ``repo@rev``
    roots: tuple[str, ...]  #: import roots relative to the base (``src``, ``.``)
    modules: tuple[Module, ...]  #: sorted by name
    problems: tuple[Problem, ...]  #: unreadable files, syntax errors, discovery issues
    revision: str | None = None  #: full commit id when read from git
    _by_name: dict[str, Module] = field(init=False, repr=False, compare=False)
    #: (name, position in :attr:`modules`) sorted by name: a package's modules are one run of it
    _sorted: tuple[tuple[str, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {m.name: m for m in self.modules})
        object.__setattr__(self, "_sorted", tuple(sorted(
            (m.name, i) for i, m in enumerate(self.modules))))

    def get(self, name: str) -> Module | None:
        return self._by_name.get(name)

    def nearest(self, dotted: str) -> str | None:
        """The module ``dotted`` lies in: itself, or its closest parent that is a module."""
        return nearest_module(self._by_name, dotted)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self._by_name)

    def in_package(self, package: str | None) -> tuple[Module, ...]:
        """Modules of ``package`` (itself and everything below it); all modules when None."""
        if not package:
            return self.modules
        # bisect, not a scan of every module (a docs site asks once per page): the package and
        # the names starting with "package." lie between "package" and "package/" ("/" follows
        # "." in code points)
        prefix = package + "."
        run = self._sorted[bisect_left(self._sorted, (package,)):
                           bisect_left(self._sorted, (package + "/",))]
        return tuple(self.modules[i] for i in sorted(
            i for name, i in run if name == package or name.startswith(prefix)))

    def is_package_name(self, name: str) -> bool:
        """True for a regular package or a namespace package (a prefix of module names)."""
        module = self._by_name.get(name)
        if module is not None:
            return module.is_package
        # bisect: the first name after ``name`` in order is below it when any is
        at = bisect_left(self._sorted, (name + ".",))
        return at < len(self._sorted) and self._sorted[at][0].startswith(name + ".")
