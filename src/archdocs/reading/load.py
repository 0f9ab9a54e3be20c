"""Build a :class:`~archdocs.model.Snapshot` from a directory or a git revision.

sources (folder or git) → facts per file (cache, else a reader: :mod:`archdocs.reading.fast`) →
resolution of imports → immutable model. Per source, the cache keeps an index
(:mod:`archdocs.reading._index`): a warm run reads no file whose stat is unchanged and resolves no
module whose blob is unchanged; facts stay encoded until something reads them.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from archdocs.model import Module, Problem, Snapshot
from archdocs.reading._files import (
    EMPTY_BLOB,
    MAX_FILE_SIZE,
    contents_by_blob,
    read_files,
    too_large,
)
from archdocs.reading._index import index_key, names_fingerprint, read_index, write_index
from archdocs.reading._modules import Built, build_modules
from archdocs.reading._signals import terminable
from archdocs.reading._signatures import IndexedStat, trusted, unchanged
from archdocs.reading.cache import FactsCache
from archdocs.reading.errors import SourceError
from archdocs.reading.fast.facts import OnDisk, read_facts
from archdocs.reading.fast.gcpause import paused
from archdocs.reading.git import read_blobs, resolve_revision
from archdocs.reading.sources import (
    Listing,
    Selection,
    SourceFile,
    list_directory,
    list_revision,
    not_regular,
    parse_source_spec,
)

__all__ = ["MAX_FILE_SIZE", "LoadStats", "load_snapshot"]


@dataclass
class LoadStats:
    """What a load did: files parsed versus taken from the cache, modules resolved again."""

    files: int = 0
    parsed: int = 0
    cached: int = 0
    read: int = 0
    resolved: int = 0
    problems: list[Problem] = field(default_factory=list)

    def count(self, built: Built) -> None:
        self.parsed, self.cached, self.resolved = built.parsed, built.cached, built.resolved


def _load_directory(path: Path, selection: Selection, cache: FactsCache, jobs: int | None,
                    stats: LoadStats, limit: int,
                    ) -> tuple[list[Module], list[Problem], tuple[str, ...]]:
    started = time.time_ns()
    key = index_key("dir", path, "", selection, limit)
    index = read_index(cache, key)
    known: dict[str, IndexedStat] = {}
    old_listing: Listing = {}
    if index is not None:
        try:
            known, old_listing = index.stats  # type: ignore[misc]
        except (TypeError, ValueError):
            index = None  # an index written by another layout: rebuilt by this run
    files, roots, problems, _, listing = list_directory(path, selection, old_listing)
    stats.problems.extend(problems)
    signatures: dict[str, IndexedStat] = {}
    contents: dict[str, bytes] = {}
    blob_of: dict[str, str] = {}

    def unreadable(f: SourceFile, why: str) -> None:
        """Listed all the same, as an empty module: its problem says why (nothing is lost)."""
        stats.problems.append(Problem(f.relpath, 0, why, "read"))
        if f.abspath is not None:
            signatures.pop(f.abspath, None)  # so the next run tries again
        blob_of[f.module] = EMPTY_BLOB
        contents[EMPTY_BLOB] = b""

    unknown: list[SourceFile] = []
    for f in files:
        assert f.abspath is not None
        try:
            st = os.stat(f.abspath)
        except OSError as exc:
            unreadable(f, f"cannot read: {exc.strerror or exc}")
            continue
        old = known.get(f.abspath)
        if old is not None and unchanged(old, st):
            signatures[f.abspath] = old
            blob_of[f.module] = old[3]
        elif not stat.S_ISREG(st.st_mode):  # what ruff would wait on, or read without end
            unreadable(f, not_regular(st.st_mode))
        elif st.st_size > limit:
            unreadable(f, too_large(st.st_size, limit))
        else:
            signatures[f.abspath] = (st.st_mtime_ns, st.st_size, st.st_ino, "")
            unknown.append(f)
    # ruff checks the new and changed files while they are read (keys: their paths)
    on_disk: dict[str, bytes | OnDisk] = {
        f.abspath: (f.abspath, signatures[f.abspath][:3]) for f in unknown if f.abspath}
    with read_facts(on_disk) as batch:
        for f, blob, data in read_files(unknown, unreadable, limit):
            blob_of[f.module] = blob
            contents[blob] = data
            signatures[f.abspath] = (*signatures[f.abspath][:3], blob)  # type: ignore[index]
        raw = cache.get_many(set(blob_of.values()))
        # indexed, but the facts row is gone (e.g. another tool's cache): read again
        for f, blob, data in read_files([f for f in files if blob_of[f.module] not in raw
                                         and blob_of[f.module] not in contents], unreadable, limit):
            blob_of[f.module] = blob
            contents[blob] = data
        stats.read = len(contents)
        fingerprint = names_fingerprint(files)
        same_names = index is not None and index.fingerprint == fingerprint
        built = build_modules(
            files, blob_of, {f.module: f.abspath or "" for f in files}, raw, contents,
            index.entries if index is not None and same_names else {}, cache, jobs, batch,
            lambda again: contents_by_blob(again, limit))
    stats.count(built)
    if built.stale or signatures != known or listing != old_listing:
        write_index(cache, key, trusted(signatures, listing, started), fingerprint, built.entries,
                    built.stale if same_names else None)
    return built.modules, built.problems, roots


def _load_revision(repo: Path, commit: str, subdir: str, selection: Selection, cache: FactsCache,
                   jobs: int | None, stats: LoadStats, limit: int,
                   ) -> tuple[list[Module], list[Problem], tuple[str, ...]]:
    files, roots, refused = list_revision(repo, commit, selection, subdir)
    blob_of = {f.module: f.blob for f in files if f.blob}
    key = index_key("git", repo, subdir, selection, limit)
    index = read_index(cache, key)
    raw = cache.get_many(set(blob_of.values()))
    contents = read_blobs(repo, sorted(set(blob_of.values()) - set(raw)))
    # As from a checkout: too large a file is an empty module with a problem (git had to hand
    # its bytes over; blobs that size are rare in a repository, unlike a symlink to /dev/zero).
    oversized = {blob: len(data) for blob, data in contents.items() if len(data) > limit}
    for f in files:
        size = oversized.get(blob_of[f.module])
        if size is not None:
            refused.append(Problem(f.relpath, 0, too_large(size, limit), "read"))
            blob_of[f.module] = EMPTY_BLOB
            contents[EMPTY_BLOB] = b""
    for blob in oversized:
        del contents[blob]
    stats.read = len(contents)
    # The index from the previous revision read: most modules keep their blob and their resolution.
    fingerprint = names_fingerprint(files)
    same_names = index is not None and index.fingerprint == fingerprint
    with read_facts(dict(contents)) as batch:  # keys: blob ids
        built = build_modules(
            files, blob_of, blob_of, raw, contents,
            index.entries if index is not None and same_names else {}, cache, jobs, batch,
            lambda again: read_blobs(repo, sorted({f.blob for f in again if f.blob})))
    stats.count(built)
    if built.stale:
        write_index(cache, key, None, fingerprint, built.entries,
                    built.stale if same_names else None)
    return built.modules, built.problems + refused, roots


def load_snapshot(source: str | Path, selection: Selection | None = None, *,
                  cache: FactsCache | None = None, jobs: int | None = None,
                  stats: LoadStats | None = None, max_file_size: int = MAX_FILE_SIZE) -> Snapshot:
    """Read a source: a directory path, or ``repo@rev`` (optionally ``repo@rev:subdir``).

    Raises :class:`~archdocs.reading.errors.SourceError` with an actionable message when the
    source itself cannot be read; problems inside it (unparsable or unreadable files, files that
    are not regular files or larger than ``max_file_size`` bytes, symlinks leaving the source) are
    in ``problems``. SIGTERM during the load stops its helper processes before the process ends.
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
