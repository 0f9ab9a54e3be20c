"""On a built page, a diagram says what the page's other sections say: no red where the cycles
section finds no cycle (a cycle made only by folding is amber, and the legend says why), a folded
box counts what the inventory counts, and the cycle listing marks each import's kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.helpers.sphinx_build import Build

CODE = {
    "pkg/__init__.py": "",
    "pkg/a/__init__.py": "",
    "pkg/a/x.py": "from pkg.b import y\n",
    "pkg/a/w.py": "",
    "pkg/b/__init__.py": "",
    "pkg/b/y.py": "",
    "pkg/b/z.py": "from pkg.a import w\n",
    "pkg/c/__init__.py": "",
    "pkg/c/p.py": ("from typing import TYPE_CHECKING\n\n"
                   "if TYPE_CHECKING:\n    from pkg.c import q\n"),
    "pkg/c/q.py": "from pkg.c import p\n",
}

PAGE = """\
Pkg
===

.. archdocs-diagram:: pkg
   :depth: 1

.. archdocs-inventory:: pkg.a

.. archdocs-cycles:: pkg

.. archdocs-cycles:: pkg
   :kinds: all
"""


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_page_draws_no_red_where_its_cycles_section_finds_none(
        tmp_path: Path, build: Callable[..., Build]) -> None:
    srcdir = tmp_path / "honest"
    for rel, source in CODE.items():
        path = srcdir / "code" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    (srcdir / "conf.py").write_text('extensions = ["archdocs"]\narchdocs_sources = ["code"]\n'
                                    'exclude_patterns = ["_build", "code"]\n')
    (srcdir / "index.rst").write_text(PAGE)
    result = build(srcdir)
    assert result.warnings == ""
    html = result.html("index")
    code = re.search(r'<pre\s+class="mermaid">(.*?)</pre>', html, re.DOTALL)
    assert code is not None
    mermaid = code.group(1)
    assert "archdocs_cycle" not in mermaid  # the page finds no import-time cycle
    assert "class n_pkg_a,n_pkg_b archdocs_foldcycle" in mermaid
    text = text_of(html)
    assert "No import cycles in pkg (import-time imports)." in text
    assert ("Amber, dashed outline: boxes that import each other in a circle only because "
            "modules are grouped into packages; no import-time module cycle runs through them"
            in text)
    assert "No module drawn here is in an import-time import cycle." in text
    # the box and the inventory count alike
    assert "a/ (2)" in mermaid and "Total: 2 modules" in text
    assert "not counting __init__.py files, as the inventory counts" in text
    # with every kind, the TYPE_CHECKING cycle is listed and each import says its kind
    assert "from pkg.c import q at pkg/c/p.py:4 (type_checking)" in text
    assert "from pkg.c import p at pkg/c/q.py:1 (runtime)" in text


def test_a_cycle_through_a_parent_package_is_red_as_the_cycles_section_says(
        tmp_path: Path, build: Callable[..., Build]) -> None:
    """``from pkg.sub.leaf import L`` runs ``pkg/sub/__init__`` first, which imports
    ``pkg.helper``: a cycle Python hits at import. The diagram colours what the listing lists."""
    srcdir = tmp_path / "implied"
    code = {"pkg/__init__.py": "",
            "pkg/sub/__init__.py": "from pkg.helper import H\n",
            "pkg/helper.py": "from pkg.sub.leaf import L\n\n\nclass H:\n    pass\n",
            "pkg/sub/leaf.py": "class L:\n    pass\n"}
    for rel, source in code.items():
        path = srcdir / "code" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    (srcdir / "conf.py").write_text('extensions = ["archdocs"]\narchdocs_sources = ["code"]\n'
                                    'exclude_patterns = ["_build", "code"]\n')
    (srcdir / "index.rst").write_text("Pkg\n===\n\n.. archdocs-diagram:: pkg\n\n"
                                      ".. archdocs-cycles:: pkg\n")
    result = build(srcdir)
    assert result.warnings == ""
    html = result.html("index")
    code_block = re.search(r'<pre\s+class="mermaid">(.*?)</pre>', html, re.DOTALL)
    assert code_block is not None
    classes = re.findall(r"class ([\w,]+) archdocs_cycle", code_block.group(1))
    assert classes and {"n_pkg_helper", "n_pkg_sub"} <= set(",".join(classes).split(","))
    assert "No import cycles" not in text_of(html)
