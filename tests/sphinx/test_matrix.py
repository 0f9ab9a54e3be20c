"""``archdocs-matrix`` on the ``depot`` fixture (tests/roots/test-views): an import-time cycle of
three modules, a sub-package that joins it only when folded, a TYPE_CHECKING import and a lazy one.

The same doctree and HTML from rST and MyST, matching golden files; the order, counts and marks
read back from the HTML table; every count a link to its import lines; options and bad options."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from tests.helpers.golden import Goldens
from tests.helpers.paths import ROOTS
from tests.helpers.sphinx_build import Build, body_nodes, html_body, pformat

from archdocs.analysis import matrix as dsm
from archdocs.sphinxext.directives import matrix as matrix_directive

_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<t[hd]([^>]*)>(.*?)</t[hd]>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    srcdir = tmp_path_factory.mktemp("matrix") / "proj"
    shutil.copytree(ROOTS / "test-views", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        yield Build(app)
    finally:
        app.cleanup()


def grid(html: str, which: int = 0) -> list[list[str]]:
    """The text of each cell of the ``which``-th matrix table, row by row (header first)."""
    table = re.findall(r'<table class="archdocs-dsm.*?</table>', html, re.DOTALL)[which]
    return [[_TAGS.sub("", text).strip() for _, text in _CELL.findall(row)]
            for row in _ROW.findall(table)]


def test_build_is_clean(built: Build) -> None:
    assert built.warnings == ""


def test_rst_and_myst_give_the_same_golden_matrix(built: Build, golden: Goldens) -> None:
    rst = pformat(body_nodes(built.doctree("matrix")))
    assert rst == pformat(body_nodes(built.doctree("matrix_md")))
    golden.check("sphinx/matrix_depot.doctree.txt", rst)
    html = html_body(built.html("matrix"))
    assert html == html_body(built.html("matrix_md"))
    golden.check("sphinx/matrix_depot.html", html)


def test_order_counts_and_marks(built: Build) -> None:
    # import-time imports (the site's archdocs_kinds), folded one level: core imports nothing
    # (first), models and the namespace package plugins/ import core, the cycle billing ->
    # store -> orders -> billing and web/ (store imports web.forms, web.views imports store)
    # together, then evil
    assert grid(built.html("matrix")) == [
        ["# module, imports →", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        ["1 __init__", "", "", "", "", "", "", "", "", ""],
        ["2 core", "", "", "", "", "", "", "", "", ""],
        ["3 models", "", "1", "", "", "", "", "", "", ""],
        ["4 plugins/", "", "1", "", "", "", "", "", "", ""],
        ["5↺1 billing", "", "1", "", "", "", "", "1▲", "", ""],
        ["6↺1 orders", "", "", "", "", "1", "", "", "", ""],
        ["7↺1 store", "", "", "1", "", "", "1", "", "1△", ""],
        ["8↺1 web/", "", "1", "", "", "", "", "1", "", ""],
        ["9 evil", "", "1", "1", "", "", "", "", "", ""],
    ]


def test_back_edges_are_marked_by_class_and_symbol(built: Build) -> None:
    html = built.html("matrix")
    back = re.findall(r'<td class="([^"]*archdocs-dsm-(?:back|foldback)[^"]*)">(.*?)</td>', html)
    assert [(_TAGS.sub("", text), "foldback" in classes) for classes, text in back] == [
        ("1▲", False), ("1△", True)]


def test_every_count_links_to_its_import_lines(built: Build) -> None:
    html = built.html("matrix")
    links = re.findall(r'<td(?: class="[^"]*")?><p><a class="reference internal" href="#([^"]+)">',
                       html)
    assert len(links) == 12
    for anchor in links:
        item = re.search(rf'<li id="{anchor}">(.*?)</li>', html, re.DOTALL)
        assert item is not None, anchor
        assert re.search(r"depot/[\w/]+\.py:\d+", item.group(1)), item.group(1)
    store_web = re.search(r'<li id="archdocs-matrix-0-7-8">(.*?)</ul>', html, re.DOTALL)
    assert store_web is not None
    text = _TAGS.sub("", store_web.group(1))
    assert "from depot.web import forms" in text and "depot/store.py:5" in text
    assert "△ above the diagonal" in text


PAGE = """\
Options
=======

.. archdocs-matrix:: depot
   :kinds: all
   :depth: 2

.. archdocs-matrix:: depot
   :exclude: depot.web*

.. archdocs-matrix:: depot
   :depth: none

.. archdocs-matrix:: depot.nowhere

.. archdocs-matrix:: depot.core
"""


def test_options_and_bad_options(project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project("views")
    (srcdir / "options.rst").write_text(PAGE, encoding="utf-8")
    result = build(srcdir)
    html = result.html("options")
    # all kinds, unfolded: orders' TYPE_CHECKING import of web.views makes a module cycle of
    # billing, orders, store and web.views; web.forms stays out of it
    everything = grid(html, 0)
    names = [row[0].split()[-1] for row in everything[1:]]
    assert names[-1] == "evil" and "web/" not in names
    cycle = [row[0].split()[-1] for row in everything[1:] if "↺1" in row[0]]
    assert sorted(cycle) == ["billing", "orders", "store", "web.views"]
    assert not any("△" in cell for row in everything for cell in row)
    # without web/, the cycle is billing, orders and store alone
    assert [row[0].split()[-1] for row in grid(html, 1)[1:]] == [
        "__init__", "core", "models", "plugins/", "billing", "orders", "store", "evil"]
    assert "options.rst:11: WARNING: archdocs-matrix: :depth: 'none' is not allowed" \
        in result.warnings
    assert "options.rst:14: WARNING: archdocs-matrix: no package or module named " \
        "'depot.nowhere'" in result.warnings
    assert "options.rst:16: WARNING: archdocs-matrix: 'depot.core' is a module; name a " \
        "package" in result.warnings
    assert html.count('class="archdocs-error"') == 3


def test_too_many_rows_is_a_located_error(project: Callable[..., Path],
                                          build: Callable[..., Build],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dsm, "MAX_ROWS", 8)  # the fixture has 9 rows at depth 1
    result = build(project("views"))
    assert "matrix.rst:4: WARNING: archdocs-matrix: depot has 9 modules and packages at depth " \
        "1, too many rows for a matrix (at most 8)" in result.warnings
    assert "archdocs-dsm" not in result.html("matrix")


def test_long_cells_list_their_first_statements(project: Callable[..., Path],
                                                build: Callable[..., Build],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matrix_directive, "LISTED", 0)
    html = build(project("views")).html("matrix")
    item = re.search(r'<li id="archdocs-matrix-0-7-8">(.*?)</ul>', html, re.DOTALL)
    assert item is not None
    text = " ".join(_TAGS.sub("", item.group(1)).split())
    assert "from depot.web import forms" not in text
    assert "and 1 more statement in 1 module (the module cards list every import)" in text
