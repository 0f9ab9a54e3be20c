"""Resolve raw import statements against the set of modules of a snapshot.

Rules: ``from a import b`` targets module ``a.b`` when it exists, else ``a``; ``import a.b.c``
targets the most specific existing module of ``a.b.c``, ``a.b``, ``a``; relative imports count dots
from the importing module's package (an ``__init__`` is its own package); anything whose top-level
name is not ours is external and keeps only that top-level name. In a namespace family (PEP 420: our
``google`` has no ``__init__``), a name no module of ours is on is another distribution's portion:
external, named by our longest namespace prefix plus the next part (``google.auth``).

These are grimp's rules, and on code whose imports all name existing modules the edges are the same
(django, sympy, homeassistant). Where an import names a module missing from the source (a C
extension, a meta-path importer's name), grimp looks one level up at most and otherwise drops the
import; archdocs keeps an edge to the nearest existing module, since importing ``a.b.missing`` runs
``a.b`` first (tests/core/test_grimp_differences.py pins each difference). Such an import is also a
``missing-module`` problem at its line (unless guarded): Python would raise ImportError there.
"""

from __future__ import annotations

from archdocs.model import (
    Import,
    ImportKind,
    Module,
    ModuleFacts,
    Problem,
    RawImport,
    Reexport,
    nearest_module,
)


class Resolver:
    def __init__(self, module_names: set[str]) -> None:
        self.names = module_names
        self.tops = {n.split(".", 1)[0] for n in module_names}
        # Namespace packages have no module of their own but are valid import prefixes.
        self.prefixes = {n.rsplit(".", i)[0] for n in module_names
                         for i in range(1, n.count(".") + 1)}

    def nearest(self, dotted: str) -> str | None:
        """The most specific existing module that ``dotted`` names, or None."""
        return nearest_module(self.names, dotted)

    def portion(self, dotted: str) -> str | None:
        """The external portion ``dotted`` names in a namespace family (PEP 420: ``google`` spread
        over several distributions) when no module of ours is on its path: the longest namespace
        prefix of ours plus the next part (``google.auth.transport`` → ``google.auth``)."""
        if dotted in self.prefixes or self.nearest(dotted) is not None:
            return None
        parts = dotted.split(".")
        known = next((i for i in range(len(parts) - 1, 0, -1)
                      if ".".join(parts[:i]) in self.prefixes), None)
        return None if known is None else ".".join(parts[:known + 1])

    def _existing(self, dotted: str, path: str, line: int, problems: list[Problem]) -> str | None:
        """:meth:`nearest`, recording a problem when an internal name matches no module at all
        (a namespace package prefix is fine: it has no module of its own)."""
        target = self.nearest(dotted)
        if target is None and dotted not in self.prefixes:
            problems.append(Problem(path, line, f"import of {dotted!r}, which is not a module of "
                                    f"this source", "resolve"))
        return target

    def _missing(self, dotted: str, target: str, raw: RawImport, path: str,
                 problems: list[Problem]) -> None:
        """A problem when the module an import names is not in the source (``target`` is only its
        nearest existing parent, grimp's edge). ``from pkg import name`` names module ``pkg``
        (``name`` may be an attribute), so it is never missing. A guarded import's failure is
        caught: a missing optional module is expected there."""
        if target != dotted and dotted not in self.prefixes and raw.kind is not ImportKind.GUARDED:
            problems.append(Problem(path, raw.line, f"imports missing module {dotted}",
                                    "missing-module"))

    def absolute(self, importer: str, is_package: bool, level: int, module: str) -> str | None:
        """The absolute dotted name a (possibly relative) import names; None above the top."""
        if not level:
            return module
        parts = importer.split(".") if is_package else importer.split(".")[:-1]
        if level - 1 > len(parts) or (level - 1 == len(parts)):
            return None
        base = parts[: len(parts) - (level - 1)]
        return ".".join([*base, module] if module else base)

    def resolve_module(
            self, name: str, path: str, is_package: bool, facts: ModuleFacts,
            problems: list[Problem]) -> tuple[tuple[Import, ...], list[tuple[str, str, str]]]:
        """Resolved imports of one module, plus ``(bound name, source module, source name)``
        bindings made by its module-level from-imports (the raw material of re-exports)."""
        found: dict[tuple[str, int, ImportKind], Import] = {}
        bindings: list[tuple[str, str, str]] = []
        # A plain ``from m import x`` re-exports ``x`` only where plain imports can (see
        # reexports_of); elsewhere only ``x as x`` does, so other bindings are not even kept.
        plain_reexports = _plain_imports_reexport(is_package, facts)

        def add(target: str, line: int, kind: ImportKind, internal: bool, names: tuple[str, ...],
                text: str) -> None:
            key = (target, line, kind)
            old = found.get(key)
            merged = tuple(sorted({*old.names, *names})) if old else names
            found[key] = Import(name, target, line, kind, internal, merged, text)

        for raw in facts.imports:
            base = self.absolute(name, is_package, raw.level, raw.module)
            if base is None:
                problems.append(Problem(path, raw.line,
                                        f"relative import {raw.text!r} goes above the "
                                        f"top-level package", "resolve"))
                continue
            top = base.split(".", 1)[0]
            internal = top in self.tops
            portion = self.portion(base) if internal else top
            if portion is not None:  # another distribution's module (or portion of our family)
                add(portion, raw.line, raw.kind, False, (), raw.text)
                continue
            namespace = raw.is_from and base in self.prefixes and self.nearest(base) is None
            if not raw.is_from:
                target = self._existing(base, path, raw.line, problems)
                if target is not None:
                    add(target, raw.line, raw.kind, True, (), raw.text)
                    self._missing(base, target, raw, path, problems)
                continue
            # a PEP 810 lazy import binds its names in the module's scope too (on first use)
            module_level = raw.kind in (ImportKind.RUNTIME, ImportKind.GUARDED) or raw.deferred
            named_base = False
            for imported, alias in raw.names:
                binds = module_level and (plain_reexports or imported == "*" or alias == imported)
                submodule = f"{base}.{imported}" if base else imported
                if imported != "*" and submodule in self.names:
                    add(submodule, raw.line, raw.kind, True, (), raw.text)
                    if binds:
                        bindings.append((alias or imported, submodule, ""))
                    continue
                if namespace:  # ``from google import oauth2``: a portion, ours or external
                    if imported != "*" and submodule not in self.prefixes:
                        add(submodule, raw.line, raw.kind, False, (), raw.text)
                    continue
                target = self._existing(base, path, raw.line, problems)
                if target is None:
                    continue
                if not named_base:  # the statement names the module ``base`` once
                    self._missing(base, target, raw, path, problems)
                    named_base = True
                add(target, raw.line, raw.kind, True, (imported,), raw.text)
                if binds:
                    bindings.append((alias or imported, target, imported))
        imports = tuple(sorted(found.values(), key=lambda i: (i.line, i.target, i.kind.value)))
        return imports, bindings


def _plain_imports_reexport(is_package: bool, facts: ModuleFacts) -> bool:
    """True where a plain ``from m import x`` re-exports ``x``: a package, a module that defines
    nothing itself (a pure re-export shim), or a module whose ``__all__`` decides."""
    return is_package or not facts.definitions or facts.all_names is not None


def reexports_of(module: Module, bindings: list[tuple[str, str, str]],
                 modules: dict[str, Module]) -> tuple[Reexport, ...]:
    """Public names a module binds by importing them from another internal module.

    A name counts when ``__all__`` lists it; without ``__all__``, when the module is a package or
    defines nothing itself (a pure re-export shim), or when it is re-bound as ``x as x``.
    Star imports expand to the names Python's ``import *`` binds from the source module. As in
    Python, when two imports bind one name the later one wins.
    """
    facts = module.facts
    declared = set(facts.all_names) if facts.all_names is not None else None
    shim_like = _plain_imports_reexport(module.is_package, facts)
    out: dict[str, Reexport] = {}
    for bound, source, source_name in bindings:
        if source_name == "*":
            star = modules.get(source)
            for public in star.star_names if star else ():
                if declared is None or public in declared:
                    out[public] = Reexport(public, source, public)
            continue
        if bound.startswith("_") and not (declared and bound in declared):
            continue
        if declared is not None:
            keep = bound in declared
        else:
            # ``x as x``: the binding keeps the name it has in the source (a submodule's last part)
            keep = shim_like or bound == (source_name or source.rpartition(".")[2])
        if keep:
            out[bound] = Reexport(bound, source, source_name)
    return tuple(sorted(out.values(), key=lambda r: r.name))
