"""The migration map: which import path became which, and whether the old one still works.

One map feeds every consumer (docs table, CLI tables, ruff config, codemod, deprecated-use check),
so the types here carry exactly what they all need and nothing renderer-specific.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

#: What happened to an old path.
CHANGES = ("moved", "renamed", "split", "removed")
#: Whether the old path still imports at the target: through a shim that warns, silently, or not at
#: all.
STATUSES = ("deprecated", "works", "removed")


@dataclass(frozen=True, order=True)
class ImportPath:
    """A module (``name == ""``) or a name inside a module: what an import statement names."""

    module: str
    name: str = ""

    @classmethod
    def parse(cls, text: str) -> ImportPath:
        """``pkg.mod`` (a module) or ``pkg.mod:Name`` (a name in it), the LibCST/entry-point
        spelling."""
        module, _, name = text.strip().partition(":")
        return cls(module.strip(), name.strip())

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.name}" if self.name else self.module

    @property
    def spec(self) -> str:
        """The form :meth:`parse` reads back."""
        return f"{self.module}:{self.name}" if self.name else self.module

    @property
    def statement(self) -> str:
        """The import a user writes."""
        if self.name:
            return f"from {self.module} import {self.name}"
        parent, _, last = self.module.rpartition(".")
        return f"from {parent} import {last}" if parent else f"import {self.module}"


@dataclass(frozen=True)
class Entry:
    """One old path and what to write instead."""

    old: ImportPath
    new: tuple[ImportPath, ...]  #: empty when removed without replacement; several for a split
    change: str  #: one of :data:`CHANGES`
    status: str = ""  #: one of :data:`STATUSES`; "" when not checked against code
    since: str = ""
    reason: str = ""
    origin: str = "inferred"  #: "declared", "inferred" or "declared+inferred"
    where: str = ""  #: ``file:line`` of a declared entry

    @property
    def kind(self) -> str:
        return "name" if self.old.name else "module"

    @property
    def status_text(self) -> str:
        """The table's status cell (the table has its own "since" column)."""
        return {
            "deprecated": "old path still works (deprecated)",
            "works": "old path still works (re-exported)",
            "removed": "old path removed",
        }.get(self.status, "not checked")

    @property
    def state(self) -> str:
        """The status in a sentence about one use of the old path (messages, warnings)."""
        since = f" since {self.since}" if self.since else ""
        return {"deprecated": f"deprecated{since}",
                "works": f"moved{since} (the old path still works)",
                "removed": f"removed{since}"}.get(self.status, f"{self.change}{since}")

    @property
    def replacement(self) -> str:
        """One line a user can act on: the import(s) to write instead."""
        if not self.new:
            return "no replacement" + (f" ({self.reason})" if self.reason else "")
        return "; ".join(p.statement for p in self.new)


class MapCycleError(ValueError):
    """Entries that lead back to each other (``a → b, b → a``): a rewrite by them is never final."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        loop = " → ".join([*(e.old.spec for e in entries), entries[0].old.spec])
        where = ", ".join(e.where for e in entries if e.where)
        super().__init__(f"the migration map has a cycle: {loop}" + (f" ({where})" if where else "")
                         + "; one of these entries is wrong")


@dataclass(frozen=True)
class MigrationMap:
    """Entries sorted by old path; lookups by old module and by old ``(module, name)``."""

    entries: tuple[Entry, ...] = ()
    label: str = ""  #: where the map came from, for titles
    #: what the map leaves out and how to include it (private modules skipped), for every output
    notes: tuple[str, ...] = ()
    _by_old: dict[ImportPath, Entry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.entries, key=lambda e: (e.old.module, e.old.name)))
        object.__setattr__(self, "entries", ordered)
        object.__setattr__(self, "_by_old", {e.old: e for e in ordered})

    def get(self, old: ImportPath) -> Entry | None:
        return self._by_old.get(old)

    def __len__(self) -> int:
        return len(self.entries)

    def modules(self) -> dict[str, Entry]:
        return {e.old.module: e for e in self.entries if not e.old.name}

    def names(self) -> dict[tuple[str, str], Entry]:
        return {(e.old.module, e.old.name): e for e in self.entries if e.old.name}

    def lookup(self, module: str, name: str = "") -> Entry | None:
        """The entry for ``module.name`` (or the module), or for an old parent module that moved
        as a whole (``a.old.sub`` when ``a.old`` moved)."""
        found = self._by_old.get(ImportPath(module, name))
        if found is not None:
            return found
        probe = module
        while probe:
            entry = self._by_old.get(ImportPath(probe))
            if entry is not None and entry.change != "removed":
                return entry
            probe = probe.rpartition(".")[0]
        return None

    def step(self, path: ImportPath) -> tuple[ImportPath, Entry] | None:
        """Where one rewrite sends ``path``, and the entry that sends it; None when the map leaves
        it as it is (not listed, removed, or split into several new paths). A name goes where its
        own entry says, else where its module goes; a module below an old module that moved goes
        along with it, unless it already sits below that move's new path (``a → a.core``)."""
        if path.name:
            entry = self.get(path)
            if entry is not None:
                moved = len(entry.new) == 1 and entry.new[0].name
                return (entry.new[0], entry) if moved else None
            found = self.step(ImportPath(path.module))
            return (ImportPath(found[0].module, path.name), found[1]) if found else None
        entry = self.lookup(path.module)
        if entry is None or len(entry.new) != 1 or entry.change == "removed":
            return None
        new = entry.new[0].module
        if entry.old.module != path.module and (path.module + ".").startswith(new + "."):
            return None
        return ImportPath(new + path.module[len(entry.old.module):]), entry

    def final(self, path: ImportPath) -> ImportPath | None:
        """Where ``path`` ends after following every step (``a → b, b → c``: ``c``), so that one
        rewrite is the last; None when no step applies. :class:`MapCycleError` when the steps use
        an entry twice (``a → b, b → a``: no rewrite could ever be final)."""
        used: list[Entry] = []
        found = None
        while (next_step := self.step(path)) is not None:
            path, entry = next_step
            if entry in used:
                raise MapCycleError(tuple(used[used.index(entry):]))
            used.append(entry)
            found = path
        return found

    def closed(self) -> MigrationMap:
        """The map with every chain followed to its end (``a → b, b → c`` gives ``a → c``);
        :class:`MapCycleError` when entries lead back to each other."""
        return MigrationMap(tuple(replace(entry,
                                          new=tuple(self.final(path) or path for path in entry.new))
                                  for entry in self.entries), self.label, self.notes)

    def grouped(self) -> dict[str, list[Entry]]:
        """Entries by old module, modules in order: how the docs table is laid out."""
        groups: dict[str, list[Entry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.old.module, []).append(entry)
        return groups
