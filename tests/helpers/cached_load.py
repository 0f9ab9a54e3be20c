"""Loading a tree through the facts cache, and damaging the cache on purpose."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from archdocs.model import ModuleFacts, Snapshot
from archdocs.reading import cache as cache_layer
from archdocs.reading.cache import FactsCache
from archdocs.reading.load import LoadStats, load_snapshot
from archdocs.reading.sources import Selection

#: A small package with each kind of import the cache stores: relative, absolute, star, lazy.
TREE = {
    "pkg/__init__.py": "from .a import A\n",
    "pkg/a.py": "from pkg import b\nclass A: pass\n",
    "pkg/b.py": "import pkg.c\n",
    "pkg/c.py": "from pkg.d import *\n",
    "pkg/d.py": "__all__ = ['X']\nX = 1\n",
    "pkg/e.py": "def f():\n    import pkg.a\n",
}


def load(path: Path | str, cache_dir: Path, warnings: list[str] | None = None,
         **selection: Any) -> tuple[Snapshot, LoadStats]:
    """The snapshot and load statistics of one run with the cache in ``cache_dir`` (the cache's
    warnings go to ``warnings``)."""
    stats = LoadStats()
    cache = FactsCache(cache_dir, warn=(warnings if warnings is not None else []).append)
    try:
        snap = load_snapshot(path, Selection(**selection), cache=cache, stats=stats, jobs=1)
    finally:
        cache.close()
    return snap, stats


def damage(cache: Path, statement: str) -> None:
    """Run one SQL statement on the cache's database (to corrupt it)."""
    db = sqlite3.connect(cache / "facts.sqlite3")
    with db:
        db.execute(statement)
    db.close()


def count_decodes(monkeypatch: Any) -> list[bytes]:
    """From now on, every encoded facts record the cache decodes (whole facts, not the header),
    appended to the returned list."""
    seen: list[bytes] = []
    real = cache_layer.decode_facts

    def counted(data: bytes) -> ModuleFacts | None:
        seen.append(data)
        return real(data)

    monkeypatch.setattr(cache_layer, "decode_facts", counted)
    return seen
