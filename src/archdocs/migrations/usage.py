"""Find code that still imports an old path: the data behind ``archdocs check --deprecated-imports``.

The codemod's own rewriter finds the uses (so the check and ``archdocs migrate`` never disagree
about what is old); nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from archdocs.migrations.codemod import rewrite_files
from archdocs.migrations.model import MigrationMap
from archdocs.model import Problem


def deprecated_uses(paths: Sequence[str | Path], migration_map: MigrationMap) -> list[Problem]:
    """Every import or attribute use of an old path under ``paths`` (files or folders), at
    ``file:line``, with the replacement in the message; unparsable files are problems too."""
    rewrites, problems = rewrite_files(paths, migration_map)
    found: list[Problem] = list(problems)
    for rewrite in rewrites:
        for change in rewrite.changes:
            entry = migration_map.lookup(*_split(migration_map, change.old))
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
    if dotted in migration_map.modules():
        return dotted, ""
    module, _, name = dotted.rpartition(".")
    return module, name
