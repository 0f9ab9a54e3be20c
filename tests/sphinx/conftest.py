"""Helpers for the Sphinx extension tests: a fresh copy of a test root per test, builds that
record which documents Sphinx read, and doctree/HTML extraction for golden comparisons."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

ROOTS = Path(__file__).resolve().parent.parent / "roots"
GOLDEN = Path(__file__).resolve().parent / "golden"
#: Set to 1 to rewrite the golden files from the current output (then review the diff).
UPDATE_GOLDEN = os.environ.get("ARCHDOCS_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


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


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """A private copy of a test root (builds write generated pages into their source dir)."""

    def copy(name: str = "archdocs", dest: str = "proj") -> Path:
        target = tmp_path / dest
        shutil.copytree(ROOTS / f"test-{name}", target)
        return target

    return copy


@pytest.fixture
def build(make_app: Callable[..., SphinxTestApp]) -> Callable[..., Build]:
    """Build a project (incrementally when its ``_build`` exists) and record what was read."""

    def run(srcdir: Path, buildername: str = "html", **kwargs: Any) -> Build:
        app = make_app(buildername, srcdir=srcdir, **kwargs)
        result = Build(app)

        def before_read(app: Any, env: Any, docnames: list[str]) -> None:
            result.read.extend(sorted(docnames))

        def merged(app: Any, env: Any, docnames: Any, other: Any) -> None:
            result.merged += 1

        app.connect("env-before-read-docs", before_read)
        app.connect("env-merge-info", merged)
        try:
            app.build()
        finally:
            app.cleanup()  # undo global docutils registrations before the next app is made
        return result

    return run


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


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE_GOLDEN:
            pytest.fail(f"golden file {path} was missing and has been written; review and rerun")
    assert text == path.read_text(encoding="utf-8"), (
        f"output differs from {path}; if intended, rerun with ARCHDOCS_UPDATE_GOLDEN=1")


def mermaid_clicks(html: str) -> list[str]:
    return re.findall(r"click \S+ href &quot;([^&]*)&quot;", html)
