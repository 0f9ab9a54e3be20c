"""A source's index in the cache: each file's stat signature and each module's resolution.

What makes warm runs cheap: a file whose stat is unchanged is not read, and a module whose blob is
unchanged, in a tree whose module names are unchanged, is not resolved again (resolution depends
only on the module's own bytes, its name, the set of names, and the modules it star-imports).
"""

from __future__ import annotations

import marshal
import zlib
from collections import namedtuple
from functools import partial
from pathlib import Path

from archdocs.model import Import, Reexport
from archdocs.reading.cache import FACTS_VERSION, KINDS, FactsCache
from archdocs.reading.sources import Selection, SourceFile

#: A resolved import as the index keeps it: (target, line, kind value, internal, names, text).
EncodedImport = tuple[str, int, str, bool, tuple[str, ...], str]


class IndexEntry(namedtuple("IndexEntry", "blob imports reexports stars problems")):
    """A module's resolution, as the index keeps it (plain tuples inside: marshal writes them)."""

    __slots__ = ()

    blob: str  #: the blob it was resolved from
    imports: tuple[EncodedImport, ...]
    reexports: tuple[tuple[str, str, str], ...]  #: (name, source module, source name)
    stars: tuple[str, ...]  #: the modules it star-imports: resolved again when one changes
    problems: tuple[tuple[int, str, str], ...]  #: (line, message, code)


def encode_imports(imports: tuple[Import, ...]) -> tuple[EncodedImport, ...]:
    """Resolved imports as plain tuples (the importer is left out: it is the module's own name)."""
    return tuple((i.target, i.line, i.kind.value, i.internal, i.names, i.text) for i in imports)


def decode_imports(importer: str, data: tuple[EncodedImport, ...]) -> tuple[Import, ...]:
    new = tuple.__new__  # skips the named tuple's Python-level __new__: one per import of a run
    return tuple(new(Import, (importer, target, line, KINDS[kind], internal, names, text))
                 for target, line, kind, internal, names, text in data)


def decode_reexports(data: tuple[tuple[str, str, str], ...]) -> tuple[Reexport, ...]:
    new = tuple.__new__
    return tuple(new(Reexport, r) for r in data)


def names_fingerprint(files: list[SourceFile]) -> tuple[str, ...]:
    """The module set resolution depends on; compared exactly (no hash, so no collision)."""
    return tuple(f"{f.module}:{int(f.is_package)}" for f in files)


class Index(namedtuple("Index", "stats fingerprint entries")):
    """What the index of a source held at the end of the previous run."""

    __slots__ = ()

    stats: object  #: the directory's stat signatures and listing, as it stored them; None for git
    fingerprint: tuple[str, ...]  #: :func:`names_fingerprint` of the modules it resolved
    entries: dict[str, IndexEntry]  #: by module name


def index_key(kind: str, where: Path, subdir: str, selection: Selection, limit: int) -> str:
    """A source's index: a run with another size limit lists other files as read."""
    return f"{FACTS_VERSION}|{kind}|{where.resolve()}|{subdir}|{selection!r}|{limit}"


#: A source's index is split in chunks so that a one-file change rewrites one chunk, not all.
_CHUNKS = 16


def _chunk(name: str) -> int:
    return zlib.crc32(name.encode()) % _CHUNKS


def read_index(cache: FactsCache, key: str) -> Index | None:
    """The index of a source, or None (none yet, or damaged: rebuilt by this run)."""
    rows = cache.get_index([key, *(f"{key}:{i}" for i in range(_CHUNKS))])
    if len(rows) != _CHUNKS + 1:
        return None
    record = partial(tuple.__new__, IndexEntry)  # in C: one record per module of a warm run
    try:
        stats, fingerprint = marshal.loads(rows[key])
        entries: dict[str, IndexEntry] = {}
        for i in range(_CHUNKS):
            chunk = marshal.loads(rows[f"{key}:{i}"])
            entries.update(zip(chunk, map(record, chunk.values()), strict=True))
    except (ValueError, EOFError, TypeError, AttributeError):
        return None
    return Index(stats, fingerprint, entries)


def write_index(cache: FactsCache, key: str, stats: object, fingerprint: tuple[str, ...],
                entries: dict[str, IndexEntry], dirty: set[str] | None) -> None:
    """Store the head row and the chunks holding ``dirty`` modules (all chunks when None)."""
    if not cache.enabled:
        return  # nothing would keep them: not even marshalled
    chunks = range(_CHUNKS) if dirty is None else {_chunk(n) for n in dirty}
    rows = {key: marshal.dumps((stats, fingerprint))}  # type: ignore[arg-type]
    by_chunk: dict[int, dict[str, tuple[object, ...]]] = {i: {} for i in chunks}
    for name, entry in entries.items():
        part = by_chunk.get(_chunk(name))
        if part is not None:
            part[name] = tuple(entry)  # marshal writes plain tuples only
    rows.update({f"{key}:{i}": marshal.dumps(part) for i, part in by_chunk.items()})
    cache.put_index(rows)
