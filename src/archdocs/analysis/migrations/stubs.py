"""Names a release declares in its own type stubs (``.pyi`` beside a module).

Some packages build part of their namespace at import time (numpy 1.x binds ``float_``,
``cfloat``… with ``globals()[key] = …`` in a loop): no static reading of the ``.py`` finds them,
but the stub the package ships for type checkers declares them. Stubs are read as text with
:mod:`ast`, never imported; a stub that does not parse is ignored (the ``.py`` still counts).
"""

from __future__ import annotations

import ast
import os
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from archdocs.model import Snapshot

#: Module → the public names its stub declares.
Stubs = Mapping[str, frozenset[str]]


def declared_names(tree: ast.Module) -> set[str]:
    """Top-level names a stub declares: ``x as x`` re-exports, assignments,
    annotated names, functions and classes, in every branch of an ``if`` (version checks)."""
    names: set[str] = set()
    body: list[ast.stmt] = list(tree.body)
    while body:
        node = body.pop()
        if isinstance(node, ast.If):
            body += node.body + node.orelse
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            # In a stub only ``x as x`` re-exports (PEP 484): ``from typing import IO`` is its own
            # use.
            names.update(alias.name for alias in node.names if alias.asname == alias.name)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def read_stubs(snapshot: Snapshot, base: Path,
               compiled: Mapping[str, str] | None = None) -> dict[str, frozenset[str]]:
    """The public names of every ``.pyi`` beside a module of ``snapshot`` read from folder
    ``base``, and beside its ``compiled`` modules (dotted name → file relative to ``base``)."""
    paths = {m.name: PurePosixPath(m.path).with_suffix(".pyi") for m in snapshot.modules}
    for name, compiled_path in (compiled or {}).items():
        paths[name] = PurePosixPath(compiled_path).parent / f"{name.rpartition('.')[2]}.pyi"
    stubs = {}
    for name, stub_path in sorted(paths.items()):
        stub = base / stub_path
        try:  # a regular file only: a FIFO named ``x.pyi`` would block the read
            if not stat.S_ISREG(os.lstat(stub).st_mode):
                continue
            tree = ast.parse(stub.read_bytes())
        except (OSError, SyntaxError, ValueError):
            continue
        stubs[name] = frozenset(n for n in declared_names(tree) if not n.startswith("_"))
    return stubs
