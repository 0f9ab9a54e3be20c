"""The declared migration map: a TOML file under ``conf/`` that people write and review.

```toml
[[migration]]                       # a module moved: dotted paths
old = "pkg.old_module"
new = "pkg.new.module"
since = "2.0"                       # optional: a version or date, shown in the table

[[migration]]                       # a name moved or was renamed: module:name (as LibCST spells it)
old = "pkg.old_module:OldName"
new = "pkg:NewName"

[[migration]]                       # a module split in several
old = "pkg.config"
new = ["pkg.config.models", "pkg.config.validation"]

[[migration]]                       # removed, with the reason and no replacement
old = "pkg.util:helper"
reason = "use the standard library"

[[migration]]                       # removed, with something else to use instead
old = "pkg.util:old_api"
new = "pkg.api:new_api"
change = "removed"
```

The kind of change is read from the entry (several new paths: split; none: removed; another name:
renamed; else moved) unless ``change`` says it. Every mistake is a
:class:`~archdocs.model.Problem` at the TOML line.
"""

from __future__ import annotations

import re
from pathlib import Path

from archdocs.analysis.migrations.model import CHANGES, Entry, ImportPath, MigrationMap
from archdocs.config.reader import read
from archdocs.config.schema import MIGRATION, MIGRATIONS_FILE
from archdocs.config.tomlfile import TomlError, TomlFile
from archdocs.model import Problem

TABLE = MIGRATION.name
_SPEC = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*)?$")


def _path(toml: TomlFile, index: int, key: str, value: object,
          problems: list[Problem]) -> ImportPath | None:
    if not isinstance(value, str) or not _SPEC.match(value.strip()):
        problems.append(toml.problem(
            f"{TABLE} {key} = {value!r}: expected a dotted module path (pkg.mod) or pkg.mod:Name",
            TABLE, index, key))
        return None
    return ImportPath.parse(value)


def _change(old: ImportPath, new: tuple[ImportPath, ...]) -> str:
    if not new:
        return "removed"
    if len(new) > 1:
        return "split"
    return "renamed" if old.name and new[0].name != old.name else "moved"


def read_declared(path: str | Path | TomlFile) -> tuple[MigrationMap, list[Problem]]:
    """The entries of a declared map, and every problem with the file (located at its line).
    A command line reads the file first (a file it cannot use at all is a usage error) and
    passes the :class:`TomlFile`."""
    if isinstance(path, TomlFile):
        toml = path
    else:
        try:
            toml = TomlFile.read(path)
        except TomlError as exc:
            return MigrationMap(label=str(path)), [exc.problem]
    problems: list[Problem] = []
    entries: dict[ImportPath, Entry] = {}
    for found in read(toml, MIGRATIONS_FILE, problems).entries(TABLE):
        index, item = found.index, found.data
        where = f"{toml.path}:{found.line_of('old')}"
        if "old" not in item:
            problems.append(toml.problem(f"[[{TABLE}]] without `old`: say which path changed",
                                         TABLE, index))
            continue
        old = _path(toml, index, "old", item["old"], problems)
        raw_new = item.get("new", [])
        new_values = raw_new if isinstance(raw_new, list) else [raw_new]
        new = tuple(p for v in new_values
                    if (p := _path(toml, index, "new", v, problems)) is not None)
        if old is None or len(new) != len(new_values):
            continue
        if any(p.name for p in new) and not old.name:
            problems.append(toml.problem(
                f"old {old.spec!r} is a module but new names a class or function; write "
                f"old = \"{old.module}:Name\" for a name", TABLE, index, "new"))
            continue
        if old.name and any(not p.name for p in new):
            problems.append(toml.problem(
                f"old {old.spec!r} is a name but new names a module; write new = "
                f"\"{new[0].module}:{old.name}\" (module:Name)", TABLE, index, "new"))
            continue
        if old in entries:
            problems.append(toml.problem(f"{old.spec} is declared twice (first at "
                                         f"{entries[old].where})", TABLE, index, "old"))
            continue
        change = item.get("change", _change(old, new))
        if change not in CHANGES:
            problems.append(toml.problem(f"change = {change!r}: use one of {', '.join(CHANGES)}",
                                         TABLE, index, "change"))
            continue
        entries[old] = Entry(old, new, change, "", str(found.get("since")),
                             str(found.get("reason")), "declared", where)
    return MigrationMap(tuple(entries.values()), toml.path), problems


def line_of(entry: Entry) -> tuple[str, int]:
    """``(path, line)`` of a declared entry."""
    path, _, line = entry.where.rpartition(":")
    return path, int(line or 0)
