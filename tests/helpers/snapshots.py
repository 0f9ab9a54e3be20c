"""Looking at a snapshot's imports."""

from __future__ import annotations

from archdocs.model import Import, Snapshot


def imports_of(snapshot: Snapshot, module: str) -> list[Import]:
    found = snapshot.get(module)
    assert found is not None, f"{module} not in {sorted(snapshot.names)}"
    return list(found.imports)


def targets(snapshot: Snapshot, module: str) -> dict[str, str]:
    """``{target: kind}`` of a module's imports (one kind per target in these fixtures)."""
    return {i.target: i.kind.value for i in imports_of(snapshot, module)}


def internal_edges(snapshot: Snapshot) -> set[tuple[str, str]]:
    return {(i.importer, i.target) for m in snapshot.modules for i in m.imports if i.internal}
