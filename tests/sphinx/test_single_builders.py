"""Builders that assemble one document from the toctree (singlehtml, LaTeX, Texinfo, man, epub)
get every generated page, whatever the navigation budget: the budget bounds the navigation the
HTML builders copy into every page, and a page no toctree holds would be missing from the book."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers.sphinx_build import Build, two_level_site

from archdocs.sphinxext.offline import MERMAID_UMD, vendor_notes

GEN = "_generated/archdocs/"
#: The package pages of the site, with a class name only their own page shows (on its module
#: card): in HTML each is on its page alone, so a book holding them all holds every page.
#: (Matched as ``own(?![A-Z])``: man pages write bold as ``\fBOwnBig``.)
OWN = {"big": "OwnBig", "big.a": "OwnBigA", "big.a.x": "OwnBigAX", "big.a.y": "OwnBigAY",
       "big.b": "OwnBigB", "big.b.x": "OwnBigBX", "big.b.y": "OwnBigBY"}
DEEP = ("big.a.x", "big.a.y", "big.b.x", "big.b.y")
MERMAID_STATIC = f"_static/{MERMAID_UMD}"


@pytest.fixture
def over_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Seven package pages over a navigation budget of 3: the HTML navigation holds big, big.a
    and big.b; the four pages below are linked from their parent's page."""
    from archdocs.sphinxext import pages
    monkeypatch.setattr(pages, "NAV_PAGES", 3)
    srcdir = two_level_site(tmp_path / "site")
    for package, own in OWN.items():
        folder = srcdir.joinpath("code", *package.split("."))
        (folder / "own.py").write_text(f'"""Own module."""\n\n\nclass {own}:\n    pass\n')
    return srcdir


def stubs(srcdir: Path) -> list[str]:
    return sorted(GEN + path.stem for path in (srcdir / GEN).glob("*.md"))


def test_html_shows_each_own_class_on_its_page_alone(over_budget: Path,
                                                     build: Callable[..., Build]) -> None:
    """The oracle of the books below: each marker is content of one page only."""
    result = build(over_budget)
    assert result.warnings == ""
    assert "it holds 1 levels below big" in result.app.status.getvalue()  # over the budget
    for package, own in OWN.items():
        holders = [p.stem for p in result.outdir.rglob("*.html")
                   if re.search(rf"{own}(?![A-Z])", p.read_text(encoding="utf-8"))]
        assert holders == [package], (own, holders)


def test_singlehtml_holds_every_generated_page(over_budget: Path,
                                               build: Callable[..., Build]) -> None:
    result = build(over_budget, "singlehtml")
    assert result.warnings == ""  # no page outside a toctree, no unresolved link
    book = (result.outdir / "index.html").read_text(encoding="utf-8")
    for docname in stubs(over_budget):  # each page inlined where its parent's toctree is
        assert f'id="document-{docname}"' in book, docname
    for own in OWN.values():
        assert re.search(rf"{own}(?![A-Z])", book), own
    assert "Part of" not in book  # every page is in the tree: no way back to add
    assert "levels below big" not in result.app.status.getvalue()  # no budget said


@pytest.mark.parametrize(("builder", "book"), [("latex", "*.tex"), ("texinfo", "*.texi"),
                                               ("man", "*.1")])
def test_latex_texinfo_and_man_hold_every_generated_page(
        over_budget: Path, build: Callable[..., Build], builder: str, book: str) -> None:
    result = build(over_budget, builder)
    assert result.warnings == ""
    (path,) = result.outdir.glob(book)
    text = path.read_text(encoding="utf-8")
    for own in OWN.values():
        assert re.search(rf"{own}(?![A-Z])", text), own


def test_epub_reads_every_generated_page_in_order(over_budget: Path,
                                                  build: Callable[..., Build]) -> None:
    result = build(over_budget, "epub", confoverrides={"copyright": "2026", "version": "1"})
    assert result.warnings == ""  # the vendored Mermaid's licences warn no "unknown mimetype"
    content = (result.outdir / "content.opf").read_text(encoding="utf-8")
    # they leave the book with the code they license (an epub packages no JavaScript)
    assert "vendor/mermaid" not in content
    files = dict(re.findall(r'<item id="([^"]+)"\s+href="([^"]+)"', content))
    spine = [files[ref] for ref in re.findall(r'<itemref idref="([^"]+)" */>', content)]
    # every generated page in the reading order (none appended as linear="no")
    assert {f"{docname}.xhtml" for docname in stubs(over_budget)} <= set(spine), spine


def test_html_ships_the_licences_the_epub_leaves_out(over_budget: Path,
                                                     build: Callable[..., Build]) -> None:
    site = build(over_budget).outdir
    notes = vendor_notes()
    assert "_static/vendor/mermaid/LICENSE" in notes  # the folder the bundle is vendored in
    assert (site / MERMAID_STATIC).is_file()
    for name in notes:
        assert (site / name).read_text(encoding="utf-8").strip(), name


def test_html_after_a_book_in_the_same_tree_is_the_same_html(
        over_budget: Path, build: Callable[..., Build]) -> None:
    """``make html latexpdf`` shares one environment: the stubs change with the builder, the
    pages that changed are read again, and the HTML comes back byte for byte."""
    first = build(over_budget)
    site = {p: p.read_bytes() for p in first.outdir.rglob("*.html")}
    latex = build(over_budget, "latex")
    assert latex.warnings == ""
    # the pages whose place changes: the last level held lists its children, deeper ones join
    assert set(latex.read) == {GEN + name for name in ["big.a", "big.b", *DEEP]}
    again = build(over_budget)
    assert again.warnings == ""
    assert set(again.read) == set(latex.read)
    assert {p: p.read_bytes() for p in again.outdir.rglob("*.html")} == site
