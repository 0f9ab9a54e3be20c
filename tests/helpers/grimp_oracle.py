"""grimp as the oracle of the import graph: its modules and edges, and how ours differ."""

from __future__ import annotations

from typing import Any


def grimp_edges(package: str, exclude_type_checking: bool = False,
                ) -> tuple[set[str], set[tuple[str, str]]]:
    """grimp's modules and module → module edges of an importable-by-name package."""
    import grimp  # imported here: the test modules skip cleanly where grimp is not installed

    graph = grimp.build_graph(package, cache_dir=None,
                              exclude_type_checking_imports=exclude_type_checking)
    edges = {(m, t) for m in graph.modules for t in graph.find_modules_directly_imported_by(m)}
    return set(graph.modules), edges


def differences(ours: set[Any], theirs: set[Any]) -> str:
    """A short account of what only one side has (ten of each)."""
    only_ours, only_theirs = sorted(ours - theirs), sorted(theirs - ours)
    return (f"{len(only_ours)} only in archdocs, e.g. {only_ours[:10]}; "
            f"{len(only_theirs)} only in grimp, e.g. {only_theirs[:10]}")
