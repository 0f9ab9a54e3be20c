"""Migration guides: old import → new import, declared in TOML, inferred from two snapshots,
verified against the code, and applied by a codemod.

No Sphinx: :mod:`.declared` reads the TOML map, :mod:`.infer` compares snapshots, :mod:`.shims`
recognises modules kept for old imports, :mod:`.verify` checks and merges maps, :mod:`.codemod`
rewrites imports with LibCST (the only module importing it) and :mod:`.usage` finds code still
using old paths. Tables and ruff settings are rendered by :mod:`archdocs.render.migrations`.
"""

from __future__ import annotations

from pathlib import Path

from archdocs.analysis.migrations.declared import read_declared
from archdocs.analysis.migrations.model import Entry, ImportPath, MigrationMap
from archdocs.analysis.migrations.verify import verify_map
from archdocs.model import Problem, Snapshot

__all__ = ["Entry", "ImportPath", "MigrationMap", "load_map"]


def load_map(path: str | Path, snapshot: Snapshot) -> tuple[MigrationMap, list[Problem]]:
    """The declared map at ``path``, each entry's status set at ``snapshot``, and every problem
    (unreadable TOML, bad keys, new paths that do not resolve, old paths still defined), located
    at ``file:line``."""
    declared, problems = read_declared(path)
    checked, verify_problems = verify_map(declared, snapshot)
    return checked, [*problems, *verify_problems]
