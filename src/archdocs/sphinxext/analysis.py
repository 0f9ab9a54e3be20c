"""The analysed code as the extension sees it: one merged snapshot per build, what every page
derives from it (computed once), and what each page showed.

Loading happens once per build in the main process (``builder-inited``, or ``env-get-outdated`` for
a second build of the same app); ``-j N`` read workers are forked after that and inherit it. The
facts cache lives under the doctree dir, never in the source dir (sphinx-autobuild would loop).

Whole-snapshot analyses (the module graph of a kind set, transitive dependents, cycles) are asked
for by every directive of every page; :func:`derived` keeps each one once per build in the memo of
the build's :class:`Analysis`, so a new snapshot (next build, sphinx-autobuild) starts an empty
memo. Results are immutable (frozen dataclasses, read-only mappings, tuples): pages share them.
The memo is per process: ``-j N`` read workers are forked per chunk of documents, so the analyses
every page needs are computed in the main process before the fork (:func:`_warm`).

Incremental builds: :func:`note_source` records, per page, the modules whose content it showed,
the modules whose imports only it showed (edges, importer lists), the modules whose importers it
showed (an "imported by" list, a fan-in) and the packages whose module set it listed, with a
fingerprint of all four taken from the snapshot: the modules' blob ids (their bytes), their
resolved imports, who imports them, the packages' member names. ``env-get-outdated`` takes the
fingerprint again from the new snapshot, so a page is re-read exactly when something it showed
changed: a comment edit re-reads the pages showing that file's text, not those that only draw its
imports; an added or deleted module re-reads the pages listing its package; a module that starts
or stops importing another re-reads the pages listing the other's importers, wherever it lives.
These are not Sphinx file dependencies: a touched but unchanged file re-reads nothing, and the
environment does not carry (and pickle to and from every ``-j`` worker) tens of thousands of paths
on a large tree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from sphinx.environment.collectors import EnvironmentCollector

from archdocs.analysis.metrics import GraphFacts
from archdocs.model import KIND_SETS, ImportKind, Module, Problem, Snapshot
from archdocs.reading.cache import FactsCache
from archdocs.reading.errors import SourceError
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection, directory_base
from archdocs.sphinxext.config import Settings, settings_of
from archdocs.sphinxext.log import CONFIG, SOURCE, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

T = TypeVar("T")

__all__ = ["Analysis", "analysis_for", "derived", "graph_facts", "module_file", "module_page",
           "module_target", "note_source", "snapshot_for", "warn"]


@dataclass(frozen=True)
class Analysis:
    """The merged snapshot of every configured source, and where each module's file is."""

    snapshot: Snapshot
    files: Mapping[str, Path]  #: module name → absolute path of its file
    #: results derived from the snapshot and shared by directives (see :func:`derived`)
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)


#: The analysis of the current build, per environment (dropped at ``build-finished``).
_CURRENT: WeakKeyDictionary[BuildEnvironment, Analysis] = WeakKeyDictionary()


def load_analysis(settings: Settings, cache_dir: Path) -> Analysis:
    """Read every source (warm runs come from the facts cache) and merge them; problems are
    reported here, so once per build, at ``file:line``."""
    cache = FactsCache(cache_dir, warn=lambda msg: warn(msg, CONFIG))
    modules: dict[str, Module] = {}
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    labels: list[str] = []
    roots: list[str] = []
    try:
        for source in settings.sources:
            try:
                snapshot = load_snapshot(source, settings.selection, cache=cache)
            except SourceError as exc:
                warn(f"archdocs_sources: {exc}; check the folder (relative to conf.py)", CONFIG,
                     settings.location("archdocs_sources"))
                continue
            labels.append(snapshot.label)
            roots.extend(snapshot.roots)
            base = directory_base(source)  # module and problem paths are relative to it
            for problem in snapshot.problems:
                warn(problem.message, SOURCE, _location(base / problem.path, problem.line))
                problems.append(problem)
            for module in snapshot.modules:
                if module.name in modules:
                    warn(f"module {module.name} is in two sources, {files[module.name]} and "
                         f"{base / module.path}; using the first (check archdocs_sources)",
                         CONFIG, _location(base / module.path, 1))
                    continue
                modules[module.name] = module
                files[module.name] = base / module.path
    finally:
        cache.close()
    merged = Snapshot(";".join(labels), tuple(roots), tuple(sorted(modules.values(), key=_name)),
                      tuple(problems))
    return Analysis(merged, files)


def _name(module: Module) -> str:
    return module.name


def _location(path: Path, line: int) -> str:
    return f"{path}:{line or 1}"


def analysis_for(env: BuildEnvironment) -> Analysis:
    """This build's analysis, loaded on first use."""
    analysis = _CURRENT.get(env)
    if analysis is None:
        analysis = load_analysis(settings_of(env.config), Path(env.doctreedir) / "archdocs")
        _CURRENT[env] = analysis
    return analysis


def snapshot_for(env: BuildEnvironment) -> Snapshot:
    """The merged snapshot of ``archdocs_sources`` (one load per build, shared by every
    directive)."""
    return analysis_for(env).snapshot


def derived(env: BuildEnvironment, key: Hashable, compute: Callable[[Snapshot], T]) -> T:
    """``compute(snapshot)``, computed once per build and ``key`` (e.g. the whole import graph
    that every module card on every page walks)."""
    analysis = analysis_for(env)
    if key not in analysis.memo:
        analysis.memo[key] = compute(analysis.snapshot)
    return analysis.memo[key]  # type: ignore[no-any-return]


def graph_facts(env: BuildEnvironment, view: Snapshot, kinds: frozenset[ImportKind]) -> GraphFacts:
    """The whole module graph of ``view`` for ``kinds`` with fan-in/out and transitive dependents:
    once per build and kind set when ``view`` is the build's snapshot (what inventories and module
    cards of every page walk); a ``:include:``/``:exclude:`` view is computed for its directive."""
    if view is snapshot_for(env):
        return derived(env, ("graph-facts", kinds), lambda snapshot: GraphFacts.of(snapshot, kinds))
    return GraphFacts.of(view, kinds)


def module_file(env: BuildEnvironment, name: str) -> Path | None:
    """Absolute path of a module's file (None for an unknown module)."""
    return analysis_for(env).files.get(name)


def module_target(env: BuildEnvironment, name: str) -> tuple[str, str] | None:
    """``(docname, anchor)`` documenting a module or package (anchor "" = the page itself).

    Valid once all documents are read (write phase); at read time emit a link placeholder
    (``pending_xref`` with ``refdomain="archdocs"``) instead.
    """
    return env.get_domain("archdocs").target(name)  # type: ignore[attr-defined,no-any-return]


def module_page(env: BuildEnvironment, name: str) -> str | None:
    """The docname of the page documenting a module or package, or None."""
    target = module_target(env, name)
    return target[0] if target else None


# --- incremental builds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """What one page showed: modules whose content it shows, modules whose imports only it shows,
    packages whose module set it lists, modules whose importers it shows, and their fingerprint
    when the page was read."""

    modules: frozenset[str]
    imports_of: frozenset[str]
    packages: frozenset[str]
    fingerprint: str
    #: last, with a default: an environment pickled before it existed still loads
    importers_of: frozenset[str] = frozenset()


def _fingerprint(analysis: Analysis, record: Shown) -> str:
    digest = hashlib.sha1(usedforsecurity=False)
    text, imports = _module_digests(analysis)
    for name in sorted(record.modules):
        digest.update(f"m {name} {text.get(name, '-')}\n".encode())
    for name in sorted(record.imports_of):
        digest.update(f"i {name} {imports.get(name, '-')}\n".encode())
    for package in sorted(record.packages):
        digest.update(f"p {package} {_members_digest(analysis, package)}\n".encode())
    if record.importers_of:
        importers = _importer_digests(analysis)
        for name in sorted(record.importers_of):
            digest.update(f"r {name} {importers.get(name, '-')}\n".encode())
    return digest.hexdigest()


def _module_digests(analysis: Analysis) -> tuple[dict[str, str], dict[str, str]]:
    """Per module, a digest of its content (path, bytes, resolved imports) and one of its imports
    alone (what an edge or an importer list shows: targets and kinds, not lines); computed once
    per build (a comment edit changes the first, not the second)."""
    key = "module-digests"
    if key not in analysis.memo:
        text: dict[str, str] = {}
        imports: dict[str, str] = {}
        for module in analysis.snapshot.modules:
            edges = "\n".join(f"{i.target} {i.kind} {i.internal}" for i in module.imports)
            imports[module.name] = hashlib.sha1(f"{module.is_package}\n{edges}".encode(),
                                                usedforsecurity=False).hexdigest()
            text[module.name] = f"{module.blob} {imports[module.name]} {module.path}"
        analysis.memo[key] = (text, imports)
    return analysis.memo[key]  # type: ignore[no-any-return]


def _importer_digests(analysis: Analysis) -> dict[str, str]:
    """Per module, a digest of who imports it and how (importer names and kinds, not lines: a
    comment edit in an importer changes none); one pass over every import, once per build. A new
    importer elsewhere changes it, though nothing the page recorded mentions that importer."""
    key = "importer-digests"
    if key not in analysis.memo:
        importers: dict[str, set[str]] = {}
        for module in analysis.snapshot.modules:
            for imp in module.imports:
                if imp.internal:
                    importers.setdefault(imp.target, set()).add(f"{imp.importer} {imp.kind}")
        analysis.memo[key] = {
            target: hashlib.sha1("\n".join(sorted(lines)).encode(),
                                 usedforsecurity=False).hexdigest()
            for target, lines in importers.items()}
    return analysis.memo[key]  # type: ignore[no-any-return]


def _members_digest(analysis: Analysis, package: str) -> str:
    """Digest of a package's module names (memoized: every card of a page names the top package)."""
    key = ("members", package)
    if key not in analysis.memo:
        names = "\n".join(m.name for m in analysis.snapshot.in_package(package))
        analysis.memo[key] = hashlib.sha1(names.encode(), usedforsecurity=False).hexdigest()
    return analysis.memo[key]  # type: ignore[no-any-return]


def note_source(env: BuildEnvironment, docname: str, modules: Iterable[str],
                packages: Iterable[str] = (), imports_of: Iterable[str] = (),
                importers_of: Iterable[str] = ()) -> None:
    """Record that ``docname`` shows the content of ``modules`` (their text, counts, names),
    the imports alone of ``imports_of`` (edges, importer lists), the members of ``packages`` and
    the importers of ``importers_of`` (an "imported by" list, a fan-in): the page is re-read when
    one of them changes (adding or removing a module in one of ``packages``, or a module anywhere
    starting or stopping to import one of ``importers_of``, included)."""
    shown: dict[str, Shown] = env.archdocs_shown  # type: ignore[attr-defined]
    old = shown.get(docname)
    # the fingerprint is taken once the page is read (ShownCollector.process_doc), not per
    # directive: a page of a hundred cards would hash its growing module set a hundred times
    shown[docname] = Shown(frozenset(modules).union(old.modules if old else ()),
                           frozenset(imports_of).union(old.imports_of if old else ()),
                           frozenset(packages).union(old.packages if old else ()), "",
                           frozenset(importers_of).union(old.importers_of if old else ()))


class ShownCollector(EnvironmentCollector):
    """Keeps ``env.archdocs_shown`` ({docname: :class:`Shown`}) right across purges, ``-j N``
    merges and code changes."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        env.archdocs_shown.pop(docname, None)  # type: ignore[attr-defined]

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: AbstractSet[str],
                    other: BuildEnvironment) -> None:
        theirs = other.archdocs_shown  # type: ignore[attr-defined]
        for docname in docnames:
            if docname in theirs:
                env.archdocs_shown[docname] = theirs[docname]  # type: ignore[attr-defined]

    def process_doc(self, app: Sphinx, doctree: Any) -> None:
        """The page is read: fingerprint what its directives noted (:func:`note_source`)."""
        env = app.env
        shown: dict[str, Shown] = env.archdocs_shown  # type: ignore[attr-defined]
        record = shown.get(env.docname)
        if record is not None:
            shown[env.docname] = replace(record, fingerprint=_fingerprint(analysis_for(env),
                                                                          record))

    def get_outdated_docs(self, app: Sphinx, env: BuildEnvironment, added: set[str],
                          changed: set[str], removed: set[str]) -> list[str]:
        analysis = analysis_for(env)
        # Every page's fingerprint derives from the modules' files; when none changed since the
        # last build, none is outdated, and a no-change rebuild hashes no page (0.6 s at 1,362).
        code = _code_digest(analysis, settings_of(app.config).selection)
        if getattr(env, "archdocs_code", None) == code:
            return []
        env.archdocs_code = code  # type: ignore[attr-defined]
        shown: dict[str, Shown] = env.archdocs_shown  # type: ignore[attr-defined]
        return sorted(docname for docname, record in shown.items()
                      if docname not in removed
                      and _fingerprint(analysis, record) != record.fingerprint)


def _code_digest(analysis: Analysis, selection: Selection) -> str:
    """Digest of which files count, which modules there are and the bytes of each: all that
    resolution reads, so all that every page's fingerprint derives from."""
    lines = "\n".join(f"{m.name} {m.is_package} {m.path} {m.blob}"
                       for m in analysis.snapshot.modules)
    return hashlib.sha1(f"{selection!r}\n{lines}".encode(), usedforsecurity=False).hexdigest()


def _init_env(app: Sphinx) -> None:
    """Start the build with fresh code: (re)load the analysis and make sure env data exists."""
    if not hasattr(app.env, "archdocs_shown"):
        app.env.archdocs_shown = {}  # type: ignore[attr-defined]
    _CURRENT.pop(app.env, None)
    analysis_for(app.env)


def _warm(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before a parallel read forks its workers: compute the graph facts of the kind sets pages use
    by default (directives' ``all``, ``archdocs_kinds``) and the modules' digests, which each
    worker would otherwise recompute for each chunk of documents it reads."""
    if docnames and app.parallel > 1:
        _module_digests(analysis_for(env))  # each page's fingerprint reads them
        _importer_digests(analysis_for(env))
        snapshot = snapshot_for(env)
        for kinds in {KIND_SETS["all"], settings_of(app.config).kinds}:
            graph_facts(env, snapshot, kinds)


def _end_build(app: Sphinx, exception: BaseException | None) -> None:
    """The next build (sphinx-autobuild, or a second ``app.build()``) reads the code again."""
    _CURRENT.pop(app.env, None)


def setup_analysis(app: Sphinx) -> None:
    app.add_env_collector(ShownCollector)
    app.connect("builder-inited", _init_env, priority=400)
    app.connect("env-before-read-docs", _warm, priority=900)
    app.connect("build-finished", _end_build)
