"""A source's modules with resolved imports, from its files' facts and the previous run's index."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archdocs.model import Module, Problem
from archdocs.reading._index import IndexEntry, decode_imports, decode_reexports
from archdocs.reading.cache import FactsCache
from archdocs.reading.fast.facts import read_facts
from archdocs.reading.sources import SourceFile

if TYPE_CHECKING:  # what resolving takes is imported when a module is to be resolved: a warm
    # run whose files are unchanged resolves none (a few ms of its start-up)
    from archdocs.reading._resolve import Resolver
    from archdocs.reading._units import Result, Unit
    from archdocs.reading.fast.facts import Reader


@dataclass(frozen=True)
class Built:
    """What :func:`build_modules` made, and what it took."""

    modules: list[Module]  #: in the order of the files
    problems: list[Problem]
    entries: dict[str, IndexEntry]  #: every module's, for the index
    stale: set[str]  #: modules resolved again (their index entries changed)
    parsed: int  #: files read (facts not in the cache)
    cached: int  #: blobs whose facts came from the cache
    resolved: int  #: modules resolved (the rest kept their index entry)


def _stale(files: list[SourceFile], blob_of: dict[str, str], reuse: dict[str, IndexEntry],
           ) -> set[str]:
    """Modules to resolve again: new or changed blobs, and (transitively) their star-importers."""
    changed = {f.module for f in files
               if f.module not in reuse or reuse[f.module].blob != blob_of[f.module]}
    star_importers: dict[str, list[str]] = {}
    for name, entry in reuse.items():
        for source in entry.stars:
            star_importers.setdefault(source, []).append(name)
    queue = list(changed)
    while queue:
        for importer in star_importers.get(queue.pop(), ()):
            if importer not in changed:
                changed.add(importer)
                queue.append(importer)
    return changed


def _run(batch: read_facts, units: list[Unit], resolver: Resolver, jobs: int | None,
         ) -> list[Result]:
    """The units' results, their files read as the batch says (a file ruff rejects: again)."""
    from archdocs.reading._pool import run_units

    results: dict[str, Result] = {}

    def work(reader: Reader, only: Collection[str] | None) -> set[str]:
        todo = units if only is None else [u for u in units if u.key in only]
        results.update((r.name, r) for r in run_units(todo, resolver, reader, jobs))
        return {u.key for u in todo if results[u.name].read is not None}

    batch.run(work)
    return list(results.values())


def build_modules(files: list[SourceFile], blob_of: dict[str, str], key_of: dict[str, str],
                  raw: dict[str, bytes], contents: dict[str, bytes],
                  reuse: dict[str, IndexEntry], cache: FactsCache, jobs: int | None,
                  batch: read_facts, read: Callable[[list[SourceFile]], dict[str, bytes]],
                  ) -> Built:
    """Modules with resolved imports, reusing index entries of unchanged modules (``reuse`` must
    come from a tree with the same module names). ``raw`` holds cached facts by blob, ``contents``
    the bytes of the other files, ``batch`` reads them (``key_of``: each module's key in it);
    ``read`` fetches the bytes of files whose cached facts turn out damaged."""
    stale = _stale(files, blob_of, reuse)
    stale.update(f.module for f in files if blob_of[f.module] not in raw)

    def unit(f: SourceFile, data: bytes | None, cached: bytes | None) -> Unit:
        from archdocs.reading._units import Unit

        return Unit(f.module, f.relpath, f.is_package, blob_of[f.module], key_of[f.module], data,
                    cached)

    units = [unit(f, contents.get(blob_of[f.module]), raw.get(blob_of[f.module]))
             for f in files if f.module in stale]
    results: list[Result] = []
    if units:  # a warm run resolves nothing: no resolver is built
        from archdocs.reading._resolve import Resolver

        resolver = Resolver({f.module for f in files})
        results = _run(batch, units, resolver, jobs)
    damaged = {r.name for r in results if r.entry is None}
    if damaged:
        again = [f for f in files if f.module in damaged]
        data = read(again)
        retry = [unit(f, data.get(blob_of[f.module]), None) for f in again]
        with read_facts({u.key: u.data for u in retry if u.data is not None}) as second:
            results = [r for r in results if r.entry is not None] + _run(second, retry, resolver, 1)
    parsed = {r.entry.blob: r.read for r in results if r.read is not None and r.entry}
    cache.put_many(parsed)
    raw.update(parsed)
    entries = {f.module: reuse[f.module] for f in files if f.module not in stale}
    entries.update((r.name, r.entry) for r in results if r.entry is not None)
    facts = cache.encoded(raw)
    modules: dict[str, Module] = {}
    for f in files:
        blob, imports, reexports, _, _ = entries[f.module]
        modules[f.module] = Module(f.module, f.relpath, f.is_package, blob, facts[blob],
                                   decode_imports(f.module, imports), decode_reexports(reexports))
    _complete_stars(modules, entries, results)
    paths = {f.module: f.relpath for f in files}
    problems = [Problem(paths[name], line, message, code)
                for name, entry in entries.items() for line, message, code in entry.problems]
    return Built([modules[f.module] for f in files], problems, entries, stale, len(parsed),
                 len(set(blob_of.values()) - set(parsed)), len(units))


def _complete_stars(modules: dict[str, Module], entries: dict[str, IndexEntry],
                    results: list[Result]) -> None:
    """A module that star-imports re-exports the public names of the source modules, which its
    own unit could not see: completed here, now that every module is known."""
    for result in results:
        if result.stars is None or result.entry is None:
            continue
        from archdocs.reading._resolve import reexports_of

        module = modules[result.name]
        reexports = reexports_of(module, result.stars, modules)
        modules[result.name] = Module(module.name, module.path, module.is_package, module.blob,
                                      module.facts_source, module.imports, reexports)
        entries[result.name] = result.entry._replace(
            reexports=tuple(tuple(r) for r in reexports))
