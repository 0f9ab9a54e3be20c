"""A real git repository built commit by commit (fixed names and dates, no user config)."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path


class Repo:
    """A git repository whose commits are scripted as {path: text or None (delete)}."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "--quiet")
        self.git("symbolic-ref", "HEAD", "refs/heads/main")

    def git(self, *args: str) -> str:
        day = f"2025-01-{self.count + 1:02d}T12:00:00+00:00"
        env = {"PATH": os.environ["PATH"], "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid", "GIT_AUTHOR_DATE": day,
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t.invalid",
               "GIT_COMMITTER_DATE": day}
        return subprocess.run(["git", *args], cwd=self.path, env=env, check=True,
                              capture_output=True, text=True).stdout.strip()

    def commit(self, files: dict[str, str | None], tag: str = "") -> str:
        for rel, text in files.items():
            target = self.path / rel
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(textwrap.dedent(text))
        self.git("add", "--all", ".")
        self.git("commit", "--quiet", "--allow-empty", "-m", f"commit {self.count}")
        self.count += 1
        if tag:
            self.git("tag", tag)
        return self.git("rev-parse", "HEAD")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path
