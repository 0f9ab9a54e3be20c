"""What a contract says, independent of the file it was written in (import-linter INI, its TOML
table, or ``[[contract]]`` in the archdocs config)."""

from __future__ import annotations

from dataclasses import dataclass

from archdocs.model import Import, ImportKind


@dataclass(frozen=True)
class Layer:
    """One line of a layers contract: a module, or siblings ``a | b`` (independent: they may not
    import each other) or ``a : b`` (they may). Names are relative to the containers, if any."""

    modules: tuple[str, ...]
    optional: frozenset[str] = frozenset()  #: written ``(name)``: no error when it is missing
    independent: bool = True


@dataclass(frozen=True)
class Layers:
    layers: tuple[Layer, ...]  #: highest first: a layer may import those below it, never above
    containers: tuple[str, ...] = ()  #: module expressions
    exhaustive: bool = False  #: every child of a container must be a layer
    exhaustive_ignores: tuple[str, ...] = ()


@dataclass(frozen=True)
class Forbidden:
    sources: tuple[str, ...]
    forbidden: tuple[str, ...]
    allow_indirect: bool = False
    as_packages: bool = True


@dataclass(frozen=True)
class Independence:
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Protected:
    protected: tuple[str, ...]
    allowed_importers: tuple[str, ...] = ()
    as_packages: bool = True


@dataclass(frozen=True)
class AcyclicSiblings:
    ancestors: tuple[str, ...]
    depth: int = 10  #: import-linter's default
    skip_descendants: tuple[str, ...] = ()


Rules = Layers | Forbidden | Independence | Protected | AcyclicSiblings


@dataclass(frozen=True)
class IgnoredImport:
    """An ``ignore_imports`` line, ``importer -> imported``, either side a module expression."""

    importer: str
    imported: str
    line: int  #: in the contract file

    def __str__(self) -> str:
        return f"{self.importer} -> {self.imported}"


@dataclass(frozen=True)
class Contract:
    id: str
    name: str
    type: str  #: import-linter's type name: layers, forbidden, independence, ...
    rules: Rules
    #: the imports that count (import-linter: all, or no type-checking)
    kinds: frozenset[ImportKind]
    path: str  #: the file it was read from
    line: int
    ignore: tuple[IgnoredImport, ...] = ()
    #: import-linter's ``unmatched_ignore_imports_alerting``: error, warn or none
    unmatched_ignore: str = "error"
    #: root packages (import-linter's ``root_packages``); () for every module read
    roots: tuple[str, ...] = ()
    include_external: bool = False  #: imports of other top-level packages are graph nodes


@dataclass(frozen=True)
class Breach:
    """One way a contract is broken. ``chain`` is the import path, first import first (one import
    when direct); empty for a breach that is no import (a module not listed in an exhaustive
    layers contract, an ``ignore_imports`` line that matches nothing, a missing layer)."""

    contract: Contract
    message: str
    key: str  #: identity across revisions and line shifts: no line numbers
    chain: tuple[Import, ...] = ()
    line: int = 0  #: in the contract file, when ``chain`` is empty
    #: the finding kind: an import that breaks it (``contract``), a cycle of siblings, a child
    #: missing from an exhaustive layers contract, an unmatched ignore line, a missing module
    code: str = "contract"
