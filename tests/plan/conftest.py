"""Fixtures: a fresh git repository per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers.gitrepo import Repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")
