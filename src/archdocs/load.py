"""Build a :class:`~archdocs.model.Snapshot` from a directory or a git revision.

read (sources) → facts (cache, else parse; worker processes on a cold run) → resolve → immutable model.

What makes warm runs cheap: per source, the cache keeps an index of each file's stat signature and
each module's resolved imports. A file whose stat is unchanged is not read; a module whose blob is
unchanged, in a tree whose module names are unchanged, is not resolved again (resolution depends only
on the module's own bytes, its name, the set of names, and the modules it star-imports); facts stay
encoded until something reads them.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archdocs.cache import FACTS_VERSION, FactsCache, blob_id
from archdocs.model import (
    Module,
    ModuleFacts,
    Problem,
    Reexport,
    Snapshot,
    dump_imports,
    load_imports,
)
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
    """What a load did: files parsed versus taken from the cache, modules resolved again."""

    files: int = 0
    parsed: int = 0
    cached: int = 0
    read: int = 0
    resolved: int = 0
    problems: list[Problem] = field(default_factory=list)


def _parse_many(items: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    from archdocs.parse import parse_facts

    return [(blob, marshal.dumps(parse_facts(data).dump())) for blob, data in items]


def parse_blobs(contents: dict[str, bytes], jobs: int | None) -> dict[str, bytes]:
    """Marshalled facts for each blob, in worker processes when there are many."""
    if not contents:
        return {}  # a warm run: not even the parser is imported
    items = sorted(contents.items())
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        return dict(_parse_many(items))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # only cold runs pay for this import

    # Interleave so each worker gets a similar mix of big and small files.
    chunks = [items[i::workers * 4] for i in range(workers * 4)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return {blob: data for part in pool.map(_parse_many, chunks) for blob, data in part}


# An index entry per module: (blob, imports, reexports, star sources, problems as (line, msg, code)).
_Entry = tuple[str, tuple[Any, ...], tuple[Any, ...], tuple[str, ...], tuple[Any, ...]]


def _names_fingerprint(files: list[SourceFile]) -> str:
    text = "\n".join(f"{f.module}:{int(f.is_package)}" for f in files)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _stale(files: list[SourceFile], blob_of: dict[str, str], reuse: dict[str, _Entry]) -> set[str]:
    """Modules to resolve again: new or changed blobs, and (transitively) their star-importers."""
    changed = {f.module for f in files if f.module not in reuse or reuse[f.module][0] != blob_of[f.module]}
    while True:
        more = {n for n, e in reuse.items() if n not in changed and changed.intersection(e[3])}
        if not more:
            return changed
        changed |= more


def build_modules(files: list[SourceFile], blob_of: dict[str, str], raw: dict[str, bytes],
                  previous: tuple[str, dict[str, _Entry]] | None,
                  stats: LoadStats) -> tuple[list[Module], list[Problem], dict[str, _Entry]]:
    """Modules with resolved imports, reusing ``previous`` index entries that are still valid."""
    fingerprint = _names_fingerprint(files)
    reuse = previous[1] if previous and previous[0] == fingerprint else {}
    stale = _stale(files, blob_of, reuse)
    resolver = Resolver({f.module for f in files}) if stale else None
    modules: dict[str, Module] = {}
    fresh: dict[str, tuple[SourceFile, list[tuple[str, str, str]], list[Problem]]] = {}
    entries: dict[str, _Entry] = {}
    for f in files:
        blob = blob_of[f.module]
        if f.module not in stale:
            entry = reuse[f.module]
            modules[f.module] = Module(f.module, f.relpath, f.is_package, blob, raw[blob],
                                       load_imports(f.module, entry[1]),
                                       tuple(Reexport(*r) for r in entry[2]))
            entries[f.module] = entry
            continue
        assert resolver is not None
        facts = ModuleFacts.load(marshal.loads(raw[blob]))
        problems = [Problem(f.relpath, line, message, "parse") for line, message in facts.problems]
        imports, bindings = resolver.resolve_module(f.module, f.relpath, f.is_package, facts, problems)
        modules[f.module] = Module(f.module, f.relpath, f.is_package, blob, facts, imports)
        fresh[f.module] = (f, bindings, problems)
    stats.resolved = len(fresh)
    for name, (f, bindings, problems) in fresh.items():
        module = modules[name]
        reexports = reexports_of(module, bindings, modules)
        if reexports:
            module = modules[name] = Module(name, f.relpath, f.is_package, module.blob,
                                            module.facts_source, module.imports, reexports)
        stars = tuple(sorted({source for _, source, source_name in bindings if source_name == "*"}))
        entries[name] = (module.blob, dump_imports(module.imports),
                         tuple((r.name, r.source_module, r.source_name) for r in reexports), stars,
                         tuple((p.line, p.message, p.code) for p in problems))
    paths = {f.module: f.relpath for f in files}
    problems = [Problem(paths[name], line, message, code)
                for name, entry in entries.items() for line, message, code in entry[4]]
    return [modules[f.module] for f in files], problems, entries


def _read_index(cache: FactsCache, key: str) -> tuple[Any, ...] | None:
    data = cache.get_index(key)
    if data is None:
        return None
    try:
        return marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None  # damaged: rebuilt below


def _index_key(kind: str, where: Path, subdir: str, selection: Selection) -> str:
    text = f"{FACTS_VERSION}|{kind}|{where.resolve()}|{subdir}|{selection!r}"
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _complete_facts(raw: dict[str, bytes], contents: dict[str, bytes], blobs: set[str],
                   cache: FactsCache, jobs: int | None, stats: LoadStats) -> None:
    """Parse (and cache) the blobs whose facts the cache did not have; ``raw`` gets them all."""
    parsed = parse_blobs({b: contents[b] for b in blobs if b not in raw}, jobs)
    cache.put_many(parsed)
    stats.read, stats.parsed, stats.cached = len(contents), len(parsed), len(raw)
    raw.update(parsed)


def _load_directory(path: Path, selection: Selection, cache: FactsCache, jobs: int | None,
                    stats: LoadStats) -> tuple[list[Module], list[Problem], tuple[str, ...]]:
    files, roots, problems, _ = list_directory(path, selection)
    stats.problems.extend(problems)
    key = _index_key("dir", path, "", selection)
    index = _read_index(cache, key)
    known: dict[str, tuple[int, int, int, str]] = index[0] if index else {}
    signatures: dict[str, tuple[int, int, int, str]] = {}
    contents: dict[str, bytes] = {}
    readable = []
    for f in files:
        assert f.abspath is not None
        try:
            st = os.stat(f.abspath)
            old = known.get(f.abspath)
            if old and old[:3] == (st.st_mtime_ns, st.st_size, st.st_ino):
                signatures[f.abspath] = old
            else:
                with open(f.abspath, "rb") as handle:
                    data = handle.read()
                blob = blob_id(data)
                contents[blob] = data
                signatures[f.abspath] = (st.st_mtime_ns, st.st_size, st.st_ino, blob)
            readable.append(f)
        except OSError as exc:
            stats.problems.append(Problem(f.relpath, 0, f"cannot read: {exc.strerror or exc}", "read"))
    blob_of = {f.module: signatures[f.abspath][3] for f in readable}  # type: ignore[index]
    raw = cache.get_many(set(blob_of.values()))
    for f in readable:  # indexed but its facts row is gone (e.g. another tool's cache): read again
        blob = blob_of[f.module]
        if blob not in raw and blob not in contents:
            with open(f.abspath, "rb") as handle:  # type: ignore[arg-type]
                contents[blob] = handle.read()
    _complete_facts(raw, contents, set(blob_of.values()), cache, jobs, stats)
    modules, module_problems, entries = build_modules(
        readable, blob_of, raw, (index[1], index[2]) if index else None, stats)
    if stats.resolved or signatures != known:
        cache.put_index(key, marshal.dumps((signatures, _names_fingerprint(readable), entries)))
    return modules, module_problems, roots


def _load_revision(repo: Path, commit: str, subdir: str, selection: Selection, cache: FactsCache,
                   jobs: int | None, stats: LoadStats) -> tuple[list[Module], list[Problem], tuple[str, ...]]:
    files, roots = list_revision(repo, commit, selection, subdir)
    blob_of = {f.module: f.blob for f in files if f.blob}
    key = _index_key("git", repo, subdir, selection)
    index = _read_index(cache, key)
    raw = cache.get_many(set(blob_of.values()))
    contents = read_blobs(repo, sorted(set(blob_of.values()) - set(raw)))
    _complete_facts(raw, contents, set(blob_of.values()), cache, jobs, stats)
    # The index from the previous revision read: most modules keep their blob and their resolution.
    modules, problems, entries = build_modules(files, blob_of, raw, index, stats)  # type: ignore[arg-type]
    if stats.resolved:
        cache.put_index(key, marshal.dumps((_names_fingerprint(files), entries)))
    return modules, problems, roots


def load_snapshot(source: str | Path, selection: Selection | None = None, *,
                  cache: FactsCache | None = None, jobs: int | None = None,
                  stats: LoadStats | None = None) -> Snapshot:
    """Read a source: a directory path, or ``repo@rev`` (optionally ``repo@rev:subdir``).

    Raises :class:`~archdocs.sources.SourceError` with an actionable message when the source itself
    cannot be read; problems inside it (unparsable or unreadable files) are in ``problems``.
    """
    selection = selection or Selection()
    cache = cache or FactsCache(None)
    stats = stats if stats is not None else LoadStats()
    path, rev, subdir = parse_source_spec(str(source))
    if rev is None:
        modules, problems, roots = _load_directory(path, selection, cache, jobs, stats)
        label, revision = str(source), None
    else:
        if not path.is_dir():
            raise SourceError(f"{path}: no such repository")
        revision = resolve_revision(path, rev)
        modules, problems, roots = _load_revision(path, revision, subdir, selection, cache, jobs, stats)
        label = f"{path}@{rev}" + (f":{subdir}" if subdir else "")
    stats.files = len(modules)
    all_problems = sorted([*stats.problems, *problems], key=lambda p: (p.path, p.line, p.message))
    modules.sort(key=lambda m: m.name)
    return Snapshot(label, roots, tuple(modules), tuple(all_problems), revision)
