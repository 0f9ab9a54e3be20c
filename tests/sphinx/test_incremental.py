"""Incremental builds: a rebuild reads nothing; a code edit re-reads exactly the pages showing what
changed (a comment: the pages showing the file's text; an import: those drawing it too); a new
module re-reads the pages listing its package; ``-j 2`` equals serial output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.helpers.files import touch
from tests.helpers.sphinx_build import Build

#: Pages of the test root that show every module of shop.
PAGES_SHOWING_ALL_OF_SHOP = [
    "_generated/archdocs/shop",  # diagram, inventory, cycles and tree of the whole package
    "_generated/archdocs/module-explorer",  # every module, its docstring and imports
    *(f"snippets/{fmt}_{name}" for fmt in ("md", "rst")
      for name in ("cycles", "cycles_all", "diagram", "diagram_options", "inventory", "tree")),
]


@pytest.mark.parametrize("source", ["code", "code/src/shop"], ids=["project-root", "package"])
def test_second_build_reads_nothing(project: Callable[..., Path], build: Callable[..., Build],
                                    source: str) -> None:
    srcdir = project()
    overrides = {"archdocs_sources": [source]}
    first = build(srcdir, confoverrides=overrides)
    assert first.warnings == ""
    assert "index" in first.read and "_generated/archdocs/shop" in first.read
    stubs = {p: p.stat().st_mtime_ns for p in (srcdir / "_generated/archdocs").iterdir()}
    second = build(srcdir, confoverrides=overrides)
    assert second.read == []
    # generated stubs were not rewritten: sphinx-autobuild sees no change, so no loop
    assert {p: p.stat().st_mtime_ns for p in (srcdir / "_generated/archdocs").iterdir()} == stubs


#: Of those, the pages that only draw shop's modules (boxes and edges, no text of theirs).
DIAGRAMS_OF_ALL_OF_SHOP = [f"snippets/{fmt}_{name}" for fmt in ("md", "rst")
                           for name in ("diagram", "diagram_options")]


def test_a_comment_edit_rereads_only_the_pages_showing_that_files_text(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    """Its line count is on the pages listing or describing it; the pages that only draw its
    imports or list it as an importer of shop.cart show nothing that changed."""
    srcdir = project()
    build(srcdir)
    views = srcdir / "code/src/shop/api/views.py"
    touch(views, views.read_text() + "\n# a comment: the imports stay as they were\n")
    result = build(srcdir)
    assert result.read == sorted([
        *(set(PAGES_SHOWING_ALL_OF_SHOP) - set(DIAGRAMS_OF_ALL_OF_SHOP)),
        "_generated/archdocs/shop.api",  # its own package page
        "api",  # archdocs-tree shop.api
    ])
    assert "views.py — 14 lines" in result.html("api")


def test_an_import_edit_also_rereads_the_pages_drawing_it(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    build(srcdir)
    views = srcdir / "code/src/shop/api/views.py"
    touch(views, views.read_text() + "\n\nfrom shop import boom\n")
    result = build(srcdir)
    assert result.read == sorted([
        *PAGES_SHOWING_ALL_OF_SHOP,
        "_generated/archdocs/shop.api",
        "api",
        "cart",  # the shop.cart card lists shop.api.views as an importer
        "snippets/md_module", "snippets/rst_module",  # the same card
        "snippets/md_diagram_module", "snippets/rst_diagram_module",  # shop.cart's neighbours
    ])
    assert "plain" not in result.read and "index" not in result.read
    assert "shop.boom" in result.html("_generated/archdocs/shop.api")


def test_a_touched_but_unchanged_file_rereads_nothing(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    build(srcdir)
    touch(srcdir / "code/src/shop/api/views.py")
    assert build(srcdir).read == []


def test_a_rebuild_of_unchanged_code_fingerprints_no_page_and_still_sees_the_next_edit(
        project: Callable[..., Path], build: Callable[..., Build],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With every module's file as it was, no page's fingerprint is computed (a 1,362-page site
    spent 0.6 s on them); the edit after such a rebuild still re-reads what it shows."""
    from archdocs.sphinxext import analysis
    srcdir = project()
    build(srcdir)
    fingerprinted: list[str] = []
    original = analysis._fingerprint

    def counting(found: Any, record: Any) -> str:
        fingerprinted.append(record.fingerprint)
        return original(found, record)

    monkeypatch.setattr(analysis, "_fingerprint", counting)
    assert build(srcdir).read == [] and fingerprinted == []
    views = srcdir / "code/src/shop/api/views.py"
    touch(views, views.read_text() + "\n# a comment\n")
    assert "_generated/archdocs/shop.api" in build(srcdir).read and fingerprinted != []


def test_editing_an_unrelated_module_leaves_the_api_pages_alone(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    build(srcdir)
    boom = srcdir / "code/src/shop/boom.py"
    touch(boom, boom.read_text() + "\n# edited\n")
    result = build(srcdir)
    # the pages showing every module of shop, less those that only draw them
    assert result.read == sorted(set(PAGES_SHOWING_ALL_OF_SHOP) - set(DIAGRAMS_OF_ALL_OF_SHOP))


def test_adding_a_module_rereads_the_pages_listing_its_package(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    build(srcdir)
    routes = srcdir / "code/src/shop/api/routes.py"
    routes.write_text('"""URL routes."""\n')
    result = build(srcdir)
    # api.md and the shop page depend on no existing file that changed: only the module-set
    # fingerprint (env-get-outdated) can tell they are outdated
    assert "api" in result.read
    assert "_generated/archdocs/shop" in result.read
    assert "_generated/archdocs/shop.api" in result.read  # its stub gained a card
    # (the shop.cart card is re-read too: its transitive-dependents count covers all of shop)
    assert "plain" not in result.read and "index" not in result.read
    assert "routes.py — 1 line" in result.html("api")
    assert 'id="module-shop-api-routes"' in result.html("_generated/archdocs/shop.api")


def test_deleting_a_module_removes_it_everywhere(project: Callable[..., Path],
                                                 build: Callable[..., Build]) -> None:
    srcdir = project()
    build(srcdir)
    (srcdir / "code/src/shop/api/views.py").unlink()
    result = build(srcdir)
    assert "api" in result.read and "cart" in result.read
    assert "views.py" not in result.html("api")
    assert "api.views" not in result.html("cart")
    assert "plain" not in result.read


def test_removing_a_package_deletes_its_stale_stub(project: Callable[..., Path],
                                                   build: Callable[..., Build]) -> None:
    srcdir = project()
    build(srcdir)
    assert (srcdir / "_generated/archdocs/shop.api.md").is_file()
    for path in (srcdir / "code/src/shop/api").iterdir():
        path.unlink()
    (srcdir / "code/src/shop/api").rmdir()
    (srcdir / "api.md").unlink()
    result = build(srcdir)
    assert not (srcdir / "_generated/archdocs/shop.api.md").exists()
    assert "shop.api" not in result.html("_generated/archdocs/shop").replace("shop.api.", "")


def test_parallel_build_equals_serial_build(project: Callable[..., Path],
                                            build: Callable[..., Build]) -> None:
    serial = build(project(dest="serial"))
    parallel = build(project(dest="parallel"), parallel=2)
    assert parallel.merged > 0, "the -j 2 build did not read in parallel"
    assert serial.warnings == parallel.warnings.replace("/parallel/", "/serial/")
    pages = sorted(p.relative_to(serial.outdir) for p in serial.outdir.rglob("*.html"))
    assert pages == sorted(p.relative_to(parallel.outdir) for p in parallel.outdir.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        assert (serial.outdir / page).read_bytes() == (parallel.outdir / page).read_bytes(), page


def test_code_is_loaded_once_per_build(project: Callable[..., Path], build: Callable[..., Build],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Thirty-odd directives on twenty-odd pages share one snapshot; a second build reloads it
    (the code may have changed) from the facts cache in the doctree dir, not the source dir."""
    from archdocs.reading.load import load_snapshot  # the function the extension calls
    from archdocs.sphinxext import analysis

    loads: list[Path] = []

    def counting(source: Path, *args: Any, **kwargs: Any) -> object:
        loads.append(source)
        return load_snapshot(source, *args, **kwargs)

    monkeypatch.setattr(analysis, "load_snapshot", counting)
    srcdir = project()
    build(srcdir)
    assert loads == [srcdir / "code"]
    build(srcdir)
    assert len(loads) == 2
    assert (srcdir / "_build/doctrees/archdocs/facts.sqlite3").is_file()
    assert not list(srcdir.glob("*.sqlite3")) and not list((srcdir / "code").rglob("*.sqlite3"))


def test_a_new_importer_elsewhere_rereads_the_pages_listing_the_importers(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    """shop.api's __init__ starts importing shop.cart: nothing the shop.cart card recorded names
    it (not an importer when the page was read, no module added), yet its "imported by" list,
    the inventory's fan-in and the module diagram change; removing the import changes them back."""
    srcdir = project()
    build(srcdir)
    init = srcdir / "code/src/shop/api/__init__.py"
    before = init.read_text()
    touch(init, before + "\nfrom shop import cart\n")
    added = build(srcdir)
    cards = {"cart", "snippets/md_module", "snippets/rst_module"}  # the shop.cart card
    diagrams = {"snippets/md_diagram_module", "snippets/rst_diagram_module"}  # shop.cart's view
    inventories = {"snippets/md_inventory", "snippets/rst_inventory"}  # fan-in of shop.cart
    assert cards | diagrams | inventories <= set(added.read)
    assert "plain" not in added.read and "index" not in added.read
    assert ">shop.api</a>" in _imported_by(added.html("cart"))
    touch(init, before)
    removed = build(srcdir)
    assert cards | diagrams | inventories <= set(removed.read)
    assert "plain" not in removed.read and "index" not in removed.read
    assert ">shop.api</a>" not in _imported_by(removed.html("cart"))
    assert ">shop.api.views</a>" in _imported_by(removed.html("cart"))


def _imported_by(html: str) -> str:
    """The "Imported by" field of a module card's HTML."""
    return html.split("Imported by", 1)[1].split("</dd>", 1)[0]
