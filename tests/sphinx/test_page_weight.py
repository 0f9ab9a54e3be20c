"""A generated page costs about its own content: each module it shows adds a bounded number of
doctree nodes (what Sphinx's transforms, reference resolution, writer and search index visit) and
HTML bytes, and a module reference is one text node that stays a link, resolved by the archdocs
domain, in every builder. Generated lists of other modules are left out of the search index; the
modules are found by name through the domain's objects."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from tests.helpers.sphinx_build import Build

#: Modules of the synthetic package, each importing the next four and ``core``.
WIDE = 120
#: Budgets per module of the package's page (measured: 84 nodes and ~2,550 bytes; a reference
#: as ``literal`` inside the link, with a title, and a literal per public name made it 116 nodes
#: and ~3,870 bytes).
NODES_PER_MODULE = 95
BYTES_PER_MODULE = 3_000


def wide_site(srcdir: Path) -> Path:
    """``wide``: ``core`` and ``m0``..``m119`` (each imports the next four: no cycle), eight
    public functions each; ``other.zebrafish``, which ``wide.m0`` alone imports; ``wide.m3``
    imports the library ``yamlfish``."""
    files = {"wide/__init__.py": '"""A wide package."""\n',
             "wide/core.py": "def helper() -> int:\n    return 1\n",
             "other/__init__.py": "", "other/zebrafish.py": '"""Fish."""\n'}
    for i in range(WIDE):
        imports = "".join(f"from wide import m{j}\n" for j in range(i + 1, min(i + 5, WIDE)))
        extra = {0: "from other import zebrafish\n", 3: "import yamlfish\n"}.get(i, "")
        names = "".join(f"def f{k}_{i}() -> None:\n    pass\n\n\n" for k in range(8))
        files[f"wide/m{i}.py"] = (f'"""Module {i}."""\n\nfrom wide import core\n{imports}{extra}'
                                  f"\n\n{names}")
    for name, text in files.items():
        path = srcdir / "code" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "archdocs"]\nexclude_patterns = ["_build", "code"]\n'
        'archdocs_sources = ["code"]\narchdocs_packages = ["wide", "other"]\n')
    (srcdir / "index.md").write_text("# Wide\n\n```{toctree}\n_generated/archdocs/index\n```\n")
    return srcdir


def page_body(html: str) -> str:
    """The page's content (alabaster), without the navigation around it."""
    return html[html.index('<div class="body" role="main">'):
                html.index('<div class="sphinxsidebar"')]


def test_a_generated_page_costs_about_its_modules(tmp_path: Path,
                                                  build: Callable[..., Build]) -> None:
    result = build(wide_site(tmp_path / "site"), confoverrides={"html_theme": "alabaster"})
    assert result.warnings == ""
    page = "_generated/archdocs/wide"
    doctree = result.doctree(page)
    assert len(list(doctree.findall(addnodes.pending_xref))) > 8 * WIDE  # imports, importers
    count = sum(1 for _ in doctree.findall())
    assert count <= NODES_PER_MODULE * WIDE, f"{count / WIDE:.1f} nodes a module"
    body = page_body(result.html(page))
    assert len(body) <= BYTES_PER_MODULE * WIDE, f"{len(body) / WIDE:.0f} bytes a module"
    # the content is all there: every card, its imports and importers linked, its public names
    assert body.count('<div class="archdocs-module') == WIDE + 2  # wide, core, m0..m119
    assert re.search(r'<a class="archdocs-mod reference internal" href="#module-wide-m7">'
                     r"wide\.m7</a>", body)
    assert "f0_7, f1_7, f2_7" in re.sub(r"<[^>]+>", "", body)


def test_references_are_text_links_in_html_and_code_in_other_formats(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project()
    html = build(srcdir)
    shop = html.html("_generated/archdocs/shop")
    # shop.cart's card: its import, a link to a card on the same page, the name its only text
    assert '<a class="archdocs-mod reference internal" href="#module-shop-pricing">' \
           "shop.pricing</a>" in shop
    assert '<code class="xref archdocs-mod' not in shop  # no code element around generated names
    xrefs = list(html.doctree("_generated/archdocs/shop").findall(addnodes.pending_xref))
    generated = [x for x in xrefs if x["refdomain"] == "archdocs"]
    assert generated and all(isinstance(x[0], nodes.Text) for x in generated)
    # the text builder shows code as "name"; LaTeX links the name set as code
    text = build(srcdir, "text").outdir / "_generated/archdocs/shop.txt"
    assert '"shop.pricing"' in text.read_text(encoding="utf-8")
    latex = build(srcdir, "latex")
    (book,) = latex.outdir.glob("*.tex")
    assert re.search(r"\\hyperref\[\\detokenize\{[^}]*:module-shop-pricing\}\]\{\\sphinxcrossref\{"
                     r"\\sphinxcode\{\\sphinxupquote\{shop\.pricing\}\}\}\}",
                     book.read_text(encoding="utf-8"))
    # no generated pages: the card on a page of the docs names a module without a card as code
    bare = project(dest="bare")
    index = bare / "index.rst"
    index.write_text(index.read_text().replace("   _generated/archdocs/index\n", ""))
    cart = build(bare, confoverrides={"archdocs_packages": []}).html("cart")
    assert '<span class="archdocs-mod">shop.pricing</span>' in cart


def test_smart_quotes_leave_names_as_written(project: Callable[..., Path],
                                             build: Callable[..., Build]) -> None:
    """A reference's text is shown as written, even where smart quotes would change it (a name
    cannot hold quotes or dashes; a label of a reference could)."""
    srcdir = project()
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + '''

from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class Label(SphinxDirective):
    def run(self):
        from archdocs.sphinxext.domain import xref
        return [nodes.paragraph("", "", nodes.Text('"quoted" -- '),
                                xref("shop.cart", '"cart" -- ... \\'s'))]


def setup(app):
    app.add_directive("label-test", Label)
''')
    (srcdir / "label.rst").write_text("Label\n=====\n\n.. label-test::\n")
    result = build(srcdir)
    body = page_body(result.html("label"))
    assert "“quoted” – " in body  # smart quotes on: the text around is educated
    assert re.search(r'title="shop\.cart">&quot;cart&quot; -- \.\.\. \'s</a>', body), body


def test_search_finds_modules_by_name_not_by_the_lists_naming_them(
        tmp_path: Path, build: Callable[..., Build]) -> None:
    result = build(wide_site(tmp_path / "site"))
    script = (result.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1:script.rindex(")")])
    docs = index["docnames"]
    # each module is an object of the archdocs domain, at its card or its package's page
    objects = {f"{prefix}.{entry[4]}" if prefix else entry[4]: (docs[entry[0]], entry[3])
               for prefix, entries in index["objects"].items() for entry in entries}
    assert objects["wide.m7"] == ("_generated/archdocs/wide", "module-wide-m7")
    assert objects["other.zebrafish"] == ("_generated/archdocs/other", "module-other-zebrafish")
    assert objects["other"] == ("_generated/archdocs/other", "")
    assert index["objtypes"][str(index["objects"]["wide"][0][1])] == "archdocs:module"
    # wide.m0's card lists other.zebrafish among its imports: that page is no match for it, the
    # page of its card is (its heading)
    def pages(mapping: str, word: str) -> set[str]:
        found = index[mapping].get(word, [])
        return {docs[i] for i in (found if isinstance(found, list) else [found])}

    assert "_generated/archdocs/other" in pages("titleterms", "zebrafish")
    assert "_generated/archdocs/wide" not in pages("terms", "zebrafish") | pages("titleterms",
                                                                                 "zebrafish")
    # what the cards say of themselves stays searchable: public names, summaries, the libraries
    # a module imports
    assert "f3_42" in index["terms"] and "modul" in index["terms"]
    assert pages("terms", "yamlfish") == {"_generated/archdocs/wide"}
