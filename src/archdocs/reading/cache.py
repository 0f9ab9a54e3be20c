"""Facts cached by file content (git blob id), so a run parses only bytes it has never seen.

Keying by the git blob id means facts read from a working tree are reused for every git revision
that holds the same bytes, and vice versa. Per source, index rows remember each file's stat
signature and each module's resolution (:mod:`archdocs.reading._index`). Facts are stored
marshalled behind a small header of their counts (what a report needs), and decoded only when
something reads more (:class:`EncodedFacts`). SQLite gives atomic
transactions and safe concurrent use by two processes; an old-format cache is rebuilt, a damaged
one is set aside with one warning (naming the file, so the user knows which), never a crash.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
import struct
from collections.abc import Callable, Iterable
from pathlib import Path

from archdocs.model import Counts, Definition, ImportKind, ModuleFacts, RawImport

#: Bump when a reader, the facts' encoding or the index layout changes: older entries are dropped.
FACTS_VERSION = "14"  # 14: the counts header (#17); 13: namespace portions are external (#13)
_CHUNK = 500


#: Bytes to hash from which OpenSSL's SHA-1 (several times faster than CPython's own, with the
#: CPU's SHA instructions) repays loading it (~2.5 ms, what CPython's own takes for about 1 MB).
_OPENSSL_FROM = 1 << 20


def blob_ids(contents: list[bytes]) -> list[str]:
    """The git blob ids of ``contents``: the same key whether the bytes came from disk or from git.
    Imported here, since a warm run hashes nothing; a run after a small edit skips OpenSSL."""
    try:
        if sum(map(len, contents)) >= _OPENSSL_FROM:
            raise ImportError
        from _sha1 import sha1
    except ImportError:  # much to hash, or an interpreter built without CPython's own
        from hashlib import sha1
    out = []
    for data in contents:
        digest = sha1(b"blob %d\0" % len(data), usedforsecurity=False)
        digest.update(data)
        out.append(digest.hexdigest())
    return out


#: Import kinds by value: a dict lookup (``ImportKind(value)`` runs Enum's lookup in Python).
KINDS = {k.value: k for k in ImportKind}


#: A record's header: the facts' :class:`~archdocs.model.Counts`, read without unmarshalling the
#: rest (a warm report reads nothing else); 64-bit, so no file size overflows it.
_HEADER = struct.Struct("<4Q")


def encode_facts(facts: ModuleFacts) -> bytes:
    """The counts header, then the facts as marshalled plain tuples (marshal keeps tuples as
    tuples: decoding converts nothing but the records themselves)."""
    return _HEADER.pack(*facts.counts) + marshal.dumps((
        facts.lines, facts.code_lines, facts.doc,
        tuple((d.qualname, d.kind, d.line, d.end_line, d.signature, d.doc, d.shape)
              for d in facts.definitions),
        facts.bound_names, facts.all_names,
        tuple((i.line, i.module, i.level, i.names, i.alias, i.kind.value, i.is_from, i.text,
               i.deferred) for i in facts.imports),
        facts.problems, facts.warns_deprecation, facts.has_getattr, facts.getattr_targets,
        facts.imported_names,
    ))


def decode_facts(data: bytes) -> ModuleFacts | None:
    """The facts :func:`encode_facts` wrote; None when the bytes are damaged."""
    try:
        (lines, code_lines, doc, defs, bound, all_names, imports, problems, warns, has_getattr,
         getattr_targets, imported) = marshal.loads(memoryview(data)[_HEADER.size:])
        return ModuleFacts(
            lines, code_lines, doc, tuple(Definition(*d) for d in defs), bound, all_names,
            tuple(RawImport(line, module, level, names, alias, KINDS[kind], is_from, text, deferred)
                  for line, module, level, names, alias, kind, is_from, text, deferred in imports),
            problems, warns, has_getattr, getattr_targets, imported)
    except (ValueError, EOFError, TypeError, KeyError):
        return None


#: What a module's facts say when their cached bytes turn out damaged only once read.
_DAMAGED = ModuleFacts(0, 0, "", (), (), None, (), (
    (0, "cached facts are damaged: delete the archdocs cache folder and run again"),))


class EncodedFacts:
    """A module's facts as the cache holds them, decoded on the first call and kept: a warm run
    that needs only the import graph never decodes them, nor one that needs only their
    :attr:`counts`."""

    __slots__ = ("_data", "_facts")

    def __init__(self, data: bytes) -> None:
        self._data: bytes | None = data
        self._facts: ModuleFacts | None = None

    def __call__(self) -> ModuleFacts:
        if self._facts is None:
            assert self._data is not None
            self._facts = decode_facts(self._data) or _DAMAGED
            self._data = None
        return self._facts

    @property
    def counts(self) -> Counts:
        """The record's header (once decoded, or for a record too short to hold one: the facts')."""
        if self._facts is None and self._data is not None and len(self._data) >= _HEADER.size:
            return tuple.__new__(Counts, _HEADER.unpack_from(self._data))
        return self().counts


def default_cache_dir() -> Path:
    if os.environ.get("ARCHDOCS_CACHE_DIR"):
        return Path(os.environ["ARCHDOCS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archdocs"


def _damaged(exc: sqlite3.Error) -> bool:
    """The file itself is bad (not a lock held too long, a full disk or a read-only folder)."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_CORRUPT,
                                                              sqlite3.SQLITE_NOTADB)


def _set_aside(path: Path) -> Path:
    """Move a damaged database (and its write-ahead log, which belongs to it) out of the way, so
    the next open starts afresh and the next run does not warn again; kept to look at."""
    aside = path.with_name(path.name + ".damaged")
    for suffix in ("-wal", "-shm", ""):  # the database last: a fresh one never meets an old log
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{aside}{suffix}")
    return aside


class FactsCache:
    """Blob id → encoded facts, plus per-source index rows. ``FactsCache(None)`` stores nothing."""

    def __init__(self, directory: Path | None, warn: Callable[[str], None] | None = None) -> None:
        self.hits = 0
        self.misses = 0
        self._warn = warn
        self._encoded: dict[str, EncodedFacts] = {}
        self._db: sqlite3.Connection | None = None
        if directory is None:
            return
        path = self._path = Path(directory) / "facts.sqlite3"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open(path)
        except sqlite3.Error as exc:
            if not _damaged(exc):
                self._tell(f"archdocs cache {path} is unusable ({exc}); continuing without a cache")
                return
            try:
                aside = _set_aside(path)
                self._db = self._open(path)
                message = f"moved it to {aside} and started a fresh cache"
            except (sqlite3.Error, OSError):
                self._db, message = None, "continuing without a cache; delete the file to fix this"
            self._tell(f"archdocs cache {path} was unreadable ({exc}); {message}")
        except OSError as exc:
            self._tell(f"archdocs cache {path} is unusable ({exc}); continuing without a cache")

    def _tell(self, message: str) -> None:
        if self._warn:
            self._warn(message)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=60, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        # No fsync: what a power cut can lose or damage is a cache, which is rebuilt (a damaged
        # file is set aside with a warning); on a slow disk the fsyncs cost more than the run.
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is None or row[0] != FACTS_VERSION:
            with db:  # an old format is dropped in one transaction, then rebuilt
                db.execute("BEGIN IMMEDIATE")
                row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
                if row is None or row[0] != FACTS_VERSION:  # another process may have done it
                    for table in ("facts", "stats", "indexes"):
                        db.execute(f"DROP TABLE IF EXISTS {table}")
                    db.execute("CREATE TABLE facts (blob TEXT PRIMARY KEY, data BLOB NOT NULL)")
                    db.execute("CREATE TABLE indexes (key TEXT PRIMARY KEY, data BLOB NOT NULL)")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)",
                               (FACTS_VERSION,))
        return db

    @property
    def enabled(self) -> bool:
        return self._db is not None

    def get_many(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """Encoded facts of the blobs the cache holds (see :meth:`encoded`)."""
        if self._db is None:
            return {}
        keys = sorted(set(blobs))  # in the primary key's order: a sixth faster than at random
        out: dict[str, bytes] = {}
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                out.update(self._db.execute(f"SELECT blob, data FROM facts WHERE blob IN ({marks})",
                                            chunk))
        except sqlite3.DatabaseError as exc:
            self._give_up(exc)
            return {}
        self.hits += len(out)
        self.misses += len(keys) - len(out)
        return out

    def encoded(self, facts: dict[str, bytes]) -> dict[str, EncodedFacts]:
        """The encoded ``facts`` by blob, one object per blob for the cache's lifetime: loads
        sharing this cache (the revisions of a history) decode a blob's facts once."""
        known = self._encoded
        known.update({blob: EncodedFacts(data)
                      for blob, data in facts.items() if blob not in known})
        return known

    def put_many(self, facts: dict[str, bytes]) -> None:
        """Store encoded facts in one transaction (all or nothing)."""
        self._write("INSERT OR REPLACE INTO facts VALUES (?, ?)", list(facts.items()))

    def get_index(self, keys: list[str]) -> dict[str, bytes]:
        """Index rows by key (a source's index is a head row plus chunks)."""
        if self._db is None or not keys:
            return {}
        marks = ",".join("?" * len(keys))
        try:
            rows = self._db.execute(f"SELECT key, data FROM indexes WHERE key IN ({marks})", keys)
            return dict(rows)
        except sqlite3.DatabaseError as exc:
            self._give_up(exc)
            return {}

    def put_index(self, rows: dict[str, bytes]) -> None:
        self._write("INSERT OR REPLACE INTO indexes VALUES (?, ?)", list(rows.items()))

    def _write(self, statement: str, rows: list[tuple[str, bytes]]) -> None:
        if self._db is None or not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(statement, rows)
        except sqlite3.Error as exc:
            if _damaged(exc):
                self._give_up(exc)
            # else another process held the lock too long: the next run stores them

    def _give_up(self, exc: sqlite3.Error) -> None:
        """A database that fails mid-run: warn once and carry on without it. A damaged one (a bad
        disk page: it opens, then a query fails) is set aside, so the next run starts afresh."""
        self.close()
        if not _damaged(exc):
            self._tell(f"archdocs cache {self._path} failed ({exc}); continuing without it")
            return
        try:
            message = f"moved it to {_set_aside(self._path)}; the next run starts a fresh cache"
        except OSError as move:
            message = f"could not move it aside ({move.strerror}): delete it to fix this"
        self._tell(f"archdocs cache {self._path} is damaged ({exc}); continuing without it, "
                   f"{message}")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
