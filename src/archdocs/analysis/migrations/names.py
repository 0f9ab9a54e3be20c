"""What each module of a snapshot lets users import, and where each name is really defined.

A user's ``from a.b import X`` works when ``a.b`` defines ``X``, re-exports it, binds it, or hands
it out through a PEP 562 ``__getattr__``; the map needs to know which, and where ``X`` lives.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from importlib.util import resolve_name

from archdocs.analysis.migrations.model import ImportPath
from archdocs.model import Definition, Import, ImportKind, Module, RawImport, Snapshot

#: How a name is importable from a module.
DEFINED, BOUND, REEXPORT, GETATTR, SUBMODULE = ("defined", "bound", "reexport", "getattr",
                                               "submodule")
#: A name a module imports from another distribution (``from markupsafe import Markup`` in
#: ``flask``): its origin is the external module and name.
EXTERNAL = "external"
_EAGER = (ImportKind.RUNTIME, ImportKind.GUARDED)
SHIM_HOOKS = frozenset({"__getattr__", "__dir__"})


def hooked(module: Module) -> bool:
    """True when the module has a PEP 562 ``__getattr__``: defined, or bound by assignment
    (``__getattr__ = forward("pkg.new")``, a hook made by a factory)."""
    return module.facts.has_getattr or "__getattr__" in module.facts.bound_names


@dataclass(frozen=True)
class _CompiledImports:
    """What a module's import statements take from compiled modules (read as written: the loader
    resolves a module without source to its package, which is not where these come from)."""

    held: tuple[str, ...] = ()  #: imported as module objects
    starred: tuple[str, ...] = ()  #: star-imported at import time
    bound: Mapping[str, ImportPath] = field(default_factory=dict)  #: eager ``from c import x``


@dataclass(frozen=True)
class Resolution:
    origin: ImportPath  #: the defining module and name (name "" for a module)
    via: str  #: how the first hop reaches it: defined, bound, reexport, getattr, submodule


def is_public(module: str) -> bool:
    return not any(part.startswith("_") for part in module.split("."))


def top_definitions(module: Module) -> dict[str, Definition]:
    return {d.qualname: d for d in module.facts.definitions
            if "." not in d.qualname and d.kind in ("class", "function")}


def import_bound(module: Module, kinds: Collection[ImportKind] = tuple(ImportKind)) -> set[str]:
    """Names bound by the module's own import statements of these kinds (not its API unless
    re-exported)."""
    bound: set[str] = set()
    for raw in module.facts.imports:
        if raw.kind not in kinds:
            continue
        if raw.is_from:
            bound.update(alias or name for name, alias in raw.names if name != "*")
        else:
            bound.add(raw.alias or raw.module.split(".")[0])
    return bound


def absolute(module: Module, raw: RawImport) -> str | None:
    """The module an import statement names, relative dots resolved as Python does; None above
    the top-level package. (The loader resolves a module without source, a compiled one, to its
    nearest parent that has source: migration inference needs the name as written.)"""
    if not raw.level:
        return raw.module
    try:
        return resolve_name("." * raw.level + raw.module, module.package)
    except (ImportError, ValueError):
        return None


_NO_COMPILED_IMPORTS = _CompiledImports()


class Api:
    """Name resolution over one snapshot (memoised: inference asks about thousands of names)."""

    def __init__(self, snapshot: Snapshot, stubs: Mapping[str, frozenset[str]] | None = None,
                 compiled: Collection[str] = (),
                 spelled: Mapping[str, frozenset[str]] | None = None) -> None:
        self.snapshot = snapshot
        #: names each module's shipped ``.pyi`` declares
        #: (:mod:`~archdocs.analysis.migrations.stubs`)
        self.stubs = stubs or {}
        #: modules shipped only compiled (:mod:`~archdocs.analysis.migrations.compiled`): their
        #: names cannot be read, so any name imported from one may be there (unless a stub says)
        self.compiled = frozenset(compiled) - snapshot.names
        self._compiled_imports: dict[str, _CompiledImports] = {}
        #: identifiers each hooked package spells as strings, when its text was read
        #: (:mod:`~archdocs.analysis.migrations.spelled`): what its hook may serve
        self.spelled = spelled or {}
        self._memo: dict[tuple[str, str], Resolution | None] = {}
        self._definitions: dict[str, dict[str, Definition]] = {}
        self._names: dict[str, tuple[str, ...]] = {}
        self._reexporters: dict[ImportPath, ImportPath] | None = None

    def definitions(self, module: Module) -> dict[str, Definition]:
        """:func:`top_definitions`, once per module (every name lookup in a module needs them)."""
        found = self._definitions.get(module.name)
        if found is None:
            found = self._definitions[module.name] = top_definitions(module)
        return found

    def exists(self, module: str) -> bool:
        """True for a module with source or a compiled one."""
        return module in self.snapshot or module in self.compiled

    def definition(self, origin: ImportPath) -> Definition | None:
        module = self.snapshot.get(origin.module)
        return self.definitions(module).get(origin.name) if module and origin.name else None

    def resolve(self, module: str, name: str) -> Resolution | None:
        """How ``from module import name`` resolves here, or None when it would fail."""
        key = (module, name)
        if key not in self._memo:
            self._memo[key] = None  # a re-export cycle resolves to nothing
            self._memo[key] = self._resolve(module, name)
        return self._memo[key]

    def _follow(self, module: str, name: str, via: str) -> Resolution | None:
        if not name:
            return Resolution(ImportPath(module), via) if self.exists(module) else None
        found = self.resolve(module, name)
        return Resolution(found.origin, via) if found else None

    def _resolve(self, name_module: str, name: str) -> Resolution | None:
        module = self.snapshot.get(name_module)
        submodule = f"{name_module}.{name}"
        if module is None:
            if self.exists(submodule):
                return Resolution(ImportPath(submodule), SUBMODULE)
            if name_module in self.compiled and name in self.stubs.get(name_module, (name,)):
                return Resolution(ImportPath(name_module, name), BOUND)  # as far as we can tell
            return None
        facts = module.facts
        # What the package binds comes first: ``from pkg import x`` reads the attribute, which a
        # same-named submodule replaces only once something imports it (sklearn 0.22's
        # ``inspection.partial_dependence``: the function, and the deprecated module beside it).
        if name in self.definitions(module):
            return Resolution(ImportPath(name_module, name), DEFINED)
        compiled = self._named_compiled(module).bound.get(name)
        if compiled is not None:
            return Resolution(compiled, REEXPORT)
        for reexport in module.reexports:
            if reexport.name == name:
                found = self._follow(reexport.source_module, reexport.source_name, REEXPORT)
                if found is not None or name not in facts.bound_names:
                    return found
                break  # from a compiled module: bound all the same (below)
        if self.exists(submodule):
            return Resolution(ImportPath(submodule), SUBMODULE)
        if name in facts.bound_names:
            for imp in module.imports:  # an internal from-import that is not a declared re-export
                if imp.internal and imp.kind in _EAGER and name in imp.names:
                    found = self._follow(imp.target, name, REEXPORT)
                    if found is not None:  # else from a compiled module: bound all the same
                        return found
            external = self._external(module, name)
            if external is not None:
                return Resolution(external, EXTERNAL)
            # A name bound only by ``if TYPE_CHECKING:`` imports is not there at run time.
            if name not in import_bound(module) or name in import_bound(module, _EAGER):
                return Resolution(ImportPath(name_module, name), BOUND)
        for target in self._stars(module):  # the loader expands one level; go all the way
            if name in self.names(target):
                found = self._follow(target, name, REEXPORT)
                if found is not None:
                    return found
        stubbed = name in self.stubs.get(name_module, ())
        if hooked(module):
            found = self._getattr_origin(module, name)
            if found is not None or not stubbed:
                return found
        if name in (facts.all_names or ()) or stubbed:
            # Listed, or declared by the release's own stub, so bound by something we cannot
            # read (a compiled module's star import: numpy 1.x ``core.umath``'s ``NINF``; a
            # ``globals()[key] = …`` loop: numpy 1.x ``float_``).
            return Resolution(ImportPath(name_module, name), BOUND)
        for target in self._stars(module):  # a compiled module's names cannot be read: it may
            if target in self.compiled and target not in self.stubs:
                return Resolution(ImportPath(target, name), REEXPORT)
        return None

    def _external(self, module: Module, name: str) -> ImportPath | None:
        """The external ``module:name`` an eager ``from other_dist import name`` binds here."""
        for raw in module.facts.imports:
            if raw.is_from and not raw.level and raw.kind in _EAGER and not self.ours(raw.module):
                for imported, alias in raw.names:
                    if (alias or imported) == name and imported != "*":
                        return ImportPath(raw.module, imported)
        return None

    def _served_imports(self, module: Module) -> list[Import]:
        """Imports whose names the module's ``__getattr__`` hands out: lazy ones (inside the
        hook), and ``TYPE_CHECKING`` ones of a module the hook holds or names (``if
        TYPE_CHECKING: from .impl import *`` beside ``import_module("pkg.impl")``). A
        ``TYPE_CHECKING`` import the hook has nothing to do with (flask 2.2's ``globals``
        imports ``Flask`` for annotations only) never worked at run time."""
        served = {*self.held(module), *module.facts.getattr_targets}
        return [imp for imp in module.imports if imp.internal and (
            imp.kind == ImportKind.LAZY
            or (imp.kind == ImportKind.TYPE_CHECKING and imp.target in served))]

    def _getattr_origin(self, module: Module, name: str) -> Resolution | None:
        """Where a PEP 562 ``__getattr__`` sends ``name``: a lazy or TYPE_CHECKING import of it, a
        ``"pkg.mod.name"`` string, or a module string whose module has the name."""
        for imp in self._served_imports(module):
            if name in imp.names:
                return self._follow(imp.target, name, GETATTR)
            if "*" in imp.names and name in self.names(imp.target):
                return self._follow(imp.target, name, GETATTR)
        targets = module.facts.getattr_targets
        for target in targets:
            parent, _, last = target.rpartition(".")
            if last == name and self.exists(parent):
                found = self._follow(parent, name, GETATTR)
                if found:
                    return found
        declared = module.facts.all_names or ()
        # A module's hook forwards to the modules it holds, whatever else the module defines
        # (numpy 2.0's ``core._internal`` keeps ``_reconstruct`` for old pickles and hands the
        # rest out from ``numpy._core._internal``); a package's hook serves only the names it
        # lists or spells (its own submodules hold the rest).
        forwards_all = not module.is_package
        forwarded = [*targets, *self.held(module)] if forwards_all else targets
        for target in forwarded:  # held modules too: ``from . import _new`` then ``_new.name``
            if self.exists(target) and target != module.name and (name in declared or forwards_all):
                found = self._follow(target, name, GETATTR)
                if found:
                    return found
        if name in declared or any(t.rpartition(".")[2] == name and self.ours(t) for t in targets):
            # Served by the hook: most likely from a module it holds (``from pkg import mod as _m``
            # then ``_m.name``), even when its message names another path.
            for held in self.held(module):
                found = self.resolve(held, name)
                if found is not None and found.via == DEFINED:
                    return Resolution(found.origin, GETATTR)
            return Resolution(ImportPath(module.name, name), GETATTR)  # served, origin unknown
        if name in self.spelled.get(module.name, ()):
            # A package's hook keyed by the name (``{"import_object": (_importer.import_object,
            # ...)}``): served from the module it holds that defines it. (Definitions only, not
            # a resolution: a held module that star-imports this package would ask it back.)
            for held in self.held(module):
                holder = self.snapshot.get(held)
                if holder is not None and name in self.definitions(holder):
                    return Resolution(ImportPath(held, name), GETATTR)
        return None

    def ours(self, dotted: str) -> bool:
        """True when a dotted string names something under one of this snapshot's packages."""
        top = dotted.partition(".")[0]
        return top in self.snapshot or self.snapshot.is_package_name(top)

    def held(self, module: Module) -> list[str]:
        """Internal modules this module imports as module objects (``import a.b``, ``from a import
        b`` for a submodule ``b``), compiled ones included: what a ``__getattr__`` hook takes
        attributes from."""
        own = [i.target for i in module.imports
               if i.internal and not i.names and i.target != module.name]
        return [*own, *self._named_compiled(module).held]

    def _stars(self, module: Module) -> list[str]:
        """Internal modules the module star-imports at import time (``from .core import *``),
        compiled ones included (the loader sends those to their package, which is not where the
        names come from)."""
        starred = [imp for imp in module.imports if imp.internal and imp.kind in _EAGER
                   and "*" in imp.names and imp.target != module.name]
        compiled = self._named_compiled(module).starred
        if not compiled:
            return [imp.target for imp in starred]
        lines = {raw.line for raw in module.facts.imports if absolute(module, raw) in compiled}
        return [*(imp.target for imp in starred if imp.line not in lines), *compiled]

    def _named_compiled(self, module: Module) -> _CompiledImports:
        """What the module's import statements take from compiled modules."""
        if not self.compiled:
            return _NO_COMPILED_IMPORTS
        found = self._compiled_imports.get(module.name)
        if found is None:
            held: list[str] = []
            starred: list[str] = []
            bound: dict[str, ImportPath] = {}
            for raw in module.facts.imports:
                base = absolute(module, raw)
                if base is None:
                    continue
                if not raw.is_from:
                    held += [base] if base in self.compiled else []
                    continue
                for name, alias in raw.names:
                    if f"{base}.{name}" in self.compiled:
                        held.append(f"{base}.{name}")
                    elif base not in self.compiled or raw.kind not in _EAGER:
                        continue
                    elif name == "*":
                        starred.append(base)
                    else:
                        bound[alias or name] = ImportPath(base, name)
            found = _CompiledImports(tuple(held), tuple(starred), bound)
            self._compiled_imports[module.name] = found
        return found

    def forwarded(self, module: Module) -> tuple[str, ...]:
        """Modules a shim sends its users to, compiled ones included: those it holds for its
        ``__getattr__`` and those its re-exported names and star imports come from; else the
        modules its hook names in strings (which may also be its messages: sklearn 0.22's
        ``correct_import_path = 'sklearn.utils'`` beside ``from . import _weight_vector``)."""
        found = [*self.held(module), *self._stars(module)]
        exported = {r.name for r in module.reexports}
        for raw in module.facts.imports:
            base = absolute(module, raw)
            if base is None or not raw.is_from or raw.kind not in _EAGER:
                continue
            for name, alias in raw.names:
                if (alias or name) in exported:
                    found.append(f"{base}.{name}" if self.exists(f"{base}.{name}") else base)
        targets = {t for t in found if self.exists(t) and t != module.name}
        if not targets:
            targets = {t for t in module.facts.getattr_targets
                       if self.exists(t) and t != module.name}
        return tuple(sorted(targets))

    def names(self, name_module: str) -> tuple[str, ...]:
        """Public names a user can import from the module (what the old side of a map enumerates),
        following star imports through any depth (numpy 1.x: ``numpy`` ← ``numpy.core`` ←
        ``numpy.core.numeric``)."""
        if name_module not in self._names:
            self._names[name_module] = ()  # a star-import cycle adds nothing
            self._names[name_module] = self._names_of(name_module)
        return self._names[name_module]

    def _names_of(self, name_module: str) -> tuple[str, ...]:
        module = self.snapshot.get(name_module)
        if module is None:  # a compiled module: what its stub declares, if it has one
            return tuple(sorted(self.stubs.get(name_module, ())))
        facts = module.facts
        if facts.all_names is not None:
            # A literal ``__all__`` beside star imports is usually extended at run time with the
            # star-imported modules' names (numpy 1.x ``core.numeric``: ``extend_all(umath)``).
            stars = [n for target in self._stars(module) for n in self.names(target)]
            return tuple(dict.fromkeys(n for n in (*facts.all_names, *stars) if n != "*"))
        imported = import_bound(module)
        names = [n for n in facts.bound_names if not n.startswith("_")
                 and (n not in imported or n in self.definitions(module))]
        names += [r.name for r in module.reexports if r.source_name]
        names += self._external_api(module)
        names += self.stubs.get(name_module, ())
        for target in self._stars(module):
            names += self.names(target)
        if hooked(module):
            for imp in self._served_imports(module):
                names += self.names(imp.target) if "*" in imp.names else imp.names
            names += [t.rpartition(".")[2] for t in facts.getattr_targets
                      if self.ours(t) and not self.exists(t)]
        return tuple(sorted({n for n in names if not n.startswith("_")}))

    def _external_api(self, module: Module) -> list[str]:
        """Names a package ``__init__`` takes from another distribution and hands on (flask's
        ``from markupsafe import Markup``). Names from the standard library count only when
        re-bound as ``x as x``: ``from typing import Any`` is the module's own use."""
        if not module.is_package:
            return []
        found = []
        for raw in module.facts.imports:
            if not raw.is_from or raw.level or raw.kind not in _EAGER or self.ours(raw.module):
                continue
            stdlib = raw.module.partition(".")[0] in sys.stdlib_module_names
            found += [alias or name for name, alias in raw.names
                      if name != "*" and (not stdlib or alias == name)]
        return found

    def public_path(self, origin: ImportPath) -> ImportPath:
        """The import a user should write for ``origin``: the shortest public package that
        re-exports it (the package ``__init__``; a name its ``__getattr__`` hands out is a
        deprecated alias, not a recommendation); for a name defined in a private module that no
        parent re-exports, a public module elsewhere that does (numpy 2's ``numpy.char`` for
        ``numpy._core.defchararray``); else the defining module itself."""
        if not origin.name:
            return origin
        best = origin
        parent = origin.module
        while "." in parent:
            parent = parent.rpartition(".")[0]
            module = self.snapshot.get(parent)
            if module is None or not module.is_package or not is_public(parent):
                continue
            found = self.resolve(parent, origin.name)
            if found and found.origin == origin and found.via != GETATTR:
                best = ImportPath(parent, origin.name)
        if is_public(best.module):
            return best
        return self._public_reexports().get(origin, best)

    def _public_reexports(self) -> dict[ImportPath, ImportPath]:
        """Origin → the shortest public module that re-exports it on purpose (``__all__``, ``x as
        x`` or a star import; a package's plain import may be its own use), built once."""
        if self._reexporters is None:
            ranked: dict[ImportPath, tuple[bool, int, str, str]] = {}
            for module in self.snapshot.modules:
                if not is_public(module.name):
                    continue
                declared = set(module.facts.all_names or ())
                for raw in module.facts.imports:
                    declared.update(name for name, alias in raw.names if alias == name)
                star = any(name == "*" for raw in module.facts.imports for name, _ in raw.names)
                for reexport in module.reexports:
                    if (reexport.name.startswith("_")
                            or (not star and reexport.name not in declared)):
                        continue
                    found = self.resolve(module.name, reexport.name)
                    if found is None or found.via == GETATTR or not found.origin.name:
                        continue
                    # the same name first, then the shortest module (under the name it binds)
                    rank = (reexport.name != found.origin.name, module.name.count("."), module.name,
                            reexport.name)
                    if found.origin not in ranked or rank < ranked[found.origin]:
                        ranked[found.origin] = rank
            self._reexporters = {origin: ImportPath(rank[2], rank[3])
                                 for origin, rank in ranked.items()}
        return self._reexporters
