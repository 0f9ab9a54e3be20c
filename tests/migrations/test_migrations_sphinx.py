"""The ``archdocs-migrations`` directive and stale-path warnings in a tiny Sphinx project, from rST
and MyST pages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.util.console import strip_colors

CONF = '''\
project = "migrations"
extensions = ["archdocs", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "code", "conf", "old"]
archdocs_sources = ["code"]
archdocs_migrations = "conf/migrations.toml"
'''

MAP = '''\
[[migration]]
old = "shop.orders"
new = "shop.core.orders"
since = "2.0"

[[migration]]
old = "shop.orders:OrderBook"
new = "shop.core:OrderBook"
since = "2.0"

[[migration]]
old = "shop.cart:Basket"
new = "shop.core:Basket"
'''

FILES = {
    "conf.py": CONF,
    "conf/migrations.toml": MAP,
    "code/shop/__init__.py": "",
    "code/shop/core/__init__.py": "from .orders import OrderBook\n\n__all__ = ['OrderBook']\n",
    "code/shop/core/orders.py": ("class OrderBook:\n    def add(self, order):\n"
                                 "        return order\n"),
    "code/shop/orders.py": ('import warnings\n\nfrom shop.core.orders import OrderBook\n\n'
                            'warnings.warn("moved", DeprecationWarning)\n'),
    "code/shop/app.py": "from shop.orders import OrderBook\n",
    "old/shop/__init__.py": "",
    "old/shop/orders.py": "class OrderBook:\n    def add(self, order):\n        return order\n",
    "old/shop/_private.py": "def hidden():\n    return '<b>1</b>'\n",
    "history.rst": '''\
        History
        =======

        .. archdocs-migrations:: shop
           :from: old
        ''',
    "private.rst": '''\
        :orphan:

        Private too
        ===========

        .. archdocs-migrations:: shop
           :from: old
           :private:
        ''',
    "broken.rst": '''\
        Broken
        ======

        .. archdocs-migrations::
           :from: no-such-folder
        ''',
    "index.rst": '''\
        Guide
        =====

        .. toctree::

           guide
           history
           broken

        .. archdocs-migrations::

        Old code said ``shop.orders.OrderBook`` here; :archdocs:mod:`shop.orders` is the old module.

        .. archdocs-module:: shop.orders
        ''',
    "guide.md": '''\
        # Guide (MyST)

        ```{archdocs-migrations} shop.orders
        ```

        Use `from shop.orders import OrderBook` no more.

        See {migration:path}`shop.orders.OrderBook`.
        ''',
}


@pytest.fixture(params=[1, 2], ids=["serial", "parallel"])
def built(request, tmp_path: Path, make_app):
    for rel, text in FILES.items():
        path = tmp_path / "proj" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    app = make_app("html", srcdir=tmp_path / "proj", parallel=request.param)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def rows(app, docname: str) -> dict[str, list[str]]:
    tree = app.env.get_doctree(docname)
    return {row["ids"][0]: [entry.astext() for entry in row.children]
            for row in tree.findall(nodes.row) if row["ids"]}


def test_table_from_rst_and_myst(built):
    rst, md = rows(built, "index"), rows(built, "guide")
    assert rst["migration-shop-orders-orderbook"] == [
        "from shop.orders import OrderBook", "from shop.core import OrderBook", "name", "moved",
        "old path still works (deprecated)", "2.0", "shop.app"]
    assert rst["migration-shop-orders"][4] == "old path still works (deprecated)"
    # the argument filters
    assert set(md) == {"migration-shop-orders", "migration-shop-orders-orderbook"}
    assert {k: v for k, v in rst.items() if k in md} == md  # same rows from rST and MyST
    html = (Path(built.outdir) / "guide.html").read_text()
    assert 'id="migrations-shop-orders"' in html and 'id="migration-shop-orders-orderbook"' in html
    genindex = (Path(built.outdir) / "genindex.html").read_text()
    assert "guide.html#migration-shop-orders-orderbook" in genindex
    # the search box offers the old path as an object and lands on its row
    search = (Path(built.outdir) / "searchindex.js").read_text()
    assert 'href="#migration-shop-orders-orderbook"' in html  # the role links to the row
    assert 'old import path"' in search
    assert '"migration-shop-orders-orderbook","OrderBook"' in search


def test_wrong_entry_is_a_warning_at_the_toml_line(built):
    warnings = strip_colors(built.warning.getvalue())
    assert "conf/migrations.toml:12: WARNING: new path shop.core.Basket does not exist" in warnings
    assert warnings.count("[archdocs.migrations]") == 1  # once, also with -j 2
    assert "broken.rst:4: WARNING: archdocs-migrations: :from: " in warnings


def test_stale_paths_in_pages_are_located_warnings(built):
    warnings = strip_colors(built.warning.getvalue())
    assert ("index.rst:12: WARNING: shop.orders.OrderBook is an old path, deprecated since 2.0: "
            "write shop.core.OrderBook (declared at ") in warnings
    assert "index.rst:12: WARNING: shop.orders is an old path" in warnings
    assert "guide.md:6: WARNING: shop.orders.OrderBook is an old path" in warnings
    # the table and the module card are not flagged
    assert warnings.count("[archdocs.stale_path]") == 3



def test_inferred_from_an_older_tree_and_merged(built):
    history = rows(built, "history")
    # inferred from old/ (the class moved to shop.core.orders, shop.orders is now a warning shim)
    # and merged with the declared map (which also has shop.cart.Basket)
    assert history["migration-shop-orders-orderbook"][:2] == [
        "from shop.orders import OrderBook", "from shop.core import OrderBook"]
    assert "migration-shop-cart-basket" in history


def test_private_modules_left_out_are_noted(built):
    """The inferred map skips private modules and the page says how many, as plain text."""
    html = (Path(built.outdir) / "history.html").read_text()
    assert "1 private modules (1 names) were not compared; --private includes them" in html
    # ``:private:`` compares them: the private module's removal is listed, and nothing is noted.
    private = rows(built, "private")
    assert private["migration-shop-private-hidden"][:2] == ["from shop._private import hidden", "—"]
    page = (Path(built.outdir) / "private.html").read_text()
    assert "were not compared" not in page



@pytest.mark.parametrize("order", [("index", "guide"), ("guide", "index")])
def test_an_old_path_on_two_pages_links_to_the_same_one_whatever_the_merge_order(
        order: tuple[str, str]) -> None:
    """Parallel workers merge in the order they finish: the target must not depend on it."""
    from types import SimpleNamespace

    from archdocs.sphinxext.migrations import MigrationDomain

    # a stand-in build environment: the domain reads only its domaindata
    domain = MigrationDomain(SimpleNamespace(domaindata={}))  # type: ignore[arg-type]
    for doc in order:
        domain.merge_domaindata({doc}, {"paths": {"shop.orders.OrderBook": (doc, "row")}})
    assert domain.paths == {"shop.orders.OrderBook": ("guide", "row")}
