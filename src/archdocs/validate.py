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


class SyntaxCheck:
    """ruff checking some file contents in the background; :meth:`invalid` waits for the verdict."""

    def __init__(self, contents: dict[str, bytes], paths: dict[str, str]) -> None:
        """Check ``contents`` (key: bytes); a key found in ``paths`` is checked at that path on disk
        (a directory source: nothing to write), the others from copies in a temporary folder."""
        self._folder: str | None = None
        self._processes: list[subprocess.Popen[bytes]] = []
        self.available = False
        ruff = _ruff() if contents and fast_reader_enabled() else None
        if ruff is None:
            return
        self._names: dict[str, str] = {}
        files = []
        for key, data in contents.items():
            path = paths.get(key)
            if path is None:
                if self._folder is None:  # a RAM-backed folder when there is one: many small writes
                    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
                    self._folder = tempfile.mkdtemp(prefix="archdocs-syntax-", dir=shm)
                path = os.path.join(self._folder, f"{key}.py")
                with open(path, "wb") as handle:
                    handle.write(data)
            path = os.path.abspath(path)  # ruff names files as given, absolutely
            self._names[path] = key
            files.append(path)
        command = [ruff, "check", "--isolated", "--no-cache", "--exit-zero", "--quiet",
                   "--select", "E902", "--target-version", "py314", "--output-format", "json"]
        try:
            for start in range(0, len(files), _BATCH):
                self._processes.append(subprocess.Popen(
                    [*command, *files[start:start + _BATCH]], stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL))
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
