"""The one reader of archdocs' TOML files: a file checked against its layout
(:mod:`archdocs.config.schema`), every mistake a :class:`~archdocs.model.Problem` at its line.

It checks shape (a table where a table belongs, an array of tables where entries belong), names
(an unknown key is a problem: a misspelt key must not read as a value left at its default) and
each value's type. What a value means (a module path that must exist, a move that needs both
ends) is for the table's own reader, which gets an :class:`Entry` per table.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from archdocs.config.schema import Table
from archdocs.config.tomlfile import TomlFile
from archdocs.model import Problem


@dataclass(frozen=True)
class Entry:
    """One table of a file (or one entry of an array of tables), checked."""

    toml: TomlFile
    table: Table
    index: int  #: of the entry in its array of tables (counted over the file), -1 for a table
    data: dict[str, Any]  #: as written
    #: the values the file sets that passed their check (a bad one is a problem, and left out)
    values: dict[str, Any] = field(default_factory=dict)
    #: entries of the tables nested in it, by their short name (a plain table: one entry)
    tables: dict[str, tuple[Entry, ...]] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        """The value of ``key``: the file's, or the schema's default."""
        return self.values[key] if key in self.values else self.table.key(key).default

    def entries(self, name: str) -> tuple[Entry, ...]:
        return self.tables.get(name, ())

    def line_of(self, key: str = "") -> int:
        """Line of ``key`` (of the table's header for "", or when the key is not written)."""
        return self.toml.line_of(self.table.name, self.index, key)

    def problem(self, message: str, key: str = "") -> Problem:
        return Problem(self.toml.path, self.line_of(key), message, "config")


def read(toml: TomlFile, layout: Table, problems: list[Problem],
         only: Collection[str] | None = None) -> Entry:
    """The whole file ``toml``, checked against ``layout`` (a table named ""); its mistakes go
    to ``problems``. ``only``: the top-level tables whose keys are read (the others are only
    checked to be tables: their keys belong to another reader of the same file)."""
    return _entry(toml, layout, -1, toml.data, problems, {}, only)


def _entry(toml: TomlFile, table: Table, index: int, data: dict[str, Any],
           problems: list[Problem], counts: dict[str, int],
           only: Collection[str] | None) -> Entry:
    """``data`` checked as ``table``; ``counts``: entries of each array of tables so far."""
    entry = Entry(toml, table, index, data)
    names = table.allowed
    for name in data:
        if name not in names and not table.open:
            problems.append(Problem(toml.path, _line_of_name(entry, name),
                                    _unknown(table, name, names), "config"))
    for key in table.keys:
        if key.name not in data:
            continue
        value = data[key.name]
        allowed = key.check(value)
        if allowed is None:
            entry.values[key.name] = value
        elif table.goes_on:
            problems.append(entry.problem(f"{table.header} {key.name} = {value!r} is not allowed: "
                                          f"expected {allowed}; ignored", key.name))
        else:
            problems.append(entry.problem(f"{table.header} {key.name} must be {allowed}",
                                          key.name))
    for child in table.tables:
        value = data.get(child.short)
        line = _line_of_name(entry, child.short)
        read_keys = only is None or bool(table.name) or child.name in only
        found: list[Entry] = []
        if child.array:
            for item in toml.tables(child.name, value, problems, line):
                at = counts[child.name] = counts.get(child.name, -1) + 1
                found.append(_entry(toml, child, at, item, problems, counts, None) if read_keys
                             else Entry(toml, child, at, item))
        elif isinstance(value, dict | None):
            found.append(_entry(toml, child, -1, value or {}, problems, counts, None)
                         if read_keys else Entry(toml, child, -1, value or {}))
        else:
            problems.append(Problem(toml.path, line, f"{child.name} must be a table "
                                    f"([{child.name}]), not {value!r}", "config"))
        entry.tables[child.short] = tuple(found)
    return entry


def _line_of_name(entry: Entry, name: str) -> int:
    """Line of ``name`` in ``entry``: as a table header (``[name]``), else as a key."""
    full = f"{entry.table.name}.{name}" if entry.table.name else name
    return entry.toml.line_of(full) if (full, -1, "") in entry.toml.lines \
        else entry.line_of(name)


def _unknown(table: Table, key: str, names: tuple[str, ...]) -> str:
    allowed = ", ".join(names)
    if not table.name:
        return table.unknown.format(key=key, allowed=allowed)
    if table.array:
        return f"unknown key {key!r} in {table.header}; allowed: {allowed}"
    return f"{table.header} unknown key {key!r}; allowed: {allowed}"
