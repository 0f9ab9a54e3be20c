"""Build a :class:`~archdocs.model.Snapshot` from a directory or a git revision.

read (sources) → facts (cache, else parse; two processes on a cold run) → resolve → immutable model.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archdocs.cache import FactsCache, blob_id
from archdocs.model import Module, ModuleFacts, Problem, Snapshot
from archdocs.resolve import Resolver, reexports_of
from archdocs.sources import (
    Selection,
    SourceError,
    SourceFile,
    list_directory,
    list_revision,
    parse_source_spec,
    read_blobs,
    resolve_revision,
)

#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 150


@dataclass
class LoadStats:
    """What a load did: how many files were parsed versus taken from the cache."""

    files: int = 0
    parsed: int = 0
    cached: int = 0
    read: int = 0
    problems: list[Problem] = field(default_factory=list)


def _parse_many(items: Sequence[tuple[str, bytes]]) -> list[tuple[str, tuple[object, ...]]]:
    from archdocs.parse import parse_facts

    return [(blob, parse_facts(data).dump()) for blob, data in items]


def parse_blobs(contents: dict[str, bytes], jobs: int | None) -> dict[str, tuple[object, ...]]:
    """Dumped facts for each blob, in worker processes when there are many."""
    items = sorted(contents.items())
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        return dict(_parse_many(items))
    # Interleave so each worker gets a similar mix of big and small files.
    chunks = [items[i::workers * 4] for i in range(workers * 4)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # only cold runs pay for this import

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return {blob: dump for part in pool.map(_parse_many, chunks) for blob, dump in part}


def _facts_for_directory(files: list[SourceFile], cache: FactsCache, stats: LoadStats,
                         jobs: int | None) -> dict[str, tuple[str, ModuleFacts]]:
    """path → (blob, facts) for files on disk."""
    stat_of: dict[str, os.stat_result] = {}
    for f in files:
        assert f.abspath is not None
        try:
            stat_of[f.abspath] = os.stat(f.abspath)
        except OSError as exc:
            stats.problems.append(Problem(f.relpath, 0, f"cannot read: {exc.strerror}", "read"))
    blob_of = cache.known_blobs(stat_of.items())
    contents: dict[str, bytes] = {}
    for path in stat_of:
        if path in blob_of:
            continue
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            rel = next(f.relpath for f in files if f.abspath == path)
            stats.problems.append(Problem(rel, 0, f"cannot read: {exc.strerror}", "read"))
            continue
        blob_of[path] = blob_id(data)
        contents[blob_of[path]] = data
    stats.read = len(contents)
    facts = cache.get_many(blob_of.values())
    missing_known = [p for p, b in blob_of.items() if b not in facts and b not in contents]
    for path in missing_known:  # indexed, but the facts row is gone: read the file again
        with open(path, "rb") as handle:
            data = handle.read()
        blob_of[path] = blob_id(data)
        contents[blob_of[path]] = data
    to_parse = {b: d for b, d in contents.items() if b not in facts}
    dumped = parse_blobs(to_parse, jobs)
    stats.parsed, stats.cached = len(dumped), len(set(blob_of.values()) & set(facts))
    new_stats = [(p, stat_of[p], b) for p, b in blob_of.items() if p in stat_of]
    cache.put_many(dumped, new_stats)
    facts.update({b: ModuleFacts.load(d) for b, d in dumped.items()})
    return {p: (b, facts[b]) for p, b in blob_of.items() if b in facts}


def _facts_for_revision(repo: Path, files: list[SourceFile], cache: FactsCache, stats: LoadStats,
                        jobs: int | None) -> dict[str, ModuleFacts]:
    blobs = sorted({f.blob for f in files if f.blob})
    facts = cache.get_many(blobs)
    missing = [b for b in blobs if b not in facts]
    contents = read_blobs(repo, missing)
    dumped = parse_blobs(contents, jobs)
    stats.read, stats.parsed, stats.cached = len(contents), len(dumped), len(facts)
    cache.put_many(dumped)
    facts.update({b: ModuleFacts.load(d) for b, d in dumped.items()})
    return facts


def build_snapshot(label: str, roots: tuple[str, ...], entries: list[tuple[SourceFile, str, ModuleFacts]],
                   problems: list[Problem], revision: str | None = None) -> Snapshot:
    """Resolve imports and put facts in place: the one path from facts to model."""
    resolver = Resolver({f.module for f, _, _ in entries})
    problems = list(problems)
    partial: list[tuple[Module, list[tuple[str, str, str]]]] = []
    for source, blob, facts in entries:
        problems.extend(Problem(source.relpath, line, message, "parse") for line, message in facts.problems)
        imports, bindings = resolver.resolve_module(source.module, source.relpath, source.is_package,
                                                    facts, problems)
        partial.append((Module(source.module, source.relpath, source.is_package, blob, facts, imports),
                        bindings))
    by_name = {m.name: m for m, _ in partial}
    modules = []
    for module, bindings in partial:
        reexports = reexports_of(module, bindings, by_name)
        modules.append(Module(module.name, module.path, module.is_package, module.blob, module.facts,
                              module.imports, reexports) if reexports else module)
    modules.sort(key=lambda m: m.name)
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    return Snapshot(label, roots, tuple(modules), tuple(problems), revision)


def load_snapshot(source: str | Path, selection: Selection | None = None, *,
                  cache: FactsCache | None = None, jobs: int | None = None,
                  stats: LoadStats | None = None) -> Snapshot:
    """Read a source: a directory path, or ``repo@rev`` (optionally ``repo@rev:subdir``).

    Raises :class:`~archdocs.sources.SourceError` with an actionable message when the source itself
    cannot be read; problems inside it (unparsable files, unreadable files) are in ``problems``.
    """
    selection = selection or Selection()
    cache = cache or FactsCache(None)
    stats = stats if stats is not None else LoadStats()
    path, rev, subdir = parse_source_spec(str(source))
    if rev is None:
        files, roots, problems, base = list_directory(path, selection)
        stats.problems.extend(problems)
        facts = _facts_for_directory(files, cache, stats, jobs)
        entries = [(f, *facts[f.abspath]) for f in files if f.abspath in facts]
        label, revision = str(source), None
    else:
        if not path.is_dir():
            raise SourceError(f"{path}: no such repository")
        revision = resolve_revision(path, rev)
        files, roots = list_revision(path, revision, selection, subdir)
        by_blob = _facts_for_revision(path, files, cache, stats, jobs)
        entries = [(f, f.blob, by_blob[f.blob]) for f in files if f.blob in by_blob]
        label = f"{path}@{rev}" + (f":{subdir}" if subdir else "")
    stats.files = len(files)
    return build_snapshot(label, roots, entries, stats.problems, revision)


def open_cache(directory: Path | None, warn: Callable[[str], None] | None = None) -> FactsCache:
    return FactsCache(directory, warn)
