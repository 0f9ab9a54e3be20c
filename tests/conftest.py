"""Shared fixtures: temporary packages written inline, and Sphinx's testing fixtures."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "docs" / "showcase" / "sample"


@pytest.fixture
def make_tree(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write ``{"pkg/a.py": "source"}`` under a fresh folder and return that folder."""

    def make(files: dict[str, str], root: Path | None = None) -> Path:
        base = root or tmp_path / "tree"
        for rel, text in files.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        return base

    return make
