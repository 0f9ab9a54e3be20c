"""A unit of work: one module to read (when the cache lacks its facts) and resolve."""

from __future__ import annotations

from dataclasses import dataclass

from archdocs.model import Module, Problem
from archdocs.reading._index import IndexEntry, encode_imports
from archdocs.reading._resolve import Resolver, reexports_of
from archdocs.reading.cache import decode_facts, encode_facts
from archdocs.reading.fast.facts import Reader

#: What binds a name by importing it: (bound name, source module, name in it; ``*`` for a star).
Binding = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Unit:
    name: str  #: the module
    relpath: str
    is_package: bool
    blob: str
    key: str  #: the file's key in its batch (see :func:`archdocs.reading.fast.facts.read_facts`)
    data: bytes | None  #: the file's bytes, when they were read
    cached: bytes | None  #: its encoded facts, when the cache has them


@dataclass(frozen=True, slots=True)
class Result:
    name: str  #: the module
    read: bytes | None  #: its encoded facts, when its file was read by this unit
    #: its resolution; None when the cached facts were damaged and the file was not read
    entry: IndexEntry | None
    #: what it binds by importing, when it star-imports: completed with the other modules' names
    stars: list[Binding] | None


def resolve_units(units: list[Unit], resolver: Resolver, reader: Reader) -> list[Result]:
    """Read (when the cache has no facts, or damaged ones) and resolve modules; runs in worker
    processes on a cold run."""
    out: list[Result] = []
    for unit in units:
        read = None
        facts = decode_facts(unit.cached) if unit.cached is not None else None
        if facts is None:
            if unit.data is None:  # damaged cached facts, and the caller has not read the file
                out.append(Result(unit.name, None, None, None))
                continue
            facts = reader(unit.data)
            read = encode_facts(facts)
        problems = [Problem(unit.relpath, line, message, "parse")
                    for line, message in facts.problems]
        imports, bindings = resolver.resolve_module(unit.name, unit.relpath, unit.is_package, facts,
                                                    problems)
        module = Module(unit.name, unit.relpath, unit.is_package, unit.blob, facts, imports)
        # Star re-exports need the other modules' names: completed by the caller.
        reexports = reexports_of(module, bindings, {})
        stars = tuple(sorted({source for _, source, source_name in bindings if source_name == "*"}))
        entry = IndexEntry(unit.blob, encode_imports(imports), tuple(tuple(r) for r in reexports),
                           stars, tuple((p.line, p.message, p.code) for p in problems))
        out.append(Result(unit.name, read, entry, bindings if stars else None))
    return out
