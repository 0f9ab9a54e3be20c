"""Diagram rendering: links per builder, the Graphviz renderer and its fallback, and folding that
keeps every Mermaid diagram under Mermaid's limits."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers.ci import skip_or_fail
from tests.helpers.sphinx_build import Build, mermaid_clicks

from archdocs.analysis.views import EDGE_BUDGET, NODE_BUDGET

GRAPHVIZ_RST = """\
:orphan:

Graphviz
========

.. archdocs-diagram:: shop
   :renderer: graphviz
"""


def test_links_are_relative_to_each_page_for_dirhtml(project: Callable[..., Path],
                                                     build: Callable[..., Build]) -> None:
    result = build(project(), "dirhtml")
    html = (result.outdir / "snippets/rst_diagram/index.html").read_text()
    assert mermaid_clicks(html)[:3] == [
        "../../_generated/archdocs/shop/",
        "../../_generated/archdocs/shop.api/",
        "../../_generated/archdocs/shop.api/#module-shop-api-views",
    ]
    # on the package's own page, its modules' cards are anchors on the same page
    own = (result.outdir / "_generated/archdocs/shop/index.html").read_text()
    assert "#module-shop-cart" in mermaid_clicks(own)


def test_graphviz_renderer_inlines_svg_with_resolved_links(project: Callable[..., Path],
                                                          build: Callable[..., Build]) -> None:
    if shutil.which("dot") is None:
        skip_or_fail("Graphviz 'dot' is not installed")
    srcdir = project()
    (srcdir / "graphviz.rst").write_text(GRAPHVIZ_RST)
    result = build(srcdir)
    assert result.warnings == ""
    html = result.html("graphviz")
    assert "<svg" in html and 'class="mermaid"' not in html
    assert 'xlink:href="_generated/archdocs/shop.html#module-shop-cart"' in html
    assert "archdocs-module:" not in html  # no placeholder left
    # the same classes, colours and dashes as Mermaid, and the same legend
    assert html.count('class="node archdocs_cycle"') == 2
    assert html.count('class="node archdocs_module"') == 4
    assert 'stroke="#c0392b"' in html and 'stroke-dasharray="5,2"' in html
    assert "Red: a box holding a module of an import-time import cycle" in html


def test_graphviz_without_dot_falls_back_to_mermaid(project: Callable[..., Path],
                                                    build: Callable[..., Build],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    srcdir = project()
    (srcdir / "graphviz.rst").write_text(GRAPHVIZ_RST)
    monkeypatch.setenv("PATH", "")
    result = build(srcdir)
    assert (f"{srcdir / 'graphviz.rst'}:6: WARNING: archdocs-diagram: :renderer: graphviz needs "
            "Graphviz's 'dot'") in result.warnings
    assert 'class="mermaid"' in result.html("graphviz")


def big_package(root: Path, packages: int = 60, modules: int = 10) -> None:
    """``big.pI.mJ`` imports ``big.p(I+1).mJ`` and ``big.p(I+2).mJ``: 1,200 module edges."""
    (root / "big").mkdir(parents=True)
    (root / "big/__init__.py").write_text("")
    for i in range(packages):
        folder = root / f"big/p{i}"
        folder.mkdir()
        (folder / "__init__.py").write_text("")
        for j in range(modules):
            imports = "".join(f"from big.p{(i + k) % packages} import m{j}\n" for k in (1, 2))
            (folder / f"m{j}.py").write_text(imports)


def _mermaid_code(html: str) -> str:
    code = re.search(r'<pre\s+class="mermaid">(.*?)</pre>', html, re.DOTALL)
    assert code is not None
    return code.group(1)


def test_big_diagrams_fold_within_the_budget_and_say_so(tmp_path: Path,
                                                        build: Callable[..., Build]) -> None:
    srcdir = tmp_path / "big"
    big_package(srcdir / "code")
    (srcdir / "conf.py").write_text('extensions = ["archdocs"]\narchdocs_sources = ["code"]\n'
                                    'exclude_patterns = ["_build", "code"]\n')
    (srcdir / "index.rst").write_text("Big\n===\n\n.. archdocs-diagram:: big\n")
    result = build(srcdir)
    assert result.warnings == ""
    html = result.html("index")
    text = _mermaid_code(html)
    assert len(re.findall(r"^    n_\w+\[", text, re.MULTILINE)) == NODE_BUDGET
    assert 0 < text.count("--&gt;") <= EDGE_BUDGET
    assert "n_big_p0_m0" not in text and "n_big_p0[[" in text
    prose = re.sub(r"<[^>]+>", "", html)
    assert f"Folded to 1 level below big to keep the diagram within {NODE_BUDGET} boxes" in prose
    assert f"Only the {NODE_BUDGET} most connected of 61 boxes are drawn; left out: big, p45" \
        in prose
    assert "A dependency matrix (archdocs-matrix) shows every import." in prose


@pytest.mark.parametrize("documented", [False, True])
def test_the_legend_offers_drill_down_only_where_packages_have_pages(
        tmp_path: Path, build: Callable[..., Build], documented: bool) -> None:
    srcdir = tmp_path / "big"
    big_package(srcdir / "code", packages=6)
    pages = 'archdocs_packages = ["big"]\n' if documented else ""
    (srcdir / "conf.py").write_text('extensions = ["archdocs", "myst_parser"]\n'
                                    'archdocs_sources = ["code"]\n' + pages +
                                    'exclude_patterns = ["_build", "code"]\n')
    (srcdir / "index.rst").write_text("Big\n===\n\n.. archdocs-diagram:: big\n   :depth: 1\n")
    html = build(srcdir).html("index")
    assert ("a package box opens that package’s page" in html) is documented
    assert ("No page of their own" in html) is not documented
    if not documented:
        assert "nearest documented page above: <code" in html


def test_a_package_with_a_thousand_children_keeps_the_most_connected(
        tmp_path: Path, build: Callable[..., Build]) -> None:
    srcdir = tmp_path / "wide"
    package = srcdir / "code/wide"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    count = 1200
    for i in range(count):
        # module_0000 is imported by every tenth module: the most connected box
        hub = "from wide import module_0000\n" if i % 10 == 0 and i else ""
        (package / f"module_{i:04}.py").write_text(
            hub + "".join(f"from wide import module_{(i + k) % count:04}\n" for k in (1, 2, 3)))
    (srcdir / "conf.py").write_text('extensions = ["archdocs"]\narchdocs_sources = ["code"]\n'
                                    'exclude_patterns = ["_build", "code"]\n')
    (srcdir / "index.rst").write_text("Wide\n====\n\n.. archdocs-diagram:: wide\n")
    result = build(srcdir)
    assert result.warnings == ""
    html = result.html("index")
    text = _mermaid_code(html)
    assert len(re.findall(r"^    n_\w+\[", text, re.MULTILINE)) == NODE_BUDGET
    assert "n_wide_module_0000[" in text
    assert f"Only the {NODE_BUDGET} most connected of 1201 boxes are drawn" in html


def test_labels_escape_only_what_mermaid_would_read(tmp_path: Path,
                                                     build: Callable[..., Build]) -> None:
    """Mermaid 11 reads quoted labels as markdown (``__main__`` would be a bold "main"):
    underscores that could pair become ``#95;``; ``_private`` stays as it is."""
    srcdir = tmp_path / "under"
    package = srcdir / "code/tool"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "__main__.py").write_text("from tool import _impl_, _private\n")
    (package / "_impl_.py").write_text("")
    (package / "_private.py").write_text("")
    (srcdir / "conf.py").write_text('extensions = ["archdocs"]\narchdocs_sources = ["code"]\n'
                                    'exclude_patterns = ["_build", "code"]\n')
    (srcdir / "index.rst").write_text("Tool\n====\n\n.. archdocs-diagram:: tool\n")
    html = build(srcdir).html("index")
    assert "n_tool___main__[&quot;#95;#95;main#95;#95;&quot;]" in html
    assert "[&quot;#95;impl#95;&quot;]" in html
    assert "n_tool__private[&quot;_private&quot;]" in html
