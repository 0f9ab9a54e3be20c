"""Find code that still uses an old path.

:func:`deprecated_uses` reads files (the data behind ``archdocs check --deprecated-imports``): the
codemod's own rewriter finds the uses, so the check and ``archdocs migrate`` never disagree about
what is old; nothing is written. :func:`internal_uses` reads a snapshot's import graph: which of
our own modules still go through each shim.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from archdocs.analysis.migrations.codemod import rewrite_files
from archdocs.analysis.migrations.model import ImportPath, MigrationMap
from archdocs.model import Problem, Snapshot


def deprecated_uses(paths: Sequence[str | Path], migration_map: MigrationMap) -> list[Problem]:
    """Every import or attribute use of an old path under ``paths`` (files or folders), at
    ``file:line``, with the replacement in the message; unparsable files are problems too."""
    rewrites, problems = rewrite_files(paths, migration_map)
    found: list[Problem] = list(problems)
    for rewrite in rewrites:
        for change in rewrite.changes:
            module, name = _split(migration_map, change.old)
            entry = migration_map.lookup(module, name) or migration_map.get(ImportPath(module))
            state = entry.state if entry else "an old path"
            if change.new:
                message = f"{change.old}: {state}; use {change.new}"
            else:
                reason = f" ({entry.reason})" if entry and entry.reason else ""
                message = f"{change.old}: {state}{reason}; no replacement"
            found.append(Problem(rewrite.path, change.line, message, "deprecated-import"))
    return sorted(found, key=lambda p: (p.path, p.line, p.message))


def _split(migration_map: MigrationMap, dotted: str) -> tuple[str, str]:
    """``(module, name)`` of a dotted old path as the map knows it (a module, else a name)."""
    if migration_map.get(ImportPath(dotted)) is not None:
        return dotted, ""
    module, _, name = dotted.rpartition(".")
    return module, name


def internal_uses(snapshot: Snapshot,
                  migration_map: MigrationMap) -> dict[ImportPath, tuple[str, ...]]:
    """Modules of ``snapshot`` that still import each old path: the burndown list of a shim (read
    from the import graph, so it is complete for the code base, whatever the import kind)."""
    modules = migration_map.modules()
    names = migration_map.names()
    uses: dict[ImportPath, set[str]] = {}
    for module in snapshot.modules:
        for imp in module.imports:
            if not imp.internal or imp.target == module.name:
                continue
            if imp.target in modules:
                uses.setdefault(modules[imp.target].old, set()).add(module.name)
            for name in imp.names:
                entry = names.get((imp.target, name))
                if entry is not None:
                    uses.setdefault(entry.old, set()).add(module.name)
    return {old: tuple(sorted(importers)) for old, importers in sorted(uses.items())}
