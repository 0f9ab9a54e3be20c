"""In Chromium, with the vendored Mermaid: a diagram's labels read exactly as the module names
(markdown-looking names included), every box carries one of the diagram classes with a label
contrast of at least 4.5:1, and a cycle made only by folding is amber, not red."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from harness import render_mermaid, serve_directory
from tests.helpers.colour import contrast

REPO = Path(__file__).resolve().parents[2]
try:
    import archdocs  # noqa: F401
except ImportError:  # running from a checkout without PYTHONPATH=src
    sys.path.insert(0, str(REPO / "src"))

CODE = {
    "odd/__init__.py": "",
    "odd/__main__.py": "from odd import _impl_, _private, a_b_c\n",
    "odd/_impl_.py": "",
    "odd/_private.py": "",
    "odd/a_b_c.py": "",
    "odd/pkg_a/__init__.py": "",
    "odd/pkg_a/x.py": "from odd.pkg_b import y\n",
    "odd/pkg_a/w.py": "",
    "odd/pkg_b/__init__.py": "",
    "odd/pkg_b/y.py": "",
    "odd/pkg_b/z.py": "from odd.pkg_a import w\n",
}
PAGE = """\
Odd
===

.. archdocs-diagram:: odd

.. archdocs-diagram:: odd
   :depth: 1
"""
CLASSES = {"archdocs_module", "archdocs_package", "archdocs_cycle", "archdocs_foldcycle",
           "archdocs_focus"}

#: Per node: its classes, its shape's fill and its label's colour, as the browser computes them.
NODES_JS = """(index) => {
    const svg = document.querySelectorAll('.mermaid svg')[index];
    return Array.from(svg.querySelectorAll('g.node')).map(node => {
        const shape = node.querySelector('rect, polygon, path');
        const label = node.querySelector('.nodeLabel') || node;
        return {classes: node.getAttribute('class').split(/\\s+/),
                fill: getComputedStyle(shape).fill, color: getComputedStyle(label).color,
                text: label.textContent};
    });
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sphinx.cmd.build import build_main

    base = tmp_path_factory.mktemp("labels")
    src = base / "src"
    for rel, text in CODE.items():
        path = src / "code" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (src / "conf.py").write_text('extensions = ["archdocs"]\narchdocs_sources = ["code"]\n'
                                 'exclude_patterns = ["_build", "code"]\n')
    (src / "index.rst").write_text(PAGE)
    warnings = base / "warnings.txt"
    assert build_main(["-E", "-q", "-b", "html", "-w", str(warnings), str(src),
                       str(base / "html")]) == 0
    assert not warnings.read_text().strip()
    return base / "html"


@pytest.mark.browser
def test_labels_read_as_module_names_and_every_box_is_styled(site: Path, browser_page) -> None:
    with serve_directory(site) as base:
        blocks = render_mermaid(browser_page, base + "index.html")
        assert [b["error"] for b in blocks] == [None, None]
        modules, folded = (browser_page.page.evaluate(NODES_JS, i) for i in (0, 1))
    assert {"__main__", "_impl_", "_private", "a_b_c", "pkg_a.x"} <= {n["text"] for n in modules}
    assert {"pkg_a/ (2)", "pkg_b/ (2)", "__main__"} <= {n["text"] for n in folded}
    for node in modules + folded:
        assert len(CLASSES & set(node["classes"])) == 1, node
        assert contrast(node["fill"], node["color"]) >= 4.5, node
    # no module cycle anywhere: the folded pkg_a ⇄ pkg_b circle is amber, nothing is red
    amber = {n["text"] for n in folded if "archdocs_foldcycle" in n["classes"]}
    assert amber == {"pkg_a/ (2)", "pkg_b/ (2)"}
    assert not any("archdocs_cycle" in n["classes"] for n in modules + folded)
