"""Each directive from reStructuredText and from MyST gives the same doctree and HTML, matching a
golden file; bad options become located warnings and an error paragraph, never an exception."""

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
from tests.helpers.sphinx_build import Build, body_nodes, html_body, mermaid_clicks, pformat

SNIPPETS = sorted(p.stem.removeprefix("md_") for p in
                  (Path(__file__).parent.parent / "roots/test-archdocs/snippets").glob("md_*.md"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    """One build of the test root, shared by the tests that only read its output."""
    srcdir = tmp_path_factory.mktemp("directives") / "proj"
    shutil.copytree(ROOTS / "test-archdocs", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        yield Build(app)
    finally:
        app.cleanup()


def test_build_is_clean(built: Build) -> None:
    assert built.warnings == ""


def test_html_pages_get_the_stylesheet(built: Build) -> None:
    assert (built.outdir / "_static/archdocs.css").is_file()
    assert 'href="../_static/archdocs.css' in built.html("snippets/rst_inventory")


@pytest.mark.parametrize("name", SNIPPETS)
def test_rst_and_myst_give_the_same_doctree(built: Build, name: str, golden: Goldens) -> None:
    rst = pformat(body_nodes(built.doctree(f"snippets/rst_{name}")))
    md = pformat(body_nodes(built.doctree(f"snippets/md_{name}")))
    assert rst == md
    golden.check(f"sphinx/{name}.doctree.txt", rst)


@pytest.mark.parametrize("name", SNIPPETS)
def test_rst_and_myst_give_the_same_html(built: Build, name: str, golden: Goldens) -> None:
    rst = html_body(built.html(f"snippets/rst_{name}"))
    md = html_body(built.html(f"snippets/md_{name}"))
    assert rst == md
    golden.check(f"sphinx/{name}.html", rst)


def test_diagram_nodes_link_to_module_pages(built: Build) -> None:
    html = built.html("snippets/rst_diagram")
    assert mermaid_clicks(html) == [
        "../_generated/archdocs/shop.html",
        "../_generated/archdocs/shop.api.html",
        "../_generated/archdocs/shop.api.html#module-shop-api-views",
        "../_generated/archdocs/shop.html#module-shop-boom",
        "../_generated/archdocs/shop.html#module-shop-cart",
        "../_generated/archdocs/shop.html#module-shop-pricing",
    ]


def test_diagram_highlights_the_cycle(built: Build) -> None:
    html = built.html("snippets/rst_diagram")
    assert "class n_shop_cart,n_shop_pricing archdocs_cycle" in html
    assert "archdocs_cycle" not in built.html("snippets/rst_diagram_options")


def test_cycles_cite_the_import_lines(built: Build) -> None:
    text = re.sub(r"<[^>]+>", "", built.html("snippets/rst_cycles"))
    assert "from shop import pricing at src/shop/cart.py:3" in text
    assert "from shop.cart import Cart at src/shop/pricing.py:3" in text


def test_tree_annotates_files(built: Build) -> None:
    html = built.html("snippets/rst_tree")
    assert "cart.py — 11 lines, 1 class, 1 function" in html


def test_module_card_is_a_link_target(built: Build) -> None:
    # the generated package page holds the card links go to
    html = built.html("_generated/archdocs/shop")
    assert 'id="module-shop-cart"' in html
    role = built.html("snippets/rst_role")
    assert 'href="../_generated/archdocs/shop.html#module-shop-pricing"' in role
    assert 'href="../_generated/archdocs/shop.api.html"' in role


def test_module_card_lists_are_capped(project: Callable[..., Path],
                                      build: Callable[..., Build]) -> None:
    srcdir = project()
    (srcdir / "capped.md").write_text("---\norphan: true\n---\n\n# Capped\n\n"
                                      "```{archdocs-module} shop.cart\n"
                                      ":names: 1\n:importers: 1\n```\n")
    text = re.sub(r"<[^>]+>", "", build(srcdir).html("capped"))
    assert "shop.api.views and 1 more (2 modules depend on it" in text
    assert "Cart and 1 more" in text  # public names: the module imports pricing, not exports it
