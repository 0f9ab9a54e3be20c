"""Infer the migration map between two snapshots of the same code (two revisions, folders or releases).

For every public name importable from a module at the old snapshot: if the same import still reaches
the same definition, nothing changed. Otherwise find where the definition went: first where the old
path itself still points (a shim names the new home), else by matching code: same kind, and body
lines (:attr:`~archdocs.model.Definition.shape`) that overlap; a different name needs a near-identical
body and the same signature. A name alone never decides: a class of the same name that already
existed elsewhere is somebody else's class. The new import is the shortest public path to the new
definition (:meth:`~archdocs.migrations.names.Api.public_path`), never a private module by choice.
"""

from __future__ import annotations

import contextlib
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from archdocs.cache import FactsCache
from archdocs.load import load_snapshot
from archdocs.migrations.model import Entry, ImportPath, MigrationMap
from archdocs.migrations.names import (
    BOUND,
    DEFINED,
    GETATTR,
    Api,
    Resolution,
    held_modules,
    is_public,
    top_definitions,
)
from archdocs.migrations.shims import alias_status, shim_of
from archdocs.model import Definition, Module, Snapshot
from archdocs.sources import Selection, SourceError

#: Same name, same kind: at least this much body overlap (a rewrite that kept half its lines).
SAME_NAME_SIMILARITY = 0.5
#: A different name (a rename) needs nearly the same body, and the same signature.
RENAME_SIMILARITY = 0.8
#: Bodies shorter than this many distinct lines say too little to prove a rename.
RENAME_MIN_LINES = 3


def similarity(a: Definition, b: Definition) -> float:
    """Jaccard overlap of the two bodies' distinct lines (1.0 for two empty bodies, equal signatures)."""
    sa, sb = set(a.shape), set(b.shape)
    if not sa and not sb:
        return 1.0 if a.signature == b.signature else 0.0
    return len(sa & sb) / len(sa | sb)


class _Matcher:
    """Finds where an old definition lives in the new snapshot. Candidates are the definitions of
    the same name and those sharing at least one body line (an index by line hash), so a large
    library is not compared pairwise."""

    def __init__(self, old: Api, new: Api) -> None:
        self.old, self.new = old, new
        self.found: list[tuple[ImportPath, Definition]] = [
            (ImportPath(module.name, name), definition)
            for module in new.snapshot.modules for name, definition in top_definitions(module).items()]
        self.by_name: dict[str, list[int]] = {}
        self.by_line: dict[int, list[int]] = {}
        for index, (path, definition) in enumerate(self.found):
            self.by_name.setdefault(path.name, []).append(index)
            for line in definition.shape:
                self.by_line.setdefault(line, []).append(index)

    def _candidates(self, name: str, definition: Definition) -> list[tuple[ImportPath, Definition]]:
        indexes = set(self.by_name.get(name, ()))
        for line in definition.shape:
            indexes.update(self.by_line.get(line, ()))
        return [self.found[i] for i in sorted(indexes) if self.found[i][1].kind == definition.kind]

    def _existed(self, path: ImportPath, origin: ImportPath) -> bool:
        """True when ``path`` was already defined at the old snapshot (so it is not where
        ``origin`` went, unless it is ``origin`` itself)."""
        found = self.old.resolve(path.module, path.name)
        return found is not None and found.via == DEFINED and found.origin != origin

    def find(self, origin: ImportPath, definition: Definition) -> ImportPath | None:
        best: tuple[float, int, str, ImportPath] | None = None
        for path, candidate in self._candidates(origin.name, definition):
            same_name = path.name == origin.name
            score = similarity(definition, candidate)
            if same_name:
                if score < SAME_NAME_SIMILARITY and not (
                        candidate.signature == definition.signature and score >= SAME_NAME_SIMILARITY / 2):
                    continue
            elif (score < RENAME_SIMILARITY or candidate.signature != definition.signature
                  or len(definition.shape) < RENAME_MIN_LINES):
                continue
            if self._existed(path, origin):
                continue
            key = (-score, 0 if same_name else 1, path.module, path)
            if best is None or key < best:
                best = key
        return best[3] if best else None


def _decide(matcher: _Matcher, module: str, name: str) -> tuple[ImportPath | None, Resolution | None] | None:
    """``(new origin or None if removed, how the old path resolves now)``, or None: unchanged."""
    old, new = matcher.old, matcher.new
    before = old.resolve(module, name)
    if before is None or not before.origin.name:
        return None  # submodules are handled as modules
    now = new.resolve(module, name)
    if now is not None and now.via in (DEFINED, BOUND):
        return None
    if now is not None and now.origin == before.origin:
        return None
    target: ImportPath | None = None
    definition = old.definition(before.origin)
    if now is not None and (new.definition(now.origin) or now.via != GETATTR):
        target = now.origin  # the old path (a shim) says where the name went
    elif definition is not None:
        target = matcher.find(before.origin, definition)
    hook = new.snapshot.get(module)
    if now is None and hook is not None and hook.facts.has_getattr and definition is not None:
        target, now = _served_by_hook(new, hook, name, definition, target)
    return target, now


def _served_by_hook(new: Api, hook: Module, origin_name: str, definition: Definition,
                    target: ImportPath | None) -> tuple[ImportPath | None, Resolution | None]:
    """An old path a PEP 562 ``__getattr__`` may still serve, when the hook's own code points at
    the new home: it holds (imports as a module object) the module the definition was found in or
    one defining a same-named one of the same kind, or it names exactly one definition of the same
    kind and signature in a string (a renamed function kept as an alias)."""
    if target is not None:
        holds = {*held_modules(hook), *hook.facts.getattr_targets}
        return target, Resolution(target, GETATTR) if target.module in holds else None
    for held in held_modules(hook):  # the hook holds the module that now defines the name
        found = new.resolve(held, origin_name)
        candidate = new.definition(found.origin) if found and found.via == DEFINED else None
        if candidate is not None and candidate.kind == definition.kind:
            return found.origin, Resolution(found.origin, GETATTR)  # type: ignore[union-attr]
    named = set()
    for text in hook.facts.getattr_targets:
        parent, _, last = text.rpartition(".")
        found = new.resolve(parent, last) if parent in new.snapshot else None
        candidate = new.definition(found.origin) if found else None
        if candidate and candidate.kind == definition.kind and candidate.signature == definition.signature:
            named.add(found.origin)  # type: ignore[union-attr]
    if len(named) == 1:
        only = named.pop()
        return only, Resolution(only, GETATTR)
    return None, None


def infer_map(old: Snapshot, new: Snapshot, package: str | None = None) -> MigrationMap:
    """Entries for every public name and module of ``package`` (all when None) that moved,
    was renamed, split or removed between ``old`` and ``new``."""
    old_api, new_api = Api(old), Api(new)
    matcher = _Matcher(old_api, new_api)
    entries: list[Entry] = []
    for module in old.in_package(package):
        if not is_public(module.name):
            continue
        now_module = new.get(module.name)
        shim = shim_of(now_module) if now_module is not None else None
        moved_to: set[str] = set()
        gone: list[str] = []
        for name in old_api.names(module.name):
            decided = _decide(matcher, module.name, name)
            if decided is None:
                continue
            target, now = decided
            if target is None:
                if now is None:
                    gone.append(name)
                continue
            best = new_api.public_path(target)
            if best == ImportPath(module.name, name):
                continue
            if now is not None and now.via != GETATTR and not is_public(best.module):
                continue  # the old path still works and is the only public one: nothing to migrate
            moved_to.add(target.module)
            status = "removed" if now is None else alias_status(now_module, now, name)  # type: ignore[arg-type]
            change = "renamed" if best.name != name else "moved"
            entries.append(Entry(ImportPath(module.name, name), (best,), change, status))
        # Names without a body to match (constants) follow their module when it moved whole.
        home = new.get(next(iter(moved_to))) if len(moved_to) == 1 else None
        for name in gone:
            found = new_api.resolve(home.name, name) if home is not None else None
            if found is not None and found.via == BOUND:
                entries.append(Entry(ImportPath(module.name, name), (found.origin,), "moved", "removed"))
            else:
                entries.append(Entry(ImportPath(module.name, name), (), "removed", "removed"))
        if now_module is not None and shim is None:
            continue  # the module itself is still real code
        status = "removed" if now_module is None else ("deprecated" if shim and shim.warns else "works")
        if moved_to:
            change = "split" if len(moved_to) > 1 else "moved"
            entries.append(Entry(ImportPath(module.name), tuple(ImportPath(m) for m in sorted(moved_to)),
                                 change, status))
        elif now_module is None:
            entries.append(Entry(ImportPath(module.name), (), "removed", "removed"))
    return MigrationMap(tuple(entries), f"{old.label} → {new.label}")


# --- sources: revisions, folders and distribution files -----------------------------------------

_ARCHIVES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar")


@contextlib.contextmanager
def opened_source(source: str) -> Iterator[str]:
    """A loadable source for ``source``: itself (a folder or ``repo@rev``), or a wheel/sdist
    unpacked into a temporary folder that is removed afterwards."""
    if not source.lower().endswith(_ARCHIVES) or "@" in source:
        yield source
        return
    path = Path(source)
    if not path.is_file():
        raise SourceError(f"{source}: no such distribution file")
    with tempfile.TemporaryDirectory(prefix="archdocs-dist-") as tmp:
        try:
            if path.suffix in (".whl", ".zip"):
                with zipfile.ZipFile(path) as archive:
                    archive.extractall(tmp)
            else:
                with tarfile.open(path) as archive:
                    archive.extractall(tmp, filter="data")
        except (zipfile.BadZipFile, tarfile.TarError, OSError) as exc:
            raise SourceError(f"{source}: cannot unpack ({exc}); is it a wheel or an sdist?") from None
        entries = [p for p in Path(tmp).iterdir() if not p.name.endswith((".dist-info", ".data"))]
        only = entries[0] if len(entries) == 1 and entries[0].is_dir() and not (
            entries[0] / "__init__.py").exists() else Path(tmp)
        yield str(only)


def load_source(source: str, selection: Selection | None = None,
                cache: FactsCache | None = None) -> Snapshot:
    """A snapshot of a folder, ``repo@rev`` or a wheel/sdist (raises SourceError when unreadable)."""
    with opened_source(source) as where:
        return load_snapshot(where, selection, cache=cache)
