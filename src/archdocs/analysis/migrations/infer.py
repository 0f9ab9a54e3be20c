"""Infer the migration map between two snapshots of the same code (two revisions, folders or
releases).

For every public name importable from a module at the old snapshot: if the same import still reaches
the same definition, nothing changed. Otherwise find where the definition went, preferring in order:
where the old path itself still points (a shim names the new home); the same ``module:name`` still
defining an object of the same kind (it stayed and was rewritten: not a move); then a match of the
code (same kind, overlapping body lines, :attr:`~archdocs.model.Definition.shape`), where a public
path beats a private module, a path outside a frozen copy of the old API (:func:`frozen_copies`)
beats one inside, the same name beats a similar one, the same signature a different one, and
closer bodies beat others. A different name needs a near-identical body and the same signature. A
name alone never decides: a class of the same name that already existed elsewhere is somebody
else's class. Names that match nothing follow their module when it moved (marked as changed on
the way, or as a likely rename with the evidence). The new import is the shortest public path to
the new definition (:meth:`~archdocs.analysis.migrations.names.Api.public_path`).
"""

from __future__ import annotations

from dataclasses import dataclass

from archdocs.analysis.migrations.model import Entry, ImportPath, MigrationMap
from archdocs.analysis.migrations.names import (
    BOUND,
    DEFINED,
    EXTERNAL,
    GETATTR,
    REEXPORT,
    SHIM_HOOKS,
    Api,
    Resolution,
    hooked,
    is_public,
    top_definitions,
)
from archdocs.analysis.migrations.release import Release
from archdocs.analysis.migrations.shims import alias_status, shim_of
from archdocs.model import Definition, Module, Snapshot

#: Same name, same kind: at least this much body overlap (a rewrite that kept half its lines).
SAME_NAME_SIMILARITY = 0.5
#: A different name (a rename) needs nearly the same body, and the same signature.
RENAME_SIMILARITY = 0.8
#: Bodies shorter than this many distinct lines say too little to prove a rename.
RENAME_MIN_LINES = 3
#: A renamed definition beside its moved siblings is named as likely ("renamed?") from this overlap.
LIKELY_RENAME_SIMILARITY = 0.4
#: A frozen copy's definitions are closer to the old release's bodies by at least this much.
FROZEN_MARGIN = 0.25


def similarity(a: Definition, b: Definition) -> float:
    """Jaccard overlap of the two bodies' distinct lines (1.0 for two empty bodies, equal
    signatures)."""
    sa, sb = set(a.shape), set(b.shape)
    if not sa and not sb:
        return 1.0 if a.signature == b.signature else 0.0
    return len(sa & sb) / len(sa | sb)


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def frozen_copies(old: Snapshot, new: Snapshot) -> frozenset[str]:
    """Sub-packages of ``new`` that keep a frozen copy of the old API (``pkg.v1``, ``pkg.compat``,
    ``pkg._legacy``): most of their definitions whose name the new release still defines elsewhere
    are much closer to the *old* release's body of that name than to the new one's. A package that
    simply moved has no same-named twin left elsewhere, so it is never taken for a copy."""
    def by_name(snapshot: Snapshot) -> dict[str, list[tuple[str, Definition]]]:
        index: dict[str, list[tuple[str, Definition]]] = {}
        for module in snapshot.modules:
            for name, definition in top_definitions(module).items():
                index.setdefault(name, []).append((module.name, definition))
        return index

    old_index, new_index = by_name(old), by_name(new)
    frozen = set()
    for package in new.modules:
        if not package.is_package or "." not in package.name:
            continue
        pairs = closer = 0
        for module in new.modules:
            if not _under(module.name, package.name):
                continue
            for name, definition in top_definitions(module).items():
                before = [d for m, d in old_index.get(name, ())
                          if not _under(m, package.name) and d.kind == definition.kind]
                after = [d for m, d in new_index.get(name, ())
                         if not _under(m, package.name) and d.kind == definition.kind]
                if not before or not after:
                    continue
                pairs += 1
                to_old = max(similarity(definition, d) for d in before)
                to_new = max(similarity(definition, d) for d in after)
                closer += to_old >= to_new + FROZEN_MARGIN
        if pairs and 2 * closer > pairs:
            frozen.add(package.name)
    return frozenset(frozen)


class _Matcher:
    """Finds where an old definition lives in the new snapshot. Candidates are the definitions of
    the same name and those sharing at least one body line (an index by line hash), so a large
    library is not compared pairwise."""

    def __init__(self, old: Api, new: Api) -> None:
        self.old, self.new = old, new
        self.frozen = frozen_copies(old.snapshot, new.snapshot)
        self.found: list[tuple[ImportPath, Definition]] = [
            (ImportPath(module.name, name), definition)
            for module in new.snapshot.modules
            for name, definition in top_definitions(module).items()]
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

    def in_frozen_copy(self, path: ImportPath, origin: ImportPath) -> bool:
        """True when ``path`` lies in a frozen copy of the old API that ``origin`` was not in."""
        return any(_under(path.module, f) and not _under(origin.module, f) for f in self.frozen)

    def find(self, origin: ImportPath, definition: Definition) -> ImportPath | None:
        best: tuple[bool, bool, bool, bool, float, str, ImportPath] | None = None
        for path, candidate in self._candidates(origin.name, definition):
            same_name = path.name == origin.name
            score = similarity(definition, candidate)
            if same_name:
                if score < SAME_NAME_SIMILARITY and not (
                        candidate.signature == definition.signature
                        and score >= SAME_NAME_SIMILARITY / 2):
                    continue
            elif (score < RENAME_SIMILARITY or candidate.signature != definition.signature
                  or len(definition.shape) < RENAME_MIN_LINES):
                continue
            if self._existed(path, origin):
                continue
            private = not is_public(self.new.public_path(path).module)
            key = (private, self.in_frozen_copy(path, origin), not same_name,
                   candidate.signature != definition.signature, -score, path.module, path)
            if best is None or key < best:
                best = key
        return best[-1] if best else None


@dataclass(frozen=True)
class _Decision:
    target: ImportPath | None  #: where the name lives now; None when nothing was found
    now: Resolution | None  #: how the old path resolves in the new snapshot; None: it fails
    reason: str = ""


def _stayed(new: Api, origin: ImportPath, definition: Definition | None) -> bool:
    """True when ``origin`` still defines an object of the same kind (rewritten or not)."""
    found = new.resolve(origin.module, origin.name)
    if found is None or found.origin != origin:
        return False
    if definition is None:
        return found.via == BOUND
    now = new.definition(origin)
    return now is not None and now.kind == definition.kind


def _decide(matcher: _Matcher, module: str, name: str) -> _Decision | None:
    """Where the old ``module:name`` went and how the old path resolves now; None: unchanged."""
    old, new = matcher.old, matcher.new
    before = old.resolve(module, name)
    if before is None or not before.origin.name:
        return None  # submodules are handled as modules
    now = new.resolve(module, name)
    if now is not None and now.via in (DEFINED, BOUND, EXTERNAL):
        return None
    if now is not None and now.origin == before.origin:
        return None
    if before.via == EXTERNAL:
        origin = before.origin
        return _Decision(origin, now,
                         f"it was a re-export of {origin.dotted}: import it from {origin.module}")
    target: ImportPath | None = None
    definition = old.definition(before.origin)
    if now is not None and now.origin != ImportPath(module, name):
        target = now.origin  # the old path (a shim) says where the name went
    elif _stayed(new, before.origin, definition):
        target = before.origin
    elif definition is not None:
        target = matcher.find(before.origin, definition)
    hook = new.snapshot.get(module)
    if now is None and hook is not None and hooked(hook) and definition is not None:
        target, now = _served_by_hook(new, hook, name, definition, target)
    return _Decision(target, now)


def _served_by_hook(new: Api, hook: Module, origin_name: str, definition: Definition,
                    target: ImportPath | None) -> tuple[ImportPath | None, Resolution | None]:
    """An old path a PEP 562 ``__getattr__`` may still serve, when the hook's own code points at
    the new home: it holds (imports as a module object) the module the definition was found in or
    one defining a same-named one of the same kind, or it names exactly one definition of the same
    kind and signature in a string (a renamed function kept as an alias). A module that only binds
    ``__getattr__`` from a factory (``__getattr__ = forward("pkg.new")``) forwards whatever moved.
    Where the text of a hooked package was read, its hook serves only the names it spells, which
    :meth:`Api.resolve` already followed: the submodules a package holds say where a name went,
    not that the hook serves it (numpy 2.0 holds ``numpy.exceptions``; ``numpy.AxisError`` is
    gone)."""
    facts = hook.facts
    read = hook.is_package and hook.name in new.spelled
    if target is not None:
        holds = {*new.held(hook), *facts.getattr_targets}
        defined = set(top_definitions(hook))  # a hook bound from a factory defines no function
        factory = "__getattr__" not in defined and not defined - SHIM_HOOKS
        served = (target.module in holds and not read) or (factory and not facts.getattr_targets)
        return target, Resolution(target, GETATTR) if served else None
    for held in new.held(hook):  # the hook holds the module that now defines the name
        found = new.resolve(held, origin_name)
        candidate = new.definition(found.origin) if found and found.via == DEFINED else None
        if found is not None and candidate is not None and candidate.kind == definition.kind:
            return found.origin, None if read else Resolution(found.origin, GETATTR)
    named = set()
    for text in facts.getattr_targets:
        parent, _, last = text.rpartition(".")
        found = new.resolve(parent, last) if parent in new.snapshot else None
        candidate = new.definition(found.origin) if found else None
        if (found and candidate and candidate.kind == definition.kind
                and candidate.signature == definition.signature):
            named.add(found.origin)
    if len(named) == 1:
        only = named.pop()
        return only, Resolution(only, GETATTR)
    return None, None


def _follow_module(old: Api, new: Api, origin: ImportPath, homes: list[str],
                   taken: set[ImportPath]) -> tuple[ImportPath, str, str] | None:
    """Where a name that matched nothing went when its module moved to ``homes``: the same name
    there (a definition of the same kind, or a constant), "changed" when it is a definition whose
    body fell below the thresholds; else, with one home, a new definition of the same kind that
    shares enough body lines to be a likely rename, with the evidence. ``(new origin, change,
    reason)``."""
    before = old.resolve(origin.module, origin.name)
    definition = old.definition(before.origin) if before else None
    for home in homes:
        found = new.resolve(home, origin.name)
        if found is None:
            continue
        if definition is None and found.via == BOUND:
            return found.origin, "moved", ""
        now = new.definition(found.origin) if found.via == DEFINED else None
        if definition is not None and now is not None and now.kind == definition.kind:
            share = similarity(definition, now)
            return found.origin, "moved", f"changed on the way: {share:.0%} of its body lines kept"
    module = new.snapshot.get(homes[0]) if len(homes) == 1 else None
    if definition is None or module is None:
        return None
    likely: list[tuple[float, str, Definition]] = []
    for name, candidate in top_definitions(module).items():
        path = ImportPath(module.name, name)
        if candidate.kind != definition.kind or path in taken or old.resolve(module.name, name):
            continue
        share = similarity(definition, candidate)
        if share >= LIKELY_RENAME_SIMILARITY:
            likely.append((share, name, candidate))
    if len(likely) != 1:
        return None
    share, name, candidate = likely[0]
    same = "same" if candidate.signature == definition.signature else "different"
    return (ImportPath(module.name, name), "renamed",
            f"renamed? {share:.0%} of its body lines kept, {same} signature")


def _compiled_fate(new: Api, name: str) -> Entry | None:
    """What became of a module the old release shipped only compiled (its names unknown, so it
    is followed as a whole): nothing to say while the new release still has it, compiled or as
    real code; where a shim left in its place forwards (deprecated when the shim warns, or hands
    names out only through ``__getattr__``, as :func:`alias_status` says of such names); else
    removed."""
    if name in new.compiled:
        return None
    module = new.snapshot.get(name)
    if module is None:
        return Entry(ImportPath(name), (), "removed", "removed")
    shim = shim_of(module)
    targets = new.forwarded(module) if shim is not None else ()
    if shim is None or not targets:
        return None
    status = "deprecated" if shim.warns or shim.style == "getattr" else "works"
    return Entry(ImportPath(name), tuple(ImportPath(t) for t in targets),
                 "split" if len(targets) > 1 else "moved", status)


def infer_map(old: Snapshot | Release, new: Snapshot | Release, package: str | None = None, *,
              private: bool = False) -> MigrationMap:
    """Entries for every public name and module of ``package`` (all when None) that moved,
    was renamed, split or removed between ``old`` and ``new``. Modules under a private name
    (``pkg._internal``) are compared only with ``private`` (or when ``package`` is private);
    the map's notes say how many names were left out. A :class:`Release` side adds the names
    its ``.pyi`` stubs declare and the modules it ships only compiled (:func:`load_release`)."""
    old_api, new_api = (side.api() if isinstance(side, Release) else Api(side)
                        for side in (old, new))
    old, new = old_api.snapshot, new_api.snapshot
    matcher = _Matcher(old_api, new_api)
    private = private or (package is not None and not is_public(package))
    entries: list[Entry] = []
    skipped_modules = skipped_names = 0
    compiled = sorted(m for m in old_api.compiled if not package or _under(m, package))
    compared = [name for name in compiled if private or is_public(name)]
    skipped_modules += len(compiled) - len(compared)
    entries += [fate for name in compared if (fate := _compiled_fate(new_api, name))]
    for module in old.in_package(package):
        if not private and not is_public(module.name):
            skipped_modules += 1
            skipped_names += len(old_api.names(module.name))
            continue
        now_module = new.get(module.name)
        shim = shim_of(now_module) if now_module is not None else None
        moved_to: set[str] = set()
        gone: list[str] = []
        taken: set[ImportPath] = set()
        first = len(entries)  # this module's entries start here
        for name in old_api.names(module.name):
            decided = _decide(matcher, module.name, name)
            if decided is None:
                continue
            target, now = decided.target, decided.now
            old_path = ImportPath(module.name, name)
            if target is None:
                if now is None:
                    gone.append(name)
                continue
            if decided.reason:  # an external re-export that stopped working
                entries.append(Entry(old_path, (target,), "removed", "removed",
                                     reason=decided.reason))
                continue
            best = new_api.public_path(target)
            if best == old_path:
                continue
            if now is not None and now.via != GETATTR and not is_public(best.module):
                continue  # the old path still works and is the only public one: nothing to migrate
            if now is not None and now.via == REEXPORT and shim is None:
                # Still re-exported by real code, not a shim: part of that module's API, nothing
                # to migrate (numpy's ``abs`` for ``absolute``, sklearn 0.22's ``metrics.cluster``).
                continue
            moved_to.add(target.module)
            taken.add(target)
            status = "removed" if now is None else alias_status(now_module, now, name)
            change = "renamed" if best.name != name else "moved"
            entries.append(Entry(old_path, (best,), change, status))
        for name in gone:
            found = _follow_module(old_api, new_api, ImportPath(module.name, name),
                                   sorted(moved_to), taken)
            if found is None:
                entries.append(Entry(ImportPath(module.name, name), (), "removed", "removed"))
                continue
            origin, change, reason = found
            taken.add(origin)
            entries.append(Entry(ImportPath(module.name, name), (new_api.public_path(origin),),
                                 change, "removed", reason=reason))
        if (now_module is not None and shim is None) or module.name in new_api.compiled:
            continue  # the module itself is still real code (or compiled now)
        # A shim whose names are deprecated aliases (served by a hook for old callers) is too.
        deprecated = (shim is not None and shim.warns) or any(
            e.status == "deprecated" for e in entries[first:])
        status = "removed" if now_module is None else ("deprecated" if deprecated else "works")
        if moved_to:
            change = "split" if len(moved_to) > 1 else "moved"
            entries.append(Entry(ImportPath(module.name),
                                 tuple(ImportPath(m) for m in sorted(moved_to)),
                                 change, status))
        elif now_module is None:
            entries.append(Entry(ImportPath(module.name), (), "removed", "removed"))
    notes: list[str] = []
    if skipped_modules:
        notes.append(f"{skipped_modules} private modules ({skipped_names} names) were not "
                     "compared; --private includes them")
    if compared:
        notes.append(f"{len(compared)} compiled modules (.so, .pyd, .pyx) were compared as whole "
                     "modules: their names cannot be read without importing them")
    return MigrationMap(tuple(entries), f"{old.label} → {new.label}", tuple(notes))
