"""Fixtures of the Sphinx extension tests: a fresh copy of a test root per test, and builds that
record which documents Sphinx read (the record and the extraction helpers are in
tests.helpers.sphinx_build)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from tests.helpers.paths import ROOTS
from tests.helpers.sphinx_build import Build


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


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
