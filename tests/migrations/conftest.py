"""Fixtures for the migration tests: real git repositories made in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

#: Fixed identity and dates, and no user or system git configuration: the same shas on every run.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "archdocs tests", "GIT_AUTHOR_EMAIL": "tests@archdocs.invalid",
    "GIT_COMMITTER_NAME": "archdocs tests", "GIT_COMMITTER_EMAIL": "tests@archdocs.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": os.devnull,
}


class Repo:
    """A git repository whose commits are written as ``{path: source}`` steps."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "archdocs tests")
        self.git("config", "user.email", "tests@archdocs.invalid")

    def git(self, *args: str) -> str:
        env = {**os.environ, **GIT_ENV}
        return subprocess.run(["git", *args], cwd=self.path, env=env, check=True,
                              capture_output=True, text=True).stdout

    def write(self, files: dict[str, str | None]) -> None:
        """Write (or, for ``None``, delete) files."""
        for rel, text in files.items():
            target = self.path / rel
            if text is None:
                self.git("rm", "-q", rel)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text))

    def mv(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def commit(self, tag: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", tag)
        self.git("tag", tag)
        return f"{self.path}@{tag}"


@pytest.fixture
def repo(tmp_path: Path) -> Callable[[], Repo]:
    return lambda: Repo(tmp_path / "repo")
