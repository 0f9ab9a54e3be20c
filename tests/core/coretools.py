"""Helpers the core tests share (``tests.core.coretools``: the repository root is on sys.path)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from archdocs.model import Import, Snapshot


def imports_of(snapshot: Snapshot, module: str) -> list[Import]:
    found = snapshot.get(module)
    assert found is not None, f"{module} not in {sorted(snapshot.names)}"
    return list(found.imports)


def targets(snapshot: Snapshot, module: str) -> dict[str, str]:
    """``{target: kind}`` of a module's imports (one kind per target in these fixtures)."""
    return {i.target: i.kind.value for i in imports_of(snapshot, module)}


def internal_edges(snapshot: Snapshot) -> set[tuple[str, str]]:
    return {(i.importer, i.target) for m in snapshot.modules for i in m.imports if i.internal}


def age(root: Path, seconds: int = 3600) -> None:
    """Set back the mtimes of a tree's files and folders, as if it had been written long ago (a run
    does not trust the stat of what changed just before it)."""
    for path in [root, *root.rglob("*")]:
        st = os.stat(path)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def git(repo: Path, *args: str, date: str = "2024-01-01T00:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env).stdout.strip()


def commit_all(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")
