"""Shared fixtures: temporary packages written inline, Sphinx's testing fixtures, golden files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers.files import write_tree

#: Sphinx's testing fixtures, and the golden files' option and fixture.
pytest_plugins = ("sphinx.testing.fixtures", "tests.helpers.golden")


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write ``{"pkg/a.py": "source"}`` under a fresh folder and return that folder."""

    def make(files: dict[str, str], root: Path | None = None) -> Path:
        return write_tree(root or tmp_path / "tree", files)

    return make
