"""What a Sphinx test build left: the build's record (which documents Sphinx read), and the
doctree and HTML extraction the golden comparisons use."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from tests.helpers.files import write_tree


@dataclass
class Build:
    app: SphinxTestApp
    read: list[str] = field(default_factory=list)  #: docnames Sphinx read, in this build
    merged: int = 0  #: env-merge-info calls (> 0 only in a parallel read)

    @property
    def warnings(self) -> str:
        return strip_colors(self.app.warning.getvalue())

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    def doctree(self, docname: str) -> nodes.document:
        return self.app.env.get_doctree(docname)

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")


def body_nodes(doctree: nodes.document) -> list[nodes.Node]:
    """What the page's directives produced: the first section's children after its title."""
    section = next(iter(doctree.findall(nodes.section)))
    return list(section.children[1:])


def pformat(items: list[nodes.Node]) -> str:
    """The nodes' pformat without ``refdoc`` (the name of the page holding a reference)."""
    return re.sub(r' refdoc="[^"]*"', "", "".join(node.pformat() for node in items))


def html_body(html: str) -> str:
    """The HTML of the first section after its heading (headings differ between rST and MyST)."""
    start = html.index("</h1>") + len("</h1>")
    end = html.index("</section>", start)
    return html[start:end].strip() + "\n"


def mermaid_clicks(html: str) -> list[str]:
    """The targets of a page's Mermaid ``click`` lines."""
    return re.findall(r"click \S+ href &quot;([^&]*)&quot;", html)


def migration_rows(make_app: Callable[..., Any], srcdir: Path,
                   files: dict[str, str]) -> dict[str, list[str]]:
    """Write ``files`` under ``srcdir``, build it with Sphinx, and return the rows of the
    migration tables on its index page: each row's id with its cells' text."""
    write_tree(srcdir, files)
    app = make_app("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    return {row["ids"][0]: [entry.astext() for entry in row.children]
            for row in app.env.get_doctree("index").findall(nodes.row) if row["ids"]}


def two_level_site(srcdir: Path) -> Path:
    """``big`` with sub-packages ``a`` and ``b``, each with ``x`` and ``y`` holding one module."""
    for sub in ("a/x", "a/y", "b/x", "b/y"):
        (srcdir / "code/big" / sub).mkdir(parents=True)
        (srcdir / "code/big" / sub / "__init__.py").write_text("")
        (srcdir / "code/big" / sub / "mod.py").write_text("from big import core\n")
    for init in ("__init__.py", "a/__init__.py", "b/__init__.py"):
        (srcdir / "code/big" / init).write_text("")
    (srcdir / "code/big/core.py").write_text("X = 1\n")
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "archdocs"]\nexclude_patterns = ["_build", "code"]\n'
        'archdocs_sources = ["code"]\narchdocs_packages = ["big"]\n')
    (srcdir / "index.md").write_text("# Big\n\n```{toctree}\n_generated/archdocs/index\n```\n")
    return srcdir
