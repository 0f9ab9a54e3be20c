"""Every git command archdocs runs, in one place: revisions are resolved here before any other
command sees them (a user's ``--output=f`` is never read as an option), and failures become
:class:`~archdocs.reading.errors.SourceError` with git's own last line.

``subprocess``, ``tarfile`` and ``tempfile`` are imported inside the functions: only the
commands that read git pay for them at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from archdocs.reading.errors import SourceError

_FULL_ID = re.compile(r"[0-9a-f]{40}")


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    import subprocess

    try:
        result = subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True,
                                check=False)
    except FileNotFoundError:
        raise SourceError("git is not installed; it is needed to read revisions") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SourceError(f"git {args[0]} failed in {repo}: {message[-1] if message else 'error'}")
    return result.stdout


def resolve_revision(repo: Path, rev: str) -> str:
    """The commit id of ``rev``; SourceError with an actionable message when it is unknown.

    Every other git call is given this id, never the user's text: ``--end-of-options`` here keeps
    a value like ``--output=f`` from being read as an option (``git archive`` would write ``f``).
    A full commit id is taken as given (history walks pass dozens): :func:`list_revision` then
    reports it as unknown if git has no such commit."""
    if not (repo / ".git").exists() and not (repo / "HEAD").exists():
        raise SourceError(f"{repo}: not a git repository")
    if _FULL_ID.fullmatch(rev):
        return rev
    try:
        return git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options",
                    f"{rev}^{{commit}}").decode().strip()
    except SourceError:
        raise SourceError(f"{repo}: unknown git revision {rev!r} (try a branch, tag or commit id; "
                          f"`git -C {repo} log --oneline` lists them)") from None


def read_blobs(repo: Path, blobs: Sequence[str]) -> dict[str, bytes]:
    """Contents of many blobs in one ``git cat-file --batch`` call."""
    if not blobs:
        return {}
    out = git(repo, "cat-file", "--batch", data="\n".join(blobs).encode() + b"\n")
    contents: dict[str, bytes] = {}
    pos = 0
    for blob in blobs:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        size = int(header[2])
        contents[blob] = out[header_end + 1: header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return contents


def toplevel(path: Path) -> Path | None:
    """The root of the git working tree holding ``path``; None outside one (or without git)."""
    import subprocess

    try:
        top = subprocess.run(["git", "-C", str(path), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return Path(top)


@contextmanager
def files_at(repo: Path, commit: str, inside: Sequence[str]) -> Iterator[tuple[list[str], str]]:
    """Files ``inside`` (paths relative to ``repo``) as they were at ``commit`` (an id from
    :func:`resolve_revision`), extracted to a temporary folder: (the extracted paths, that folder).
    A path the commit lacks is left out; paths are taken literally, never as pathspec magic
    (a file may be named ``:(glob)*.py``)."""
    import io
    import subprocess
    import tarfile
    import tempfile

    archive = subprocess.run(["git", "--literal-pathspecs", "-C", str(repo), "archive",
                              "--format=tar", commit, "--",
                              *inside], capture_output=True, check=False) if inside else None
    with tempfile.TemporaryDirectory(prefix="archdocs-base-") as folder:
        if archive is not None and archive.returncode == 0:
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(folder, filter="data")
        yield [str(Path(folder) / rel) for rel in inside if (Path(folder) / rel).exists()], folder
