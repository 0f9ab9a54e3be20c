"""Fixtures for the migration tests: real git repositories made in a temporary folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers.gitrepo import Repo


@pytest.fixture
def repo(tmp_path: Path) -> Callable[[], Repo]:
    return lambda: Repo(tmp_path / "repo")
