"""The explorer's data: a package's module tree and import graph as one JSON document, written to
a data file that the page loads with a ``<script src>`` and read by ``archdocs-explorer.js`` (no
server, works from ``file://``).

Schema (version 1; keys sorted, so the same code gives the same bytes):

``kinds``
    Import kind names; an import's ``kind`` is an index into this list.
``sets``
    The kind sets a reader can switch between, each ``{"name", "label", "kinds": [kind index],
    "cycles": [[node index, ...], ...]}``: its import cycles (strongly connected components of two
    or more modules, largest first), computed here so that they match the site's cycle reports.
``default``
    Index of the set shown first.
``convention``
    How modules and lines are counted, in words (the site's inventory convention).
``nodes``
    The package tree, sorted by name: ``{"name", "parent" (index, -1 at the top), "end" (index
    after the last node below it: node ``i`` lies in node ``n`` when ``n <= i < end``),
    "module" (a file exists), "counted" (a module the convention counts: ``__init__.py`` files
    only when it says so), "package", "doc" (first docstring line), "path", "lines" (as the
    convention counts them), "url" (the page or card documenting it, relative to the explorer's
    page; null if none)}``.
    Namespace packages are nodes without a module.
``imports``
    ``[source, target, kind, count]``: ``count`` import statements of module ``source`` import
    module ``target`` with that kind; sorted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from archdocs.analysis.cycles import strongly_connected
from archdocs.analysis.graph import build_graph
from archdocs.analysis.metrics import Convention
from archdocs.model import KIND_SETS, ImportKind, Snapshot

SCHEMA = 1
#: The kind sets a reader can switch between, with their labels.
SETS = (("all", "all imports"), ("no-type-checking", "no TYPE_CHECKING"),
        ("import-time", "import-time"))
KINDS = tuple(ImportKind)


def explorer_data(snapshot: Snapshot, package: str | None, default: str,
                  convention: Convention) -> dict[str, Any]:
    """The explorer's document for ``package`` (every module when None), counted by
    ``convention``; node URLs are None until the page is written (they depend on the page and
    the builder)."""
    modules = snapshot.in_package(package)
    top = package.count(".") + 1 if package else 1
    names = {m.name for m in modules}
    tree = set(names)
    for module in modules:
        parts = module.name.split(".")
        tree.update(".".join(parts[:size]) for size in range(top, len(parts)))
    ordered = sorted(tree)
    index = {name: i for i, name in enumerate(ordered)}
    ends = list(range(1, len(ordered) + 1))
    for i in reversed(range(len(ordered))):  # children sort after their parent: fold ends upward
        parent = index.get(ordered[i].rpartition(".")[0])
        if parent is not None:
            ends[parent] = max(ends[parent], ends[i])
    nodes = []
    for i, name in enumerate(ordered):
        found = snapshot.get(name)  # None for a namespace package
        nodes.append({
            "name": name,
            "parent": index.get(name.rpartition(".")[0], -1),
            "end": ends[i],
            "module": found is not None,
            "counted": found is not None and convention.counts(found),
            "package": found is None or found.is_package,
            "doc": found.facts.doc if found else "",
            "path": found.path if found else "",
            "lines": convention.line_count(found) if found else 0,
            "url": None,
        })
    kind_index = {kind: i for i, kind in enumerate(KINDS)}
    counts: dict[tuple[int, int, int], int] = {}
    for module in modules:
        source = index[module.name]
        for imp in module.imports:
            if imp.internal and imp.target in names and imp.target != module.name:
                key = (source, index[imp.target], kind_index[imp.kind])
                counts[key] = counts.get(key, 0) + 1
    sets = []
    for name, label in SETS:
        kinds = KIND_SETS[name]
        cycles = strongly_connected(build_graph(snapshot, package, kinds, implied=True))
        sets.append({"name": name, "label": label,
                     "kinds": sorted(kind_index[k] for k in kinds),
                     "cycles": [[index[m] for m in cycle] for cycle in cycles]})
    return {
        "schema": SCHEMA,
        "package": package or "",
        "kinds": [k.value for k in KINDS],
        "sets": sets,
        "default": [name for name, _ in SETS].index(default),
        "convention": convention.describe(),
        "nodes": nodes,
        "imports": [[*key, count] for key, count in sorted(counts.items())],
    }


def to_json(data: Mapping[str, Any]) -> str:
    """Deterministic JSON that is safe inside ``<script>``: ``<``, ``>`` and ``&`` (which only
    occur inside strings) are written as ``\\u003c`` etc., so no text can close the element."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
