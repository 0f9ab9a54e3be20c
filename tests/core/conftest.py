"""Fixtures of the analysis-core tests: write a tree inline, load it (no cache), look at imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archdocs.model import Snapshot
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection


@pytest.fixture
def analyse(make_tree: Callable[..., Path]) -> Callable[..., Snapshot]:
    """``analyse({"pkg/a.py": "..."}, include_tests=True)``: the snapshot of a fresh tree.

    ``base`` picks the folder given to archdocs (relative to the tree; default the tree itself).
    """

    def run(files: dict[str, str], base: str = "", **selection: Any) -> Snapshot:
        root = make_tree(files)
        return load_snapshot(root / base if base else root, Selection(**selection), jobs=1)

    return run
