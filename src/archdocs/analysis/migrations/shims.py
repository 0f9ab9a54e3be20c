"""Recognise modules kept only so that old imports keep working.

A shim defines nothing of its own: it re-exports names from their new home (eagerly, or lazily
through a PEP 562 module ``__getattr__``), often warning with a ``DeprecationWarning``. Packages are
never shims as a whole (their ``__init__`` is the public face of real submodules), but names they
hand out through ``__getattr__`` are deprecated aliases all the same (see :func:`alias_status`).
"""

from __future__ import annotations

from dataclasses import dataclass

from archdocs.analysis.migrations.names import (
    GETATTR,
    REEXPORT,
    SHIM_HOOKS,
    Resolution,
    hooked,
    top_definitions,
)
from archdocs.model import Module


@dataclass(frozen=True)
class Shim:
    module: str
    style: str  #: "reexport" (eager imports) or "getattr" (PEP 562, lazy)
    warns: bool  #: raises a DeprecationWarning (or FutureWarning)


def shim_of(module: Module) -> Shim | None:
    """The module as a shim, or None when it holds code of its own (or is a package)."""
    if module.is_package:
        return None
    facts = module.facts
    if set(top_definitions(module)) - SHIM_HOOKS:
        return None
    if hooked(module):
        return Shim(module.name, "getattr", facts.warns_deprecation)
    if module.reexports:
        return Shim(module.name, "reexport", facts.warns_deprecation)
    return None


def alias_status(module: Module | None, resolution: Resolution, name: str) -> str:
    """Status of an old path that still resolves to a name defined elsewhere: "deprecated" when
    importing it warns, or when only a ``__getattr__`` hook serves it without listing it in
    ``__all__`` (a name kept for old callers); else "works" (a silent alias, or a namespace
    package's name: no module of its own to warn or to hook)."""
    if module is None:
        return "works"
    if resolution.via in (GETATTR, REEXPORT) and module.facts.warns_deprecation:
        return "deprecated"
    if resolution.via == GETATTR and name not in (module.facts.all_names or ()):
        return "deprecated"
    return "works"
