"""Build a :class:`~archdocs.model.Snapshot` from a directory or a git revision.

read (sources) → facts (cache, else parse; worker processes on a cold run) → resolve → immutable model.

What makes warm runs cheap: per source, the cache keeps an index of each file's stat signature and
each module's resolved imports. A file whose stat is unchanged is not read; a module whose blob is
unchanged, in a tree whose module names are unchanged, is not resolved again (resolution depends only
on the module's own bytes, its name, the set of names, and the modules it star-imports); facts stay
encoded until something reads them.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TYPE_CHECKING = False  # the warm path does not import typing
if TYPE_CHECKING:
    from typing import Any

    from archdocs.reading.fast.syntax import Signature, SyntaxCheck

    # An index entry per module: (blob, imports, reexports, star sources, problems as (line, msg, code)).
    _Entry = tuple[str, tuple[tuple[Any, ...], ...], tuple[tuple[str, str, str], ...],
                   tuple[str, ...], tuple[tuple[int, str, str], ...]]
    # A unit of work: one module to (parse if needed and) resolve:
    # (name, relpath, is_package, blob, file bytes or None, cached facts bytes or None).
    _Unit = tuple[str, str, bool, str, bytes | None, bytes | None]
    # Its result: (name, facts bytes if parsed here, index entry or None when the cached facts were
    # damaged and the file must be read, bindings if it star-imports).
    _Result = tuple[str, bytes | None, _Entry | None, list[tuple[str, str, str]] | None]

from archdocs.model import (
    Module,
    ModuleFacts,
    Problem,
    Snapshot,
    dump_imports,
    load_imports,
    load_reexports,
)
from archdocs.reading.cache import FACTS_VERSION, FactsCache, blob_ids
from archdocs.reading.fast.gcpause import paused
from archdocs.reading.git import read_blobs, resolve_revision
from archdocs.reading.resolve import Resolver, reexports_of
from archdocs.reading.signals import deferred, forget, on_stop, quiet_worker, terminable
from archdocs.reading.sources import (
    Listing,
    Selection,
    SourceError,
    SourceFile,
    list_directory,
    list_revision,
    not_regular,
    parse_source_spec,
)

_EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"  #: git's id of empty content

#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 150

#: Files larger than this many bytes are listed with a problem and not parsed (generated data, or
#: a hostile tree: the largest hand-written modules of big projects are well under 1 MB).
MAX_FILE_SIZE = 10_000_000


def too_large(size: int, limit: int) -> str:
    return f"{size:,} bytes, over the limit of {limit:,}: not parsed"


@dataclass
class LoadStats:
    """What a load did: files parsed versus taken from the cache, modules resolved again."""

    files: int = 0
    parsed: int = 0
    cached: int = 0
    read: int = 0
    resolved: int = 0
    problems: list[Problem] = field(default_factory=list)


def _names_fingerprint(files: list[SourceFile]) -> tuple[str, ...]:
    """The module set resolution depends on; compared exactly (no hash, so no collision)."""
    return tuple(f"{f.module}:{int(f.is_package)}" for f in files)


def _stale(files: list[SourceFile], blob_of: dict[str, str], reuse: dict[str, _Entry]) -> set[str]:
    """Modules to resolve again: new or changed blobs, and (transitively) their star-importers."""
    changed = {f.module for f in files if f.module not in reuse or reuse[f.module][0] != blob_of[f.module]}
    star_importers: dict[str, list[str]] = {}
    for name, entry in reuse.items():
        for source in entry[3]:
            star_importers.setdefault(source, []).append(name)
    queue = list(changed)
    while queue:
        for importer in star_importers.get(queue.pop(), ()):
            if importer not in changed:
                changed.add(importer)
                queue.append(importer)
    return changed


#: The resolver and the units of the current load, set before worker processes fork so they
#: inherit them (the files' bytes are not pickled through a pipe to each worker).
_WORKER_LOAD: list[tuple[Resolver, list[_Unit]]] = []


def _decode(cached: bytes) -> ModuleFacts | None:
    """Facts from their cached bytes; None when the bytes are damaged (the file is parsed again)."""
    try:
        return ModuleFacts.load(marshal.loads(cached))
    except (ValueError, EOFError, TypeError):
        return None


def _resolve_units(resolver: Resolver, units: list[_Unit], careful: bool) -> list[_Result]:
    """Parse (when the cache had no facts) and resolve modules; runs in worker processes. Files are
    read by the fast reader unless ``careful`` (then tree-sitter, which reports syntax errors)."""
    out: list[_Result] = []
    for name, relpath, is_package, blob, data, cached in units:
        parsed = None
        facts = _decode(cached) if cached is not None else None
        if facts is None:
            if data is None:  # cached facts were damaged and the caller has not read the file
                out.append((name, None, None, None))
                continue
            from archdocs.reading.treesitter import (
                parse_facts,  # a warm run never imports the readers
            )

            if not careful:
                from archdocs.reading.fast.reader import scan_facts

                facts = scan_facts(data)
            facts = facts or parse_facts(data)
            parsed = marshal.dumps(facts.dump())
        problems = [Problem(relpath, line, message, "parse") for line, message in facts.problems]
        imports, bindings = resolver.resolve_module(name, relpath, is_package, facts, problems)
        # Star re-exports need the other module's names: completed by the caller.
        reexports = reexports_of(Module(name, relpath, is_package, blob, facts, imports), bindings, {})
        stars = tuple(sorted({source for _, source, source_name in bindings if source_name == "*"}))
        entry = (blob, dump_imports(imports), tuple(tuple(r) for r in reexports), stars,
                 tuple((p.line, p.message, p.code) for p in problems))
        out.append((name, parsed, entry, bindings if stars else None))
    return out


def run_units(units: list[_Unit], resolver: Resolver, jobs: int | None,
              early: tuple[SyntaxCheck, dict[str, str]] | None = None) -> list[_Result]:
    """All units; files to parse go to the fast reader while ruff checks their syntax beside it,
    and the files ruff rejects are read again by tree-sitter (see :mod:`archdocs.reading.fast.syntax`).
    ``early`` is a check already started on the files (a directory's, before they were read), with
    its key for each blob id; a file to parse it does not cover is read by tree-sitter."""
    fresh = {unit[3]: unit[4] for unit in units if unit[5] is None and unit[4] is not None}
    if not fresh:
        if early is not None:
            early[0].close()
        return _run_units(units, resolver, jobs, True)
    if early is None:
        from archdocs.reading.fast.syntax import SyntaxCheck

        files: dict[str, tuple[str, Signature] | bytes] = dict(fresh)
        early = SyntaxCheck(files), {blob: blob for blob in fresh}
    check, key_of = early
    if not check.available:
        return _run_units(units, resolver, jobs, True)
    try:
        results = _run_units(units, resolver, jobs, False)
        invalid = check.invalid()
    finally:
        check.close()  # also when reading fails: no ruff left running, no copies left behind
    again = set(fresh) if invalid is None else {
        blob for blob in fresh if blob not in key_of or key_of[blob] in invalid}
    if not again:
        return results
    redo = {unit[0] for unit in units if unit[3] in again}
    return [r for r in results if r[0] not in redo] + _run_units(
        [unit for unit in units if unit[0] in redo], resolver, jobs, True)


def _run_units(units: list[_Unit], resolver: Resolver, jobs: int | None, careful: bool) -> list[_Result]:
    """All units, in worker processes (forked with the resolver) when there are many."""
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(units) < PARALLEL_THRESHOLD:
        return _resolve_units(resolver, units, careful)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # only cold runs pay for this import

    # Interleave so each worker gets a similar mix of big and small files.
    step = workers * 8
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=quiet_worker)

    def kill() -> None:
        """Done, failed, or stopped by SIGTERM or Ctrl-C: the workers are killed, not asked to
        finish their queue (a graceful shutdown that a signal interrupts leaves them waiting on it
        for ever); there is no public way to do it before Python 3.14."""
        for process in list((pool._processes or {}).values()):
            process.kill()

    _WORKER_LOAD.append((resolver, units))
    on_stop(pool, kill)
    try:
        # submitted, not mapped: map cancels its futures on the way out, and the pool, broken
        # below, would fail to mark them failed (a thread's traceback on Python 3.11)
        with deferred():  # the workers are forked here
            parts = [pool.submit(_resolve_slice, first, step, careful) for first in range(step)]
        return [result for part in parts for result in part.result()]
    finally:
        kill()
        pool.shutdown()
        forget(pool)
        _WORKER_LOAD.pop()


def _resolve_slice(first: int, step: int, careful: bool) -> list[_Result]:
    """Every ``step``-th unit of the load from ``first``: a worker's share, read from its copy."""
    resolver, units = _WORKER_LOAD[-1]
    return _resolve_units(resolver, units[first::step], careful)


def build_modules(files: list[SourceFile], blob_of: dict[str, str], raw: dict[str, bytes],
                  contents: dict[str, bytes], reuse: dict[str, _Entry], cache: FactsCache,
                  jobs: int | None, stats: LoadStats,
                  read: Callable[[list[SourceFile]], dict[str, bytes]],
                  early: tuple[SyntaxCheck, dict[str, str]] | None = None,
                  ) -> tuple[list[Module], list[Problem], dict[str, _Entry], set[str]]:
    """Modules with resolved imports, reusing index entries of unchanged modules (``reuse`` must
    come from a tree with the same module names); parses what the cache lacks (``raw`` holds
    cached facts, ``contents`` the bytes of the rest; ``read`` fetches bytes of files whose cached
    facts turn out damaged; ``early`` as for :func:`run_units`). Also returns the modules resolved
    again."""
    stale = _stale(files, blob_of, reuse) | {f.module for f in files if blob_of[f.module] not in raw}
    units = [(f.module, f.relpath, f.is_package, blob_of[f.module],
              contents.get(blob_of[f.module]), raw.get(blob_of[f.module]))
             for f in files if f.module in stale]
    resolver = Resolver({f.module for f in files})
    results = run_units(units, resolver, jobs, early) if units else []
    damaged = {r[0] for r in results if r[2] is None}
    if damaged:
        again = [f for f in files if f.module in damaged]
        data = read(again)
        retry: list[_Unit] = [(f.module, f.relpath, f.is_package, blob_of[f.module],
                               data.get(blob_of[f.module]), None) for f in again]
        results = [r for r in results if r[2] is not None] + run_units(retry, resolver, 1)
    parsed = {entry[0]: facts for _, facts, entry, _ in results if facts is not None and entry}
    cache.put_many(parsed)
    raw.update(parsed)
    stats.parsed, stats.cached, stats.resolved = len(parsed), len(set(blob_of.values()) - set(parsed)), len(units)
    entries = {f.module: reuse[f.module] for f in files if f.module not in stale}
    entries.update((name, entry) for name, _, entry, _ in results if entry is not None)
    modules = {f.module: Module(f.module, f.relpath, f.is_package, blob_of[f.module],
                                raw[blob_of[f.module]], load_imports(f.module, entries[f.module][1]),
                                load_reexports(entries[f.module][2]))
               for f in files}
    for name, _, entry, bindings in results:
        if bindings is not None and entry is not None:  # star imports: expand with the source modules' public names
            module = modules[name]
            reexports = reexports_of(module, bindings, modules)
            modules[name] = Module(name, module.path, module.is_package, module.blob,
                                   module.facts_source, module.imports, reexports)
            entries[name] = (*entry[:2], tuple(tuple(r) for r in reexports), *entry[3:])
    paths = {f.module: f.relpath for f in files}
    problems = [Problem(paths[name], line, message, code)
                for name, entry in entries.items() for line, message, code in entry[4]]
    return [modules[f.module] for f in files], problems, entries, stale


#: A source's index is split in chunks so that a one-file change rewrites one chunk, not all.
_CHUNKS = 16


def _chunk(name: str) -> int:
    return zlib.crc32(name.encode()) % _CHUNKS


def _read_index(cache: FactsCache, key: str) -> tuple[object, tuple[str, ...], dict[str, _Entry]] | None:
    """(stat signatures or None, names fingerprint, module entries) of a source, or None."""
    rows = cache.get_index([key, *(f"{key}:{i}" for i in range(_CHUNKS))])
    if len(rows) != _CHUNKS + 1:
        return None
    try:
        signatures, fingerprint = marshal.loads(rows[key])
        entries: dict[str, _Entry] = {}
        for i in range(_CHUNKS):
            entries.update(marshal.loads(rows[f"{key}:{i}"]))
    except (ValueError, EOFError, TypeError):
        return None  # damaged: rebuilt by this run
    return signatures, fingerprint, entries


def _write_index(cache: FactsCache, key: str, signatures: object, fingerprint: tuple[str, ...],
                 entries: dict[str, _Entry], dirty: set[str] | None) -> None:
    """Store the head row and the chunks holding ``dirty`` modules (all chunks when None)."""
    if not cache.enabled:
        return  # nothing would keep them: not even marshalled
    chunks = range(_CHUNKS) if dirty is None else {_chunk(n) for n in dirty}
    rows = {key: marshal.dumps((signatures, fingerprint))}  # type: ignore[arg-type]
    by_chunk: dict[int, dict[str, _Entry]] = {i: {} for i in chunks}
    for name, entry in entries.items():
        part = by_chunk.get(_chunk(name))
        if part is not None:
            part[name] = entry
    rows.update({f"{key}:{i}": marshal.dumps(part) for i, part in by_chunk.items()})
    cache.put_index(rows)


def _index_key(kind: str, where: Path, subdir: str, selection: Selection, limit: int) -> str:
    """A source's index: a run with another size limit lists other files as read."""
    return f"{FACTS_VERSION}|{kind}|{where.resolve()}|{subdir}|{selection!r}|{limit}"


#: Opening never waits (a FIFO put in a file's place would block the open until a writer comes).
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))


def _read_regular(path: str, limit: int) -> bytes | str:
    """The bytes of a regular file, or why they are not read: the descriptor's own stat says what
    was opened, whatever the path named when it was listed or stat'ed (a FIFO, ``/dev/zero``)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return not_regular(st.st_mode)
        if st.st_size > limit:
            return too_large(st.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # a file that grows while it is read stops at the limit too
            chunk = os.read(fd, st.st_size + 1 - size if size <= st.st_size else 1 << 16)
            if not chunk:
                return b"".join(chunks)  # one chunk: no copy
            chunks.append(chunk)
            size += len(chunk)
        return too_large(size, limit)
    finally:
        os.close(fd)


def _read(files: list[SourceFile], failed: Callable[[SourceFile, str], None], limit: int,
          ) -> list[tuple[SourceFile, str, bytes]]:
    """(file, blob id, bytes) of files on disk; ``failed`` hears why each other one is not read."""
    read = []
    for f in files:
        try:
            data = _read_regular(f.abspath, limit)  # type: ignore[arg-type]
        except OSError as exc:
            failed(f, f"cannot read: {exc.strerror or exc}")
            continue
        if isinstance(data, str):
            failed(f, data)
        else:
            read.append((f, data))
    return [(f, blob, data) for (f, data), blob in zip(read, blob_ids([d for _, d in read]))]


def _read_files(files: list[SourceFile], limit: int) -> dict[str, bytes]:
    """Bytes of files on disk by blob id (a file that vanished meanwhile is simply left out)."""
    return {blob: data for _, blob, data in _read(files, lambda f, why: None, limit)}


def _early_check(unknown: list[SourceFile], seen: dict[str, tuple[int, int, int, str]],
                 ) -> SyntaxCheck | None:
    """ruff started on a directory's new or changed files before archdocs reads them: it works on
    the second core while this one reads them (even one file: ruff's start and check take less
    than tree-sitter's import and parse). ``seen`` holds each file's stat, taken before either
    reads it."""
    if not unknown:
        return None
    from archdocs.reading.fast.syntax import SyntaxCheck, fast_reader_enabled

    if not fast_reader_enabled():
        return None
    return SyntaxCheck({f.abspath: (f.abspath, seen[f.abspath][:3]) for f in unknown if f.abspath})


#: A file or folder changed this shortly before a run may change again within the same timestamp
#: tick (a few ms on ext4, 2 s on FAT) after the run read it, its mtime not moving: the next run
#: does not trust its stat (git's "racily clean" entries).
_RACY_NS = 2_000_000_000


def _trusted(signatures: dict[str, tuple[int, int, int, str]], listing: Listing, started: int,
             ) -> tuple[dict[str, tuple[int, int, int, str]], Listing]:
    """What the index may keep: stats of entries changed close to ``started`` get mtime -1, which no
    stat matches, so the next run reads the file (or lists the folder) again."""
    limit = started - _RACY_NS
    return ({path: sig if sig[0] < limit else (-1, *sig[1:]) for path, sig in signatures.items()},
            {rel: entry if entry[0] < limit else (-1, *entry[1:]) for rel, entry in listing.items()})


def _load_directory(path: Path, selection: Selection, cache: FactsCache, jobs: int | None,
                    stats: LoadStats, limit: int) -> tuple[list[Module], list[Problem], tuple[str, ...]]:
    started = time.time_ns()
    key = _index_key("dir", path, "", selection, limit)
    index = _read_index(cache, key)
    known: dict[str, tuple[int, int, int, str]] = {}
    old_listing: Listing = {}
    if index is not None:
        try:
            known, old_listing = index[0]  # type: ignore[misc]
        except (TypeError, ValueError):
            index = None  # an index written by another layout: rebuilt by this run
    files, roots, problems, _, listing = list_directory(path, selection, old_listing)
    stats.problems.extend(problems)
    signatures: dict[str, tuple[int, int, int, str]] = {}
    contents: dict[str, bytes] = {}
    blob_of: dict[str, str] = {}

    def unreadable(f: SourceFile, why: str) -> None:
        """Listed all the same, as an empty module: its problem says why (nothing is lost)."""
        stats.problems.append(Problem(f.relpath, 0, why, "read"))
        signatures.pop(f.abspath, None)  # type: ignore[arg-type]  # so the next run tries again
        blob_of[f.module] = _EMPTY_BLOB
        contents[_EMPTY_BLOB] = b""

    unknown: list[SourceFile] = []
    for f in files:
        assert f.abspath is not None
        try:
            st = os.stat(f.abspath)
        except OSError as exc:
            unreadable(f, f"cannot read: {exc.strerror or exc}")
            continue
        old = known.get(f.abspath)
        if old and old[:3] == (st.st_mtime_ns, st.st_size, st.st_ino):
            signatures[f.abspath] = old
            blob_of[f.module] = old[3]
        elif not stat.S_ISREG(st.st_mode):  # what ruff would wait on, or read without end
            unreadable(f, not_regular(st.st_mode))
        elif st.st_size > limit:
            unreadable(f, too_large(st.st_size, limit))
        else:
            signatures[f.abspath] = (st.st_mtime_ns, st.st_size, st.st_ino, "")
            unknown.append(f)
    check = _early_check(unknown, signatures)

    def changed(f: SourceFile, why: str) -> None:
        """Not read after all: the file changed since its stat, and ruff, given it, may be
        waiting on what is there now (a FIFO): its verdict is given up (tree-sitter reads)."""
        unreadable(f, why)
        if check is not None:
            check.close()

    try:
        for f, blob, data in _read(unknown, changed, limit):
            blob_of[f.module] = blob
            contents[blob] = data
            signatures[f.abspath] = (*signatures[f.abspath][:3], blob)  # type: ignore[index]
        raw = cache.get_many(set(blob_of.values()))
        # indexed, but the facts row is gone (e.g. another tool's cache): read again
        for f, blob, data in _read([f for f in files if blob_of[f.module] not in raw
                                    and blob_of[f.module] not in contents], unreadable, limit):
            blob_of[f.module] = blob
            contents[blob] = data
        stats.read = len(contents)
        fingerprint = _names_fingerprint(files)
        same_names = index is not None and index[1] == fingerprint
        early = None if check is None else (
            check, {blob_of[f.module]: f.abspath for f in unknown if f.abspath in signatures})
        modules, module_problems, entries, stale = build_modules(
            files, blob_of, raw, contents, index[2] if same_names else {},  # type: ignore[index]
            cache, jobs, stats, lambda again: _read_files(again, limit), early)
    finally:
        if check is not None:
            check.close()
    if stale or signatures != known or listing != old_listing:
        _write_index(cache, key, _trusted(signatures, listing, started), fingerprint, entries,
                     stale if same_names else None)
    return modules, module_problems, roots


def _load_revision(repo: Path, commit: str, subdir: str, selection: Selection, cache: FactsCache,
                   jobs: int | None, stats: LoadStats, limit: int,
                   ) -> tuple[list[Module], list[Problem], tuple[str, ...]]:
    files, roots, refused = list_revision(repo, commit, selection, subdir)
    blob_of = {f.module: f.blob for f in files if f.blob}
    key = _index_key("git", repo, subdir, selection, limit)
    index = _read_index(cache, key)
    raw = cache.get_many(set(blob_of.values()))
    contents = read_blobs(repo, sorted(set(blob_of.values()) - set(raw)))
    # As from a checkout: too large a file is an empty module with a problem (git had to hand
    # its bytes over; blobs that size are rare in a repository, unlike a symlink to /dev/zero).
    oversized = {blob: len(data) for blob, data in contents.items() if len(data) > limit}
    for f in files:
        size = oversized.get(blob_of[f.module])
        if size is not None:
            refused.append(Problem(f.relpath, 0, too_large(size, limit), "read"))
            blob_of[f.module] = _EMPTY_BLOB
            contents[_EMPTY_BLOB] = b""
    for blob in oversized:
        del contents[blob]
    stats.read = len(contents)
    # The index from the previous revision read: most modules keep their blob and their resolution.
    fingerprint = _names_fingerprint(files)
    same_names = index is not None and index[1] == fingerprint
    modules, problems, entries, stale = build_modules(
        files, blob_of, raw, contents, index[2] if same_names else {},  # type: ignore[index]
        cache, jobs, stats, lambda again: read_blobs(repo, sorted({f.blob for f in again if f.blob})))
    if stale:
        _write_index(cache, key, None, fingerprint, entries, stale if same_names else None)
    return modules, problems + refused, roots


def load_snapshot(source: str | Path, selection: Selection | None = None, *,
                  cache: FactsCache | None = None, jobs: int | None = None,
                  stats: LoadStats | None = None, max_file_size: int = MAX_FILE_SIZE) -> Snapshot:
    """Read a source: a directory path, or ``repo@rev`` (optionally ``repo@rev:subdir``).

    Raises :class:`~archdocs.reading.sources.SourceError` with an actionable message when the source itself
    cannot be read; problems inside it (unparsable or unreadable files, files that are not regular
    files or larger than ``max_file_size`` bytes, symlinks leaving the source) are in ``problems``.
    SIGTERM during the load stops its helper processes before the process ends.
    """
    selection = selection or Selection()
    cache = cache or FactsCache(None)
    stats = stats if stats is not None else LoadStats()
    path, rev, subdir = parse_source_spec(str(source))
    with paused(), terminable():
        if rev is None:
            modules, problems, roots = _load_directory(path, selection, cache, jobs, stats,
                                                       max_file_size)
            label, revision = str(source), None
        else:
            if not path.is_dir():
                raise SourceError(f"{path}: no such repository")
            revision = resolve_revision(path, rev)
            modules, problems, roots = _load_revision(path, revision, subdir, selection, cache,
                                                      jobs, stats, max_file_size)
            label = f"{path}@{rev}" + (f":{subdir}" if subdir else "")
    stats.files = len(modules)
    all_problems = sorted([*stats.problems, *problems], key=lambda p: (p.path, p.line, p.message))
    modules.sort(key=lambda m: m.name)
    return Snapshot(label, roots, tuple(modules), tuple(all_problems), revision)
