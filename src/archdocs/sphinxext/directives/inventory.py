"""``archdocs-inventory``: the module table of a package, with totals and their counting convention."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from docutils.parsers.rst import directives

from archdocs.metrics import ModuleMetrics, module_metrics
from archdocs.model import Snapshot, kinds_label
from archdocs.sphinxext.directives.base import KINDS_OPTION, SELECT_OPTIONS, ArchdocsDirective
from archdocs.sphinxext.domain import xref
from archdocs.sphinxext.markup import Cell, joined, paragraph, table

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

    The totals row sums the counted modules only (``archdocs_count_init`` decides whether
    ``__init__.py`` files count); the paragraph under the table says which convention was used.
    """

    option_spec: ClassVar[dict[str, object]] = {
        **KINDS_OPTION,
        **SELECT_OPTIONS,
        "columns": directives.unchanged,
        "sort": directives.unchanged,
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
        self.show([m.name for m in view.in_package(package)], packages=(package,))
        metrics = module_metrics(view, package, kinds, self.graph_facts(view, kinds))
        if sort != "name":
            value = COLUMNS[sort].value
            assert value is not None
            metrics.sort(key=lambda m: (-value(m), m.name))
        rows = [[self.module_cell(m, package), *(self.cell(COLUMNS[c], m, package) for c in columns)]
                for m in metrics]
        counted = [m for m in metrics if convention.counts(view.get(m.name))]  # type: ignore[arg-type]
        rows.append([f"Total: {len(counted)} modules",
                     *(self.total(COLUMNS[c], counted) for c in columns)])
        note = (f"Totals count {len(counted)} of these {len(metrics)} files ({convention.describe()}); "
                f"import columns count {kinds_label(kinds)} imports.")
        return [table(["Module", *(COLUMNS[c].header for c in columns)], rows,
                      numeric=[False, *(COLUMNS[c].value is not None for c in columns)],
                      classes=["archdocs-inventory"]),
                paragraph(note, classes=["archdocs-note"])]

    @staticmethod
    def module_cell(metric: ModuleMetrics, package: str) -> Cell:
        text = short_name(metric.name, package)
        return xref(metric.name, text + ("/__init__" if metric.is_package else ""))

    @staticmethod
    def cell(column: Column, metric: ModuleMetrics, package: str) -> Cell:
        if column.value is not None:
            return str(column.value(metric))
        return joined(xref(n, short_name(n, package)) for n in metric.imported_by)

    @staticmethod
    def total(column: Column, counted: list[ModuleMetrics]) -> Cell:
        if column.value is None or not column.total:
            return ""
        return str(sum(column.value(m) for m in counted))
