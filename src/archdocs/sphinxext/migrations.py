"""Migration guides in Sphinx: the ``archdocs-migrations`` table, and warnings for stale paths in
pages.

``archdocs_migrations`` (conf.py) names the declared map, relative to conf.py's folder. The map is
read and verified once per build against ``archdocs_sources``; its problems are warnings at the
TOML line. Pages that still name an old path (in the module role or in inline code) get a warning
at their own line, naming the new path: docs move in lockstep with the code.

```rst
.. archdocs-migrations:: bot_v2.orchestration
   :map: ../conf/migrations.toml
   :from: ../history@phase-2
```

The argument (optional) keeps old modules under a package; ``:map:`` overrides the config value;
``:from:`` also infers the map from an older snapshot (folder, wheel/sdist or ``REPO@REV``, relative
to conf.py's folder) and merges it with the declared one. Every old module heading and every row
has an HTML id (``migrations-<old.module>``, ``migration-<old.path>``) and an index entry, so links,
the general index and the search all land on the row.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode
from sphinx.util.typing import OptionSpec

from archdocs.analysis.migrations import load_map
from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.model import Entry, ImportPath, MigrationMap
from archdocs.analysis.migrations.release import Release, folder_release, load_release
from archdocs.analysis.migrations.usage import internal_uses
from archdocs.analysis.migrations.verify import merge_maps
from archdocs.model import Problem, Snapshot
from archdocs.reading.cache import FactsCache
from archdocs.reading.errors import SourceError
from archdocs.reading.sources import directory_base
from archdocs.render.migrations import Uses, columns, row
from archdocs.sphinxext.analysis import analysis_for, derived
from archdocs.sphinxext.config import settings_of
from archdocs.sphinxext.directives.base import ArchdocsDirective, DirectiveError
from archdocs.sphinxext.domain import xref
from archdocs.sphinxext.log import warn
from archdocs.sphinxext.markup import joined, paragraph, table, verbatim

if TYPE_CHECKING:
    from collections.abc import Iterator
    from collections.abc import Set as AbstractSet

    from docutils.nodes import Element, Node
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Warning subtypes: a wrong map entry, and a page naming an old path.
MIGRATIONS = "migrations"
STALE = "stale_path"
TABLE_CLASS = "archdocs-migrations"


def _resolve(env: BuildEnvironment, spec: str) -> str:
    """A path (or the repository part of ``REPO@REV``) made absolute from conf.py's folder."""
    path, at, rev = spec.partition("@")
    return str(settings_of(env.config).path(path)) + at + rev if path else spec


def _warn_all(problems: list[Problem]) -> None:
    for problem in problems:
        warn(problem.message, MIGRATIONS, f"{problem.path}:{problem.line or 1}")


def _declared(env: BuildEnvironment, path: str) -> MigrationMap:
    """The declared map checked against the sources; its problems are warned once per build."""

    def compute(snapshot: Snapshot) -> MigrationMap:
        migrations, problems = load_map(path, snapshot)
        _warn_all(problems)
        return migrations

    return derived(env, ("migrations", path), compute)


def map_for(env: BuildEnvironment, path: str, old_source: str = "",
            private: bool = False) -> MigrationMap:
    """The declared map, merged with the one inferred from ``old_source`` when given (their
    disagreements are warned once per build); ``private`` compares private modules too."""
    if not old_source:
        return _declared(env, path) if path else MigrationMap()

    def compute(snapshot: Snapshot) -> MigrationMap:
        declared = _declared(env, path) if path else MigrationMap()
        cache = FactsCache(Path(env.doctreedir) / "archdocs")
        try:  # SourceError reaches the directive, which reports it at its own line
            inferred = infer_map(load_release(old_source, cache=cache),
                                 _documented(env, snapshot), private=private)
        finally:
            cache.close()
        if not path:
            return inferred
        merged, disagreements = merge_maps(declared, inferred)
        _warn_all(disagreements)
        return merged

    return derived(env, ("migrations", path, old_source, private), compute)


def _documented(env: BuildEnvironment, snapshot: Snapshot) -> Release:
    """The documented code as the new side of an inferred map, each source folder read as
    ``archdocs migrations`` reads a folder (compiled-only modules, ``.pyi`` stubs, the names its
    hooked packages spell)."""
    settings, files = settings_of(env.config), analysis_for(env).files
    sides = []
    for source in settings.sources:
        base = directory_base(source)  # as the analysis read it: its module paths are relative
        mine = tuple(m for m in snapshot.modules if files.get(m.name) == base / m.path)
        sides.append(folder_release(replace(snapshot, modules=mine), base, settings.selection))
    return Release(snapshot, {k: v for side in sides for k, v in side.stubs.items()},
                   # a module with source in another folder is not compiled-only
                   frozenset(n for side in sides for n in side.compiled if n not in snapshot),
                   {k: v for side in sides for k, v in side.spelled.items()})


def configured_map(env: BuildEnvironment) -> MigrationMap | None:
    value = env.config.archdocs_migrations
    return map_for(env, str(settings_of(env.config).path(value))) if value else None


def _cell_paths(paths: tuple[ImportPath, ...], fallback: str) -> nodes.Node | str:
    if not paths:
        return fallback
    para = nodes.paragraph()
    for index, path in enumerate(paths):
        if index:
            para += nodes.Text(", ")
        para += nodes.literal(path.statement, path.statement)
    return para


def _row_cells(entry: Entry, uses: Uses) -> list[Any]:
    _, _, kind, change, status, since, *_ = row(entry)
    old = nodes.literal(entry.old.statement, entry.old.statement)
    # reasons and versions come from the map's TOML: shown as written (no smart quotes)
    cells: list[Any] = [[old], _cell_paths(entry.new, "—"),
                        *(verbatim(text) if text else "" for text in (kind, change, status, since))]
    if uses:
        importers = uses.get(entry.old, ())
        cells.append(joined(xref(m) for m in importers) if importers else "—")
    return cells


class MigrationsDirective(ArchdocsDirective):
    """``archdocs-migrations [PACKAGE]``: the migration table, grouped by old module."""

    required_arguments = 0
    optional_arguments = 1
    option_spec: ClassVar[OptionSpec] = {"map": directives.unchanged,
                                         "from": directives.unchanged,
                                         "private": directives.flag}

    def render(self, snapshot: Snapshot) -> list[Node]:
        env = self.env
        given = (self.options.get("map") or "").strip() or env.config.archdocs_migrations
        old_source = (self.options.get("from") or "").strip()
        if not given and not old_source:
            raise DirectiveError("no map: set archdocs_migrations in conf.py, or give :map: or "
                                 ":from:")
        path = str(settings_of(env.config).path(given)) if given else ""
        if path:
            if not Path(path).is_file():
                raise DirectiveError(f"map file {path} not found (paths are relative to "
                                     "conf.py's folder)")
            env.note_dependency(path)
        try:
            migrations = map_for(env, path, _resolve(env, old_source) if old_source else "",
                                 "private" in self.options)
        except SourceError as exc:
            raise DirectiveError(f":from: {exc}") from None
        prefix = self.arguments[0].strip() if self.arguments else ""
        groups = {m: e for m, e in migrations.grouped().items()
                  if not prefix or m == prefix or m.startswith(prefix + ".")}
        # Every module can start or stop importing an old path: the "still imported by" column
        # depends on all of them.
        self.show(snapshot.names, packages=("",))
        shown = {e.old for es in groups.values() for e in es}
        uses = {old: mods for old, mods in internal_uses(snapshot, migrations).items()
                if old in shown}
        # What the inferred map left out (private modules) and how to include it: text nodes.
        notes: list[Node] = [verbatim(note) for note in migrations.notes]
        if not groups:
            return [*notes,
                    paragraph("No import path changed" + (f" under {prefix}." if prefix else "."))]
        out: list[Node] = [*notes]
        domain = env.get_domain(MigrationDomain.name)
        assert isinstance(domain, MigrationDomain)  # setup_migrations registered it
        for module, entries in groups.items():
            heading = nodes.rubric("", "", nodes.literal(module, module),
                                   ids=[nodes.make_id(f"migrations-{module}")],
                                   classes=[TABLE_CLASS])
            out += [_index(f"{module}; migration guide", heading["ids"][0]), heading]
            grid = table(columns(uses), [_row_cells(e, uses) for e in entries],
                         classes=[TABLE_CLASS])
            body = next(iter(grid.findall(nodes.tbody)))
            rows = [child for child in body.children if isinstance(child, nodes.row)]
            for entry, table_row in zip(entries, rows, strict=True):
                anchor = nodes.make_id(f"migration-{entry.old.dotted}")
                table_row["ids"].append(anchor)
                out.append(_index(f"{entry.old.dotted}; {entry.change}", anchor))
                domain.note(entry.old.dotted, env.docname, anchor)
            out.append(grid)
        return out


class MigrationDomain(Domain):
    """Old paths as searchable, linkable objects: the search box offers ``pkg.old.Name`` (an "old
    import path") and lands on its table row, and ``{migration:path}`pkg.old.Name``` links there.
    Data is per document, so purges and ``-j N`` merges work."""

    name = "migration"
    label = "migration guide"
    object_types: ClassVar[dict[str, ObjType]] = {"path": ObjType("old import path", "path")}
    roles: ClassVar[dict[str, Any]] = {"path": XRefRole(innernodeclass=nodes.literal)}
    initial_data: ClassVar[dict[str, Any]] = {"paths": {}}  # dotted old path -> (docname, anchor)
    data_version = 1

    @property
    def paths(self) -> dict[str, tuple[str, str]]:
        paths: dict[str, tuple[str, str]] = self.data["paths"]
        return paths

    def note(self, dotted: str, docname: str, anchor: str) -> None:
        """An old path shown on several pages links to the first page by name: the same
        answer whatever order pages are read or parallel workers merged in (``-j`` == serial)."""
        found = self.paths.get(dotted)
        if found is None or (docname, anchor) < found:
            self.paths[dotted] = (docname, anchor)

    def clear_doc(self, docname: str) -> None:
        for dotted, (doc, _) in list(self.paths.items()):
            if doc == docname:
                del self.paths[dotted]

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for dotted, (doc, anchor) in otherdata["paths"].items():
            if doc in docnames:
                self.note(dotted, doc, anchor)

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for dotted, (docname, anchor) in sorted(self.paths.items()):
            yield dotted, dotted, "path", docname, anchor, 1

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Any, typ: str,
                     target: str, node: Any, contnode: Element) -> nodes.reference | None:
        """``{migration:path}`pkg.old.Name``` links to the row of that old path."""
        found = self.paths.get(target)
        if found is None:
            return None
        return make_refnode(builder, fromdocname, found[0], found[1], contnode, target)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Any, target: str,
                         node: Any, contnode: Element) -> list[tuple[str, nodes.reference]]:
        found = self.resolve_xref(env, fromdocname, builder, "path", target, node, contnode)
        return [("migration:path", found)] if found is not None else []


def _index(text: str, anchor: str) -> addnodes.index:
    """A general-index entry pointing at ``anchor`` (old paths are looked up there and in
    search)."""
    return addnodes.index(entries=[("single", text, anchor, "", None)])


# --- stale paths in pages -------------------------------------------------------------------------


def _named_path(text: str) -> str:
    """The dotted path a code literal names: ``a.b``, ``a.b.C``, ``from a.b import C``,
    ``import a.b``."""
    text = text.strip().strip("`")
    words = text.replace(",", " ").split()
    if len(words) == 4 and words[0] == "from" and words[2] == "import":
        return f"{words[1]}.{words[3]}"
    if len(words) == 2 and words[0] == "import":
        return words[1]
    return text if len(words) == 1 else ""


def stale_entry(migrations: MigrationMap, dotted: str) -> Entry | None:
    """The entry for a path a page names, when it is an old one."""
    if not dotted or "." not in dotted:
        return None
    module, _, name = dotted.rpartition(".")
    return migrations.get(ImportPath(module, name)) or migrations.lookup(dotted)


def _generated(node: nodes.Node) -> bool:
    """True for what a directive wrote rather than the page's author: archdocs output (tables,
    module cards: their classes start with ``archdocs-``) and links made without a role's text.
    A generated page documenting a shim module names its old path on purpose."""
    if isinstance(node, addnodes.pending_xref) and not node.rawsource:
        return True
    parent = node.parent
    while parent is not None:
        if any(c.startswith("archdocs-") for c in parent.get("classes", ())):
            return True
        parent = parent.parent
    return False


def check_stale_paths(app: Sphinx, doctree: nodes.document) -> None:
    """Warn at each module-role target or inline literal that names an old path."""
    env = app.env
    migrations = configured_map(env)
    if migrations is None or not migrations.entries:
        return
    if env.docname.startswith(settings_of(env.config).output_docname_prefix):
        return  # archdocs' generated reference pages document old (shim) modules on purpose
    seen: set[int] = set()
    for node in doctree.findall(lambda n: isinstance(n, addnodes.pending_xref | nodes.literal)):
        if id(node) in seen or _generated(node):
            continue
        if isinstance(node, addnodes.pending_xref):
            seen.update(id(child) for child in node.findall(nodes.literal))  # judged as a link
            if node.get("reftype") != "mod":
                continue  # other links (a {migration:path} role names an old path on purpose)
            dotted = node.get("reftarget", "")
        else:
            dotted = _named_path(node.astext())
        entry = stale_entry(migrations, dotted)
        if entry is None:
            continue
        new = ", ".join(p.dotted for p in entry.new) or f"nothing ({entry.reason or 'removed'})"
        if entry.old.dotted != dotted and len(entry.new) == 1:  # below a module that moved whole
            new = entry.new[0].dotted + dotted[len(entry.old.dotted):]
        where = f" (declared at {entry.where})" if entry.where else ""
        warn(f"{dotted} is an old path, {entry.state}: write {new}{where}", STALE, node)


def _load_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read and check the configured map in the main process, once per build: its problems are
    warned once, and ``-j N`` read workers inherit the result instead of each warning again."""
    configured_map(env)


def setup_migrations(app: Sphinx) -> None:
    app.add_directive("archdocs-migrations", MigrationsDirective)
    app.add_domain(MigrationDomain)
    app.connect("env-before-read-docs", _load_before_reading)
    app.connect("doctree-read", check_stale_paths)
