"""Facts cached by file content (git blob id), so a run parses only bytes it has never seen.

Keying by the git blob id means facts read from a working tree are reused for every git revision that
holds the same bytes, and vice versa. A stat index (path, mtime, size, inode → blob), like git's own
index, spares re-reading unchanged files on disk. SQLite gives atomic transactions and safe concurrent
use by two processes; a corrupt or old-format cache is ignored with one warning, never a crash.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from archdocs.model import ModuleFacts

#: Bump when parse.py changes what it extracts: older entries are then ignored.
FACTS_VERSION = "3"
_CHUNK = 500


def blob_id(data: bytes) -> str:
    """The git blob id of ``data``: the same key whether the bytes came from disk or from git."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def default_cache_dir() -> Path:
    if os.environ.get("ARCHDOCS_CACHE_DIR"):
        return Path(os.environ["ARCHDOCS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archdocs"


class FactsCache:
    """Blob id → facts, plus the stat index. ``FactsCache(None)`` is a cache that remembers nothing."""

    def __init__(self, directory: Path | None, warn: Callable[[str], None] | None = None) -> None:
        self.hits = 0
        self.misses = 0
        self._db: sqlite3.Connection | None = None
        if directory is None:
            return
        path = Path(directory) / "facts.sqlite3"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open(path)
        except (sqlite3.Error, OSError) as exc:
            if warn:
                warn(f"archdocs cache {path} is unusable ({exc}); continuing without a cache. "
                     f"Delete the file to start a fresh one.")
            self._db = None

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=60, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is None or row[0] != FACTS_VERSION:
            with db:  # an old format is dropped in one transaction, then rebuilt
                db.execute("BEGIN IMMEDIATE")
                db.execute("DROP TABLE IF EXISTS facts")
                db.execute("DROP TABLE IF EXISTS stats")
                db.execute("CREATE TABLE facts (blob TEXT PRIMARY KEY, data BLOB NOT NULL)")
                db.execute("CREATE TABLE stats (path TEXT PRIMARY KEY, mtime INTEGER, size INTEGER, "
                           "ino INTEGER, blob TEXT)")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (FACTS_VERSION,))
        return db

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def known_blobs(self, paths: Iterable[tuple[str, os.stat_result]]) -> dict[str, str]:
        """Blob ids of files whose stat signature is unchanged since they were last read."""
        if self._db is None:
            return {}
        wanted = {p: (st.st_mtime_ns, st.st_size, st.st_ino) for p, st in paths}
        found: dict[str, str] = {}
        keys = list(wanted)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for path, mtime, size, ino, blob in self._db.execute(
                    f"SELECT path, mtime, size, ino, blob FROM stats WHERE path IN ({marks})", chunk):
                if wanted[path] == (mtime, size, ino):
                    found[path] = blob
        return found

    def get_many(self, blobs: Iterable[str]) -> dict[str, ModuleFacts]:
        if self._db is None:
            return {}
        keys = list(dict.fromkeys(blobs))
        out: dict[str, ModuleFacts] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for blob, data in self._db.execute(
                    f"SELECT blob, data FROM facts WHERE blob IN ({marks})", chunk):
                try:
                    out[blob] = ModuleFacts.load(marshal.loads(data))
                except (ValueError, TypeError, EOFError):
                    continue  # a damaged row is re-parsed and rewritten
        self.hits += len(out)
        self.misses += len(keys) - len(out)
        return out

    def put_many(self, facts: dict[str, tuple[object, ...]],
                 stats: Iterable[tuple[str, os.stat_result, str]] = ()) -> None:
        """Store dumped facts and stat signatures in one transaction (all or nothing)."""
        if self._db is None:
            return
        rows = [(p, st.st_mtime_ns, st.st_size, st.st_ino, b) for p, st, b in stats]
        if not facts and not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?)",
                                     [(b, marshal.dumps(d)) for b, d in facts.items()])
                self._db.executemany("INSERT OR REPLACE INTO stats VALUES (?, ?, ?, ?, ?)", rows)
        except sqlite3.Error:
            pass  # another process holding the lock too long: the next run stores them

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
