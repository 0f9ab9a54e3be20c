"""``archdocs-contracts`` in a real Sphinx build: each contract kept or broken with its violating
imports at file:line, the same from rST and MyST; names from the file stay text; a mistake in the
file is a located warning."""

from __future__ import annotations

import re
from html import unescape
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from tests.helpers.contract_cases import CASES
from tests.helpers.files import write_tree as write

CONF = """\
extensions = ["archdocs", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "code"]
archdocs_sources = ["code"]
"""
HOSTILE = """
[importlinter:contract:2]
name = <script>alert(1)</script> *not emphasis* "quoted" -- it's
type = forbidden
source_modules = pkg.ui
forbidden_modules = pkg.data
"""


def build(srcdir: Path) -> tuple[str, dict[str, str]]:
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        pages = {name: (Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8")
                 for name in ("rst", "md")}
        return app.warning.getvalue(), pages
    finally:
        app.cleanup()


def body(html: str) -> str:
    start = html.index('class="archdocs-note"')
    return re.sub(r"\s+", " ", html[start:html.index("</section>", start)])


def test_contracts_directive(tmp_path: Path) -> None:
    tree, config = CASES["layers"]
    srcdir = write(tmp_path / "proj", {
        "conf.py": CONF, "contracts.ini": config + HOSTILE,
        **{f"code/{k}": v for k, v in tree.items()},
        "index.rst": "Index\n=====\n\n.. toctree::\n\n   rst\n   md\n",
        "rst.rst": "Contracts\n=========\n\n.. archdocs-contracts:: /contracts.ini\n",
        "md.md": "# Contracts\n\n```{archdocs-contracts} /contracts.ini\n```\n",
    })
    warnings, pages = build(srcdir)
    assert warnings == ""
    html = pages["rst"]
    assert "2 contracts in contracts.ini: 0 kept, 2 broken." in html
    assert html.count("<em>broken</em>") == 2
    assert "pkg/domain/service.py:3</span></code>: contract" in html
    assert "pkg.domain.service:3 → pkg.helpers:1 → pkg.ui.views" in html
    # shown as written: no markup, no smart quotes or dashes
    assert ("&lt;script&gt;alert(1)&lt;/script&gt; *not emphasis* &quot;quoted&quot; -- it's"
            in html)
    assert "<script>alert" not in html
    assert body(pages["md"]) == body(html)


def test_bad_contract_file_is_a_located_warning(tmp_path: Path) -> None:
    tree, _ = CASES["layers"]
    srcdir = write(tmp_path / "proj", {
        "conf.py": CONF, "contracts.ini": "[importlinter]\nroot_package = pkg\n"
        "[importlinter:contract:1]\nname = X\ntype = layerz\n",
        **{f"code/{k}": v for k, v in tree.items()},
        "index.rst": "Index\n=====\n\n.. toctree::\n\n   rst\n   md\n",
        "rst.rst": "Contracts\n=========\n\n.. archdocs-contracts:: contracts.ini\n",
        "md.md": "# Contracts\n",
    })
    warnings, pages = build(srcdir)
    assert re.search(r"rst\.rst:4: WARNING: archdocs-contracts: contracts\.ini:5: contract 'X': "
                     r"type 'layerz' is not one archdocs checks", warnings), warnings
    assert "archdocs-error" in pages["rst"]


def mermaid_sources(html: str) -> list[str]:
    """The Mermaid text of each archdocs diagram on a page, as the browser reads it."""
    return [unescape(code).strip() for code in re.findall(
        r'<div class="archdocs-diagram archdocs-mermaid[^"]*"[^>]*>\s*'
        r'<pre[^>]*class="mermaid"[^>]*>(.*?)</pre>', html, re.DOTALL)]


def test_layers_diagram(tmp_path: Path) -> None:
    """A layers contract is drawn: layers stacked top first, violating imports as red arrows,
    each listed under the diagram at file:line; a contract of another type is not drawn."""
    tree, config = CASES["layers"]
    srcdir = write(tmp_path / "proj", {
        "conf.py": CONF + 'archdocs_packages = ["pkg"]\n', "contracts.ini": config + HOSTILE,
        **{f"code/{k}": v for k, v in tree.items()},
        "index.rst": ("Index\n=====\n\n.. toctree::\n\n   rst\n   md\n"
                      "   _generated/archdocs/index\n"),
        "rst.rst": "Contracts\n=========\n\n.. archdocs-contracts:: /contracts.ini\n",
        "md.md": "# Contracts\n\n```{archdocs-contracts} /contracts.ini\n```\n",
    })
    warnings, pages = build(srcdir)
    assert warnings == ""
    html = pages["rst"]
    (code,) = mermaid_sources(html)  # the layers contract only, not the forbidden one
    lines = code.splitlines()
    assert lines[0] == "flowchart BT"
    titles = [line.strip() for line in lines if line.strip().startswith("subgraph layer_")]
    assert titles == ['subgraph layer_1["layer 1"]', 'subgraph layer_2["layer 2"]',
                      'subgraph layer_3["layer 3"]']
    arrows = [line.strip() for line in lines if "-->" in line or "-.->" in line]
    assert arrows == ["n_pkg_data_repo --> n_pkg_ui_views",
                      "n_pkg_data_typed --> n_pkg_domain_model",
                      "n_pkg_domain_service -.-> n_pkg_ui_views"]
    links = [line for line in lines if "~~~" in line or "-->" in line or "-.->" in line]
    red = [links.index(line) for line in links if "~~~" not in line]
    assert f"linkStyle {','.join(map(str, red))} stroke:#c0392b" in code
    # boxes open the module pages of the generated reference
    assert ('click n_pkg_ui_views href "_generated/archdocs/pkg.ui.html#module-pkg-ui-views"'
            in code)
    # the legend, then each violating import with its file:line, under the diagram
    text = body(html)
    legend = text.index("Red arrows: imports that break the contract")
    assert text.index('class="archdocs-diagram') < legend < text.index(
        "pkg/data/repo.py:5</span></code>")
    assert mermaid_sources(pages["md"]) == [code]
