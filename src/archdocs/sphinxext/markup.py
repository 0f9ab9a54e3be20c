"""Small builders of standard docutils nodes shared by the directives.

Directives build nodes, never markup text: a MyST page would parse generated rST as Markdown, and
text from analysed code must stay text (a docstring holding a role or a fence is words, not
markup).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TypeAlias

from docutils import nodes

#: A table cell: text, an inline node, a list of inline nodes, or a body element (used as is).
Cell: TypeAlias = nodes.Node | str | list[nodes.Node]
#: Sphinx's search index skips elements of this class. Generated tables and import lists name
#: thousands of other modules: indexed, every page matched the names it merely lists, and
#: stemming their words was a tenth of a large site's build. A module is found by its own card
#: and page (their titles, and the archdocs domain's objects).
NO_SEARCH = "no-search"


def inline(*parts: Cell) -> list[nodes.Node]:
    """Nodes from a mix of nodes, lists of nodes and plain strings."""
    out: list[nodes.Node] = []
    for part in parts:
        if isinstance(part, str):
            out.append(nodes.Text(part))
        elif isinstance(part, list):
            out.extend(part)
        else:
            out.append(part)
    return out


def paragraph(*parts: Cell, classes: Sequence[str] = ()) -> nodes.paragraph:
    node = nodes.paragraph(classes=list(classes))
    node.extend(inline(*parts))
    return node


def verbatim(*parts: Cell, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph holding text from code or from a user's file (docstrings, notes, tags): text
    nodes only, and left alone by smart quotes, so ``"x" -- y`` is shown as written."""
    node = paragraph(*parts, classes=classes)
    node["support_smartquotes"] = False  # honoured by Sphinx's SmartQuotes for the whole subtree
    return node


def joined(items: Iterable[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for item in items:
        if out:
            out.append(nodes.Text(separator))
        out.append(item)
    return out


def bullet_list(items: Iterable[Sequence[Cell] | nodes.Node]) -> nodes.bullet_list:
    out = nodes.bullet_list()
    for item in items:
        entry = nodes.list_item()
        entry += item if isinstance(item, nodes.Node) else paragraph(*item)
        out += entry
    return out


def field_list(fields: Iterable[tuple[str, Sequence[Cell]]],
               unsearched: Collection[str] = ()) -> nodes.field_list:
    """Fields ``(name, body)``; the bodies of the fields named in ``unsearched`` are left out of
    the search index."""
    out = nodes.field_list()
    for name, body in fields:
        field = nodes.field()
        field += nodes.field_name(name, name)
        value = nodes.field_body(classes=[NO_SEARCH] if name in unsearched else [])
        value += paragraph(*body)
        field += value
        out += field
    return out


def table(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, numeric: Sequence[bool] = (),
          classes: Sequence[str] = ()) -> nodes.table:
    """A table with a header row; ``numeric[i]`` right-aligns column ``i``."""
    out = nodes.table(classes=["archdocs-table", *classes])
    group = nodes.tgroup(cols=len(header))
    out += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += _row(header, numeric)
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += _row(cells, numeric)
    group += body
    return out


def _row(cells: Sequence[Cell], numeric: Sequence[bool]) -> nodes.row:
    row = nodes.row()
    for index, cell in enumerate(cells):
        entry = nodes.entry(classes=["numeric"] if index < len(numeric) and numeric[index] else [])
        if isinstance(cell, nodes.Node) and isinstance(cell, nodes.Body):
            entry += cell
        elif cell != "" and cell != []:
            entry += paragraph(*(cell if isinstance(cell, list) else [cell]))
        row += entry
    return row


def literal_block(text: str) -> nodes.literal_block:
    node = nodes.literal_block(text, text, classes=["archdocs-tree", NO_SEARCH])
    node["language"] = "text"
    return node


def plural(count: int, word: str) -> str:
    """``1 class``, ``4 classes``, ``2 lines``."""
    return f"{count} {word}{'' if count == 1 else 'es' if word.endswith('s') else 's'}"
