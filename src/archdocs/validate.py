"""Which files are free of syntax errors, decided by ruff's parser (Rust, a few hundred MB/s).

The fast reader (:mod:`archdocs.scan`) does not build a parse tree, so it cannot see a token-level
syntax error (``x = = 1``). ruff can, for all files of a cold run in a fraction of the time the
reading takes, and it runs beside archdocs' own workers. A file ruff flags (or any file, when ruff is
not installed or fails) is read by tree-sitter instead, which reports the error with its line and
still yields what the rest of the file says. ruff is asked for no lint rule: only the syntax errors
it always reports, for the newest Python it knows, so new syntax is never mistaken for an error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile

#: Paths handed to one ruff process (command lines have a length limit).
_BATCH = 3000


def _ruff() -> str | None:
    """The ruff executable: the one installed with the ``ruff`` wheel, else one on PATH."""
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        return shutil.which("ruff")


def fast_reader_enabled() -> bool:
    """``ARCHDOCS_PARSER=tree-sitter`` reads every file with tree-sitter (for comparisons)."""
    return os.environ.get("ARCHDOCS_PARSER", "auto") != "tree-sitter"


#: What a stat of a file says about its bytes: (mtime_ns, size, inode), as git's index keeps it.
Signature = tuple[int, int, int]


def signature(path: str) -> Signature | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


class SyntaxCheck:
    """ruff checking some files in the background; :meth:`invalid` waits for the verdict."""

    def __init__(self, files: dict[str, tuple[str, Signature] | bytes]) -> None:
        """Check ``files`` (key: a path on disk with its :func:`signature`, or bytes that are copied
        to a temporary folder).

        A file on disk is stat'ed again once ruff is done: one whose signature changed is reported
        invalid, since the bytes ruff read may not be the bytes archdocs read (take the signature
        before either reads the file, so both reads fall between the two stats)."""
        self._folder: str | None = None
        self._processes: list[subprocess.Popen[bytes]] = []
        self._stats: dict[str, Signature] = {}
        self.available = False
        ruff = _ruff() if files and fast_reader_enabled() else None
        if ruff is None:
            return
        self._names: dict[str, str] = {}
        paths: list[str] = []
        for key, source in files.items():
            if isinstance(source, bytes):
                if self._folder is None:  # a RAM-backed folder when there is one: many small writes
                    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
                    self._folder = tempfile.mkdtemp(prefix="archdocs-syntax-", dir=shm)
                path = os.path.join(self._folder, f"{len(paths)}.py")
                with open(path, "wb") as handle:
                    handle.write(source)
            else:
                path = os.path.abspath(source[0])  # ruff names files as given, absolutely
                self._stats[path] = source[1]
            self._names[path] = key
            paths.append(path)
        command = [ruff, "check", "--isolated", "--no-cache", "--exit-zero", "--quiet",
                   "--select", "E902", "--target-version", "py314", "--output-format", "json"]
        # One thread: archdocs' own workers keep the other cores busy meanwhile.
        env = {**os.environ, "RAYON_NUM_THREADS": "1"}
        try:
            for start in range(0, len(paths), _BATCH):
                self._processes.append(subprocess.Popen(
                    [*command, *paths[start:start + _BATCH]], stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env))
        except OSError:
            self.close()
            return
        self.available = True

    def invalid(self) -> set[str] | None:
        """Keys of the contents with a syntax error; None when ruff could not give a verdict."""
        if not self.available:
            return None
        bad: set[str] = set()
        try:
            for process in self._processes:
                out, _ = process.communicate()
                if process.returncode != 0:
                    return None
                for diagnostic in json.loads(out or b"[]"):
                    name = diagnostic["filename"]
                    key = self._names.get(name)
                    if key is None:
                        return None  # a name we cannot place: no verdict rather than a wrong one
                    bad.add(key)
        except (ValueError, KeyError, TypeError, OSError):
            return None
        finally:
            self.close()
        # a file gone or changed since its signature was taken (ruff reports one it cannot read)
        bad.update(self._names[path] for path, seen in self._stats.items() if signature(path) != seen)
        return bad

    def close(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        self._processes = []
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
