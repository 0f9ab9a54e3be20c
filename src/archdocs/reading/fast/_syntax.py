"""Which files are free of syntax errors, decided by ruff's parser (Rust, a few hundred MB/s).

The fast reader (:mod:`archdocs.reading.fast._reader`) does not build a parse tree, so it cannot see
a token-level syntax error (``x = = 1``). ruff can, for all files of a cold run in a fraction of the
time the reading takes, and it runs beside archdocs' own workers. A file ruff flags (or any file,
when ruff is not installed or fails) is read by tree-sitter instead, which reports the error with
its line and still yields what the rest of the file says. ruff is asked for no lint rule: only the
syntax errors it always reports, for the newest Python it knows, so new syntax is never mistaken for
an error.
"""

from __future__ import annotations

import os
import sys

from archdocs.reading._signals import forget, on_stop

#: Paths handed to one ruff process (command lines have a length limit).
_BATCH = 3000


def _ruff() -> str | None:
    """The ruff executable: the one installed with the ``ruff`` wheel, else one on PATH. In a
    virtual environment the wheel puts it beside the interpreter, found without ruff's own lookup
    (which imports sysconfig's data: more than ruff then takes to check one file)."""
    beside = os.path.join(os.path.dirname(sys.executable), "ruff")
    if sys.prefix != sys.base_prefix and os.access(beside, os.X_OK):
        return beside
    try:
        from ruff.__main__ import find_ruff_bin

        return str(find_ruff_bin())
    except (ImportError, FileNotFoundError):
        import shutil

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


class _Ruff:
    """A ruff process whose report is read from a pipe, started with :func:`os.posix_spawn`:
    importing :mod:`subprocess` costs a run that checks one changed file more than ruff takes."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        read, write = os.pipe()  # not inherited: the child gets ``write`` as its stdout only
        try:
            self.pid = os.posix_spawn(argv[0], argv, env, file_actions=[
                (os.POSIX_SPAWN_DUP2, write, 1),
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
        except OSError:
            os.close(read)
            raise
        finally:
            os.close(write)
        on_stop(self, lambda: os.kill(self.pid, 9))  # SIGKILL: ruff has nothing to save
        self._out: int | None = read

    def report(self) -> tuple[int, bytes]:
        """Wait for the end: (exit status, what ruff wrote)."""
        chunks = []
        assert self._out is not None
        while chunk := os.read(self._out, 1 << 16):
            chunks.append(chunk)
        return self._reap(0), b"".join(chunks)

    def _reap(self, options: int) -> int:
        """Exit status (negative signal number when killed); -1 while running (``WNOHANG``)."""
        if self._out is not None:
            os.close(self._out)
            self._out = None
        pid, status = os.waitpid(self.pid, options)
        if not pid:
            return -1
        forget(self)  # reaped: its pid may be another process's soon
        return os.waitstatus_to_exitcode(status)

    def stop(self) -> None:
        """Kill ruff if it still runs (a check given up early), and reap it."""
        if self._out is None:
            return
        if self._reap(os.WNOHANG) == -1:
            os.kill(self.pid, 9)  # SIGKILL
            os.waitpid(self.pid, 0)


class SyntaxCheck:
    """ruff checking some files in the background; :meth:`invalid` waits for the verdict."""

    def __init__(self, files: dict[str, tuple[str, Signature] | bytes]) -> None:
        """Check ``files`` (key: a path on disk with its :func:`signature`, or bytes that are copied
        to a temporary folder).

        A file on disk is stat'ed again before the verdict is awaited and once ruff is done: a
        change seen before means no verdict (ruff may be waiting on what is there now, a FIFO);
        one seen after makes the file invalid, since the bytes ruff read may not be the bytes
        archdocs read (take the signature before either reads the file, so both reads fall between
        the stats)."""
        self._folder: str | None = None
        self._processes: list[_Ruff] = []
        self._stats: dict[str, Signature] = {}
        self.available = False
        # Without posix_spawn (Windows) tree-sitter reads every file: slower, same facts.
        ruff = _ruff() if files and fast_reader_enabled() and hasattr(os, "posix_spawn") else None
        if ruff is None:
            return
        self._names: dict[str, str] = {}
        paths: list[str] = []
        for key, source in files.items():
            if isinstance(source, bytes):
                if self._folder is None:  # a RAM-backed folder when there is one: many small writes
                    import tempfile

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
        # Exit status 0 says "no syntax error" without reading ruff's report; 1 says there are some.
        command = [ruff, "check", "--isolated", "--no-cache", "--quiet",
                   "--select", "E902", "--target-version", "py314", "--output-format", "json"]
        # One thread: archdocs' own workers keep the other cores busy meanwhile.
        env = {**os.environ, "RAYON_NUM_THREADS": "1"}
        try:
            for start in range(0, len(paths), _BATCH):
                self._processes.append(_Ruff([*command, *paths[start:start + _BATCH]], env))
        except OSError:
            self.close()
            return
        self.available = True

    def invalid(self) -> set[str] | None:
        """Keys of the contents with a syntax error; None when ruff could not give a verdict."""
        if not self.available:
            return None
        if self._changed():  # ruff may be waiting on what is there now (a FIFO): no verdict
            self.close()
            return None
        bad: set[str] = set()
        try:
            for process in self._processes:
                status, out = process.report()
                if status == 0:
                    continue
                if status != 1:
                    return None
                import json  # only when there is a report to read

                for diagnostic in json.loads(out):
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
        bad.update(self._names[path] for path in self._changed())
        return bad

    def _changed(self) -> list[str]:
        """Paths on disk whose signature is not the one given (gone, rewritten, replaced)."""
        return [path for path, seen in self._stats.items() if signature(path) != seen]

    def close(self) -> None:
        """Stop ruff (if it still runs) and drop the copies; a verdict not read by now is lost."""
        for process in self._processes:
            process.stop()
        self._processes = []
        self.available = False
        if self._folder is not None:
            import shutil

            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
