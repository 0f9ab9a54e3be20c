"""``archdocs-contracts`` in a real Sphinx build: each contract kept or broken with its violating
imports at file:line, the same from rST and MyST; names from the file stay text; a mistake in the
file is a located warning."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from tests.contracts.cases import CASES
from tests.contracts.test_contracts import write

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
