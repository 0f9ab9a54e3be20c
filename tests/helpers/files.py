"""Writing test trees and moving their clocks."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path


def write(path: Path, text: str) -> Path:
    """One file, dedented, with its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """``{"pkg/a.py": "source"}`` under ``root``, dedented; returns ``root``."""
    for rel, text in files.items():
        write(root / rel, text)
    return root


def age(root: Path, seconds: int = 3600) -> None:
    """Set back the mtimes of a tree's files and folders, as if it had been written long ago (a run
    does not trust the stat of what changed just before it). Links are aged themselves, never
    followed: a hostile tree's link would otherwise age ``/etc/passwd``."""
    for path in [root, *root.rglob("*")]:
        st = os.lstat(path)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9), follow_symlinks=False)


def touch(path: Path, text: str | None = None) -> None:
    """Change a file so its mtime is surely newer than the last build's read time."""
    if text is not None:
        path.write_text(text)
    later = time.time() + 5
    os.utime(path, (later, later))
