"""Check a migration map against the code it describes, and merge declared with inferred maps.

A handwritten guide goes wrong in three ways, and each is caught here at the TOML line: a new
import that does not exist, an "old" path whose name is in fact still defined there (the move was
never made), and a move the code shows going somewhere else (a disagreement with the inferred map).
"""

from __future__ import annotations

from dataclasses import replace

from archdocs.analysis.migrations.declared import line_of
from archdocs.analysis.migrations.model import Entry, ImportPath, MigrationMap
from archdocs.analysis.migrations.names import BOUND, DEFINED, Api
from archdocs.analysis.migrations.release import Release
from archdocs.analysis.migrations.shims import alias_status, shim_of
from archdocs.model import Problem, Snapshot


def _problem(entry: Entry, message: str, code: str = "migrations") -> Problem:
    path, line = line_of(entry) if entry.where else ("", 0)
    return Problem(path, line, message, code)


def resolves(api: Api, path: ImportPath) -> bool:
    """True when the import works at the snapshot; a path into another distribution
    (``markupsafe:Markup`` for flask's old re-export) is taken as written: not ours to read."""
    if not api.ours(path.module):
        return True
    if not path.name:
        return api.exists(path.module) or api.snapshot.is_package_name(path.module)
    return api.resolve(path.module, path.name) is not None


def _status(api: Api, entry: Entry) -> tuple[str, Problem | None]:
    """Status of the old path at the snapshot, or a problem when it is still real code there."""
    snapshot = api.snapshot
    old = entry.old
    module = snapshot.get(old.module)
    if not old.name:
        if module is None and old.module in api.compiled:
            return "works", _problem(entry, f"{old.module} is still a compiled module in "
                                     f"{snapshot.label}: the move is not done, or `old` is wrong")
        if module is None:
            return "removed", None
        shim = shim_of(module)
        if shim is None and not module.is_package:
            return "works", _problem(entry, f"{old.module} is still a module with its own code in "
                                     f"{snapshot.label}: the move is not done, or `old` is wrong")
        return ("deprecated" if shim and shim.warns else "works"), None
    found = api.resolve(old.module, old.name)
    if found is None:
        return "removed", None
    if found.via in (DEFINED, BOUND) and found.origin == old:
        return "works", _problem(entry, f"{old.dotted} is still defined in {old.module} "
                                 f"({module.path if module else snapshot.label}): nothing moved")
    return alias_status(module, found, old.name), None


def verify_map(declared: MigrationMap,
               target: Snapshot | Release) -> tuple[MigrationMap, list[Problem]]:
    """The map with each entry's status at ``target``, and a problem for every new path that does
    not resolve there and every old path that is still defined there."""
    api = target.api() if isinstance(target, Release) else Api(target)
    snapshot = api.snapshot
    problems: list[Problem] = []
    checked: list[Entry] = []
    for entry in declared.entries:
        for new in entry.new:
            if not resolves(api, new):
                problems.append(_problem(entry, f"new path {new.dotted} does not exist in "
                                         f"{snapshot.label}{_hint(api, new)}"))
        status, problem = _status(api, entry)
        if problem is not None:
            problems.append(problem)
        checked.append(replace(entry, status=status))
    return MigrationMap(tuple(checked), declared.label), problems


def _hint(api: Api, path: ImportPath) -> str:
    """Where a name that is not at ``path`` does exist (the usual typo: the wrong module)."""
    if not path.name:
        return ""
    homes = sorted(m.name for m in api.snapshot.modules
                   if path.name in {d.qualname for d in m.facts.definitions})
    return f"; {path.name} is defined in {', '.join(homes[:3])}" if homes else \
        f"; no module defines {path.name}"


def merge_maps(declared: MigrationMap,
               inferred: MigrationMap) -> tuple[MigrationMap, list[Problem]]:
    """One map: declared entries win (people choose the import to recommend); inferred entries fill
    the gaps. Every old path where they disagree on the new one is a problem at the declared
    line."""
    problems: list[Problem] = []
    merged: dict[ImportPath, Entry] = {e.old: e for e in inferred.entries}
    for entry in declared.entries:
        found = merged.get(entry.old)
        if found is None:
            merged[entry.old] = entry
            continue
        if set(found.new) != set(entry.new) and not _same_place(found, entry):
            said = ", ".join(p.dotted for p in entry.new) or "removed"
            seen = ", ".join(p.dotted for p in found.new) or "removed"
            problems.append(_problem(entry, f"{entry.old.dotted}: declared → {said}, but the code "
                                     f"shows → {seen}", "migrations-disagree"))
        merged[entry.old] = replace(entry, status=entry.status or found.status,
                                    origin="declared+inferred")
    label = " + ".join(filter(None, (declared.label, inferred.label)))
    return MigrationMap(tuple(merged.values()), label, (*declared.notes, *inferred.notes)), problems


def _same_place(inferred: Entry, declared: Entry) -> bool:
    """A declared defining module and the inferred public package path name the same thing when
    the package re-exports the name (``pkg.sub.mod:X`` versus ``pkg.sub:X``)."""
    if len(inferred.new) != 1 or len(declared.new) != 1:
        return False
    a, b = inferred.new[0], declared.new[0]
    return a.name == b.name and (b.module.startswith(a.module + ".")
                                 or a.module.startswith(b.module + "."))
