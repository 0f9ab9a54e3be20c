"""``archdocs-inventory``: the module table of a package, with totals and their counting
convention."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from archdocs.analysis.metrics import ModuleMetrics, module_metrics
from archdocs.model import Snapshot, kinds_label
from archdocs.sphinxext.directives.base import KINDS_OPTION, SELECT_OPTIONS, ArchdocsDirective
from archdocs.sphinxext.domain import xref
from archdocs.sphinxext.markup import NO_SEARCH, Cell, joined, paragraph, plural, table

if TYPE_CHECKING:
    from docutils.nodes import Node


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[ModuleMetrics], int] | None  #: None: a list of modules, not a number
    total: bool = True  #: whether a sum means something


COLUMNS: dict[str, Column] = {
    "lines": Column("Lines", lambda m: m.lines),
    "code_lines": Column("Code lines", lambda m: m.code_lines),
    "classes": Column("Classes", lambda m: m.classes),
    "functions": Column("Functions", lambda m: m.functions),
    "package_imports": Column("Imports in package", lambda m: len(m.package_imports)),
    "fan_in": Column("Fan-in", lambda m: m.fan_in, total=False),
    "fan_out": Column("Fan-out", lambda m: m.fan_out, total=False),
    "imported_by": Column("Imported by", None, total=False),
}
DEFAULT_COLUMNS = ("lines", "classes", "functions", "fan_in", "fan_out")
#: Rows before a package's table sums each sub-package in one row (its own page lists its
#: modules): homeassistant.components has 7,000 modules, a 5 MB page as one row each.
DEFAULT_LIMIT = 300
#: Importers listed in an ``imported_by`` cell before "and N more" (a core module has thousands).
DEFAULT_IMPORTERS = 50
#: The default when ``archdocs_lines = "code"``.
CODE_DEFAULT_COLUMNS = ("code_lines", "classes", "functions", "fan_in", "fan_out")


def short_name(name: str, package: str) -> str:
    """``pkg.sub.mod`` as ``sub.mod`` under ``pkg``; the package itself keeps its full name."""
    return name[len(package) + 1:] if name.startswith(package + ".") else name


class InventoryDirective(ArchdocsDirective):
    """A table of the modules of a package, with a totals row that states its counting convention.

    Argument: a package name.

    Options:

    ``:columns: NAMES``
        Which columns follow the module name, in order (comma or space separated): ``lines``,
        ``code_lines``, ``classes``, ``functions``, ``package_imports`` (internal imports inside
        this package), ``fan_in``, ``fan_out`` (internal modules importing / imported, across
        all sources), ``imported_by`` (those modules, linked). Default:
        ``lines classes functions fan_in fan_out``.
    ``:sort: NAME``
        ``name`` (default) or a numeric column, largest first.
    ``:kinds: SET``
        Which imports count for the import columns (default ``all``).
    ``:include: GLOBS`` / ``:exclude: GLOBS``
        Only / not the modules whose dotted names match these globs.
    ``:limit: N``
        A package of more than N modules (default 300) gets one row per direct module and one
        per direct sub-package, summing its modules (linked to its page); at most N rows.
        ``imported_by`` cells list 50 modules, then how many more.

    The totals row sums the counted modules only (``archdocs_count_init`` decides whether
    ``__init__.py`` files count); the paragraph under the table says which convention was used.
    """

    option_spec: ClassVar[OptionSpec] = {
        **KINDS_OPTION,
        **SELECT_OPTIONS,
        "columns": directives.unchanged,
        "sort": directives.unchanged,
        "limit": directives.unchanged,
    }

    def render(self, snapshot: Snapshot) -> list[Node]:
        package = self.package(snapshot)
        convention = self.settings.convention
        default = DEFAULT_COLUMNS if convention.lines == "physical" else CODE_DEFAULT_COLUMNS
        columns = self.words("columns", COLUMNS, default)
        numeric = [c for c in COLUMNS if COLUMNS[c].value is not None]
        sort = self.choice("sort", ("name", *numeric), "name")
        kinds = self.kinds()
        view = self.selected(snapshot)
        names = [m.name for m in view.in_package(package)]
        # fan-in and importer cells change when a module anywhere starts importing one of these
        shows_importers = not {"fan_in", "imported_by"}.isdisjoint({*columns, sort})
        self.show(names, packages=(package,), importers_of=names if shows_importers else ())
        metrics = module_metrics(view, package, kinds, self.graph_facts(view, kinds))
        if sort != "name":
            value = COLUMNS[sort].value
            assert value is not None
            metrics.sort(key=lambda m: (-value(m), m.name))
        counted = [m for m in metrics
                   if (module := view.get(m.name)) is not None and convention.counts(module)]
        limit = self.positive_int("limit") or DEFAULT_LIMIT
        notes = []
        if len(metrics) > limit:
            rows, shown = self.summary_rows(metrics, counted, package, columns, sort, limit)
            notes.append(f"{len(metrics):,} modules: each direct sub-package is one row summing "
                         f"its counted modules, its page lists them"
                         + (f"; {shown:,} of the rows are shown." if shown else "."))
        else:
            rows = [[self.module_cell(m, package),
                     *(self.cell(COLUMNS[c], m, package) for c in columns)] for m in metrics]
        rows.append([f"Total: {len(counted)} modules",
                     *(self.total(COLUMNS[c], counted) for c in columns)])
        notes.append(f"Totals count {len(counted)} of these {len(metrics)} files "
                     f"({convention.describe()}); import columns count {kinds_label(kinds)} "
                     "imports.")
        return [table(["Module", *(COLUMNS[c].header for c in columns)], rows,
                      numeric=[False, *(COLUMNS[c].value is not None for c in columns)],
                      classes=["archdocs-inventory", NO_SEARCH]),
                *(paragraph(note, classes=["archdocs-note"]) for note in notes)]

    def summary_rows(self, metrics: list[ModuleMetrics], counted: list[ModuleMetrics],
                     package: str, columns: tuple[str, ...], sort: str, limit: int
                     ) -> tuple[list[list[Cell]], int]:
        """(rows, how many were shown when cut at ``limit``, else 0): a row per direct module
        of the package and one per direct sub-package summing its counted modules, in the order
        of ``sort``."""
        value = COLUMNS[sort].value if sort != "name" else None
        size = package.count(".") + 2  # name parts of a direct sub-package
        kept = {m.name for m in counted}
        groups: dict[str, list[ModuleMetrics]] = {}
        entries: list[tuple[int, str, list[Cell]]] = []
        for metric in metrics:
            parts = metric.name.split(".")
            if len(parts) > size or (metric.is_package and len(parts) == size):
                members = groups.setdefault(".".join(parts[:size]), [])
                members.extend([metric] if metric.name in kept else [])
                continue
            entries.append((-value(metric) if value else 0, metric.name,
                            [self.module_cell(metric, package),
                             *(self.cell(COLUMNS[c], metric, package) for c in columns)]))
        for group, members in groups.items():
            entries.append((-sum(value(m) for m in members) if value else 0, group,
                            [self.group_cell(group, package, len(members)),
                             *(self.total(COLUMNS[c], members) for c in columns)]))
        entries.sort(key=lambda e: (e[0], e[1]))
        return [cells for _, _, cells in entries[:limit]], limit if len(entries) > limit else 0

    @staticmethod
    def group_cell(group: str, package: str, modules: int) -> Cell:
        text = f"{short_name(group, package)}/ ({plural(modules, 'module')})"
        return xref(group, text)

    @staticmethod
    def module_cell(metric: ModuleMetrics, package: str) -> Cell:
        text = short_name(metric.name, package)
        return xref(metric.name, text + ("/__init__" if metric.is_package else ""))

    @staticmethod
    def cell(column: Column, metric: ModuleMetrics, package: str) -> Cell:
        if column.value is not None:
            return str(column.value(metric))
        names = metric.imported_by
        more = [nodes.Text(f" and {len(names) - DEFAULT_IMPORTERS} more")] \
            if len(names) > DEFAULT_IMPORTERS else []
        return [*joined(xref(n, short_name(n, package)) for n in names[:DEFAULT_IMPORTERS]),
                *more]

    @staticmethod
    def total(column: Column, counted: list[ModuleMetrics]) -> Cell:
        if column.value is None or not column.total:
            return ""
        return str(sum(column.value(m) for m in counted))
