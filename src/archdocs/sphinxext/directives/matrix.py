"""``archdocs-matrix``: the dependency structure matrix of a package, as a docutils table."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from archdocs.analysis import matrix as dsm
from archdocs.analysis.matrix import Cell, Matrix, build_matrix
from archdocs.model import Snapshot, kinds_label
from archdocs.sphinxext.directives.base import (
    KINDS_OPTION,
    SELECT_OPTIONS,
    ArchdocsDirective,
    DirectiveError,
)
from archdocs.sphinxext.domain import xref
from archdocs.sphinxext.markup import NO_SEARCH, bullet_list, inline, paragraph, plural

if TYPE_CHECKING:
    from docutils.nodes import Node

#: Marks of a cell above the diagonal: text, so that they do not rely on colour.
BACK = "▲"  #: an import of a module cycle against the order
FOLD_BACK = "△"  #: against the order only because modules are folded into packages
CYCLE = "↺"  #: before the number of a row's import cycle
#: Import statements listed per cell: a folded cell of a big package stands for thousands, and
#: the first ones show what kind of dependency it is (homeassistant: 10 MB of page otherwise).
LISTED = 10


class MatrixDirective(ArchdocsDirective):
    """A design structure matrix (DSM) of a package: rows and columns are its modules or
    sub-packages in one order, a cell counts the import statements of the row's modules that
    import the column's; each count links to those statements, listed under the matrix.

    Order: import cycles together, then by topological level, what imports nothing here first,
    so that every import that is not part of a cycle lies below the diagonal. Cells above it are
    marked.

    Argument: a package name.

    Options:

    ``:depth: N``
        Fold modules more than N levels below the package into their package (default 1).
    ``:include: GLOBS`` / ``:exclude: GLOBS``
        Only / not the modules whose dotted names match these globs.
    ``:kinds: SET``
        Which imports count (default: ``archdocs_kinds``, the kinds the cycle reports use).
    """

    option_spec: ClassVar[OptionSpec] = {**KINDS_OPTION, **SELECT_OPTIONS,
                                                "depth": directives.unchanged}
    default_kinds = None

    def render(self, snapshot: Snapshot) -> list[Node]:
        package = self.package(snapshot)
        if not snapshot.is_package_name(package):
            raise DirectiveError(f"{package!r} is a module; name a package (its modules and "
                                 "sub-packages are the rows)")
        depth = self.positive_int("depth") or 1
        kinds = self.kinds()
        view = self.selected(snapshot)
        modules = [m.name for m in view.in_package(package)]
        self.show(modules, packages=(package,))
        if not modules:
            raise DirectiveError(f":include:/:exclude: leave no modules of {package} to show")
        matrix = build_matrix(view, package, kinds, depth)
        if len(matrix.names) > dsm.MAX_ROWS:
            raise DirectiveError(f"{package} has {len(matrix.names)} modules and packages at "
                                 f"depth {depth}, too many rows for a matrix (at most "
                                 f"{dsm.MAX_ROWS}); show one of its sub-packages, or narrow it "
                                 "with :include: or :exclude:")
        serial = self.env.new_serialno("archdocs-matrix")
        prefix = f"archdocs-matrix-{serial}"
        box = nodes.container(classes=["archdocs-matrix", NO_SEARCH], ids=[prefix])
        self.set_source_info(box)
        labels = [self.label(package, name, matrix) for name in matrix.names]
        scroll = nodes.container(classes=["archdocs-matrix-scroll"])
        scroll += self.table(matrix, labels, prefix)
        box += scroll
        box += self.legend(package, matrix, kinds_label(kinds), depth)
        if matrix.cells:
            box += paragraph(nodes.strong("Imports behind each cell", "Imports behind each cell"),
                             classes=["archdocs-matrix-heading"])
            box += self.listing(matrix, labels, prefix, view)
        return [box]

    @staticmethod
    def label(package: str, name: str, matrix: Matrix) -> str:
        """A short row label: the name below ``package``; ``/`` ends a folded package."""
        short = name[len(package) + 1:] if name != package else "__init__"
        return short + "/" if name in matrix.graph.folded else short

    @staticmethod
    def table(matrix: Matrix, labels: list[str], prefix: str) -> nodes.table:
        """Row headers hold the number, the cycle mark and the name (one column, so that it can
        stay in view while a wide matrix scrolls); column headers hold the number, and the name
        as a tooltip."""
        size = len(matrix.names)
        table = nodes.table(classes=["archdocs-dsm"])
        group = nodes.tgroup(cols=size + 1)
        table += group
        group += nodes.colspec(colwidth=6, stub=1)
        for _ in range(size):
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        header = nodes.row()
        corner = nodes.entry(classes=["archdocs-dsm-corner"])
        corner += paragraph("# module, imports →")
        header += corner
        for i, label in enumerate(labels, 1):
            # the number, with the row's name as a tooltip (an attribute, escaped by the writer)
            entry = nodes.entry(classes=["archdocs-dsm-col"])
            entry += paragraph(nodes.abbreviation(str(i), str(i), explanation=label))
            header += entry
        head += header
        group += head
        body = nodes.tbody()
        cells = {(c.row, c.column): c for c in matrix.cells}
        for row, name in enumerate(matrix.names):
            line = nodes.row(classes=["archdocs-dsm-cycle"] if matrix.cycles[row] else [])
            title = nodes.entry(classes=["archdocs-dsm-name"])
            number = nodes.inline("", str(row + 1), classes=["archdocs-dsm-index"])
            if matrix.cycles[row]:
                mark = f"{CYCLE}{matrix.cycles[row]}"
                number += nodes.inline(mark, mark, classes=["archdocs-dsm-cyclemark"])
            title += paragraph(number, " ", xref(name, labels[row]))
            line += title
            for column in range(size):
                line += MatrixDirective.entry(matrix, cells.get((row, column)), row, column, prefix)
            body += line
        group += body
        return table

    @staticmethod
    def entry(matrix: Matrix, cell: Cell | None, row: int, column: int, prefix: str) -> nodes.entry:
        # most cells are empty: a bare <td> (the CSS styles the table's cells), classes only
        # where a cell differs (a 74-row matrix is 5,476 cells)
        classes = []
        if row == column:
            classes.append("archdocs-dsm-diagonal")
        elif matrix.cycles[row] and matrix.cycles[row] == matrix.cycles[column]:
            classes.append("archdocs-dsm-incycle")
        entry = nodes.entry(classes=classes)
        if cell is None:
            return entry
        count = str(len(cell.imports))
        link = nodes.reference("", "", internal=True, refid=f"{prefix}-{row + 1}-{column + 1}")
        link += nodes.Text(count)
        if cell.back:
            mark = BACK if cell.module_cycle else FOLD_BACK
            entry["classes"].append("archdocs-dsm-back" if cell.module_cycle
                                    else "archdocs-dsm-foldback")
            link += nodes.inline(mark, mark, classes=["archdocs-dsm-mark"])
        entry += paragraph(link)
        return entry

    @staticmethod
    def legend(package: str, matrix: Matrix, kinds: str, depth: int) -> nodes.paragraph:
        cycles = max(matrix.cycles, default=0)
        found = (f"{cycles} import cycle{'s' if cycles != 1 else ''} (the rows of cycle k are "
                 f"marked {CYCLE}k)" if cycles else "no import cycle")
        return paragraph(
            f"Dependency matrix of {package} ({kinds} imports; modules more than {depth} "
            f"level{'s' if depth != 1 else ''} below it folded into their package, a name "
            "ending in / stands for one). A row imports a column: each cell counts the import "
            "statements of the row that import the column; click it for the lines. Rows and "
            "columns share one order: the members of an import cycle together, and what imports "
            "nothing here first, each row after what it imports, so imports lie below the "
            f"diagonal. {BACK} marks a cell above it, an import against that order that only a "
            f"cycle makes; {FOLD_BACK} one whose cycle joins packages but no modules (it exists "
            f"only because modules are folded). Here: {found}.",
            classes=["archdocs-matrix-legend"])

    @staticmethod
    def listing(matrix: Matrix, labels: list[str], prefix: str,
                snapshot: Snapshot) -> nodes.bullet_list:
        items = bullet_list(())
        for cell in matrix.cells:
            source, target = matrix.names[cell.row], matrix.names[cell.column]
            item = nodes.list_item(ids=[f"{prefix}-{cell.row + 1}-{cell.column + 1}"])
            head: list[Node | str] = [
                f"{cell.row + 1} ", xref(source, labels[cell.row]), " imports ",
                f"{cell.column + 1} ", xref(target, labels[cell.column]),
                f": {plural(len(cell.imports), 'statement')}"]
            if cell.back:
                head.append(f" {BACK if cell.module_cycle else FOLD_BACK} above the diagonal")
            item += paragraph(*head)
            lines = []
            for imp in cell.imports[:LISTED]:
                module = snapshot.get(imp.importer)
                where = f"{module.path if module else imp.importer}:{imp.line}"
                lines.append(inline(nodes.literal(imp.text, imp.text), " at ",
                                    nodes.literal(where, where), f" ({imp.kind.value})"))
            rest = cell.imports[LISTED:]
            if rest:
                files = len({i.importer for i in rest})
                lines.append(inline(f"and {plural(len(rest), 'more statement')} in "
                                    f"{plural(files, 'module')} (the module cards list "
                                    "every import)"))
            item += bullet_list(lines)
            items += item
        items["classes"].append("archdocs-matrix-imports")
        return items

