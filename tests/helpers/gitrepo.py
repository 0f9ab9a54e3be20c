"""Real git repositories for tests: one way to run git (fixed names and dates, no user or system
configuration, so every run makes the same shas) and one builder of scripted histories."""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Mapping
from pathlib import Path

#: The date of a one-off commit, when the test does not care which day it was.
DATE = "2024-01-01T00:00:00+00:00"


def git(repo: Path, *args: str, date: str = DATE) -> str:
    """Run ``git -C repo args`` and return its stripped output. The caller's GIT_* variables are
    dropped (a test run from a git hook would otherwise act on the hook's repository)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update({"GIT_AUTHOR_NAME": "archdocs tests", "GIT_AUTHOR_EMAIL": "tests@archdocs.invalid",
                "GIT_COMMITTER_NAME": "archdocs tests",
                "GIT_COMMITTER_EMAIL": "tests@archdocs.invalid",
                "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env).stdout.strip()


def init(repo: Path) -> Path:
    """An empty repository on branch ``main`` (made with its folders if need be)."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "--quiet")
    git(repo, "symbolic-ref", "HEAD", "refs/heads/main")
    return repo


def commit_all(repo: Path, message: str, date: str = DATE) -> str:
    """Commit everything in the work tree; the new commit's sha."""
    git(repo, "add", "--all", ".")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")


class Repo:
    """A repository whose commits are scripted as ``{path: text, or None to delete}``; commit n
    is dated 2025-01-(n+1) at noon."""

    def __init__(self, path: Path) -> None:
        self.path = init(path)
        self.count = 0

    def git(self, *args: str) -> str:
        return git(self.path, *args, date=f"2025-01-{self.count + 1:02d}T12:00:00+00:00")

    def write(self, files: Mapping[str, str | None]) -> None:
        """Write (dedented) or delete files, without committing."""
        for rel, text in files.items():
            target = self.path / rel
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(textwrap.dedent(text))

    def mv(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def commit(self, files: Mapping[str, str | None] | None = None, tag: str = "") -> str:
        """Write ``files``, commit everything (tagged ``tag`` if given); the commit's sha."""
        self.write(files or {})
        self.git("add", "--all", ".")
        self.git("commit", "--quiet", "--allow-empty", "-m", f"commit {self.count}")
        self.count += 1
        if tag:
            self.git("tag", tag)
        return self.git("rev-parse", "HEAD")

    def release(self, tag: str, files: Mapping[str, str | None] | None = None) -> str:
        """Commit and tag; the source archdocs reads for that tag (``path@tag``)."""
        self.commit(files, tag=tag)
        return f"{self.path}@{tag}"
