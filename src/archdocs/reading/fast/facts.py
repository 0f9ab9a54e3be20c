"""Facts for a batch of files: the one way into the fast reader.

``with read_facts(files) as batch: batch.run(work)``. ruff starts checking the files' syntax when
the batch opens (a directory's files straight from disk, before archdocs reads them: it works on
another core meanwhile); ``work`` reads them with the fast reader, then again with tree-sitter
(the reference reader, which reports each syntax error at its line) those ruff rejects, or all of
them when ruff is missing or gives no verdict. Both readers give the same facts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from archdocs.model import ModuleFacts

#: One file's bytes to its facts.
Reader = Callable[[bytes], ModuleFacts]

#: The caller's work on a batch: read the files named by the keys given (all of the batch's when
#: None) with the reader given, do with their facts what it needs, and return the keys of the
#: files it read. It runs once with the fast reader, and again with tree-sitter for the files ruff
#: rejects.
Work = Callable[[Reader, Collection[str] | None], Collection[str]]

#: A file on disk, by its path and the stat signature taken before anything read it:
#: (mtime_ns, size, inode).
OnDisk = tuple[str, tuple[int, int, int]]


def read_with_tree_sitter(data: bytes) -> ModuleFacts:
    from archdocs.reading._treesitter import parse_facts  # a warm run imports no reader

    return parse_facts(data)


def read_fast(data: bytes) -> ModuleFacts:
    """The fast reader, or tree-sitter for a construct it does not model. Only for files ruff
    vouches for: the fast reader does not see syntax errors."""
    from archdocs.reading.fast import _reader

    return _reader.scan_facts(data) or read_with_tree_sitter(data)


class read_facts:
    """A batch of files (keys of the caller's choosing: bytes, or a file on disk) whose facts
    :meth:`run` gives; leaving the ``with`` block stops ruff if it still runs."""

    def __init__(self, files: dict[str, bytes | OnDisk]) -> None:
        self._files = files
        self._check = None
        if files:  # a warm run has none: it imports no reader and no check
            from archdocs.reading.fast import _syntax

            self._check = _syntax.SyntaxCheck(files)

    def __enter__(self) -> read_facts:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._check is not None:
            self._check.close()

    def run(self, work: Work) -> None:
        check = self._check
        if check is None or not check.available:
            work(read_with_tree_sitter, None)
            return
        read = work(read_fast, None)
        if not read:  # every file's facts were cached: no verdict is waited for
            check.close()
            return
        invalid = check.invalid()
        again = set(read) if invalid is None else {
            key for key in read if key not in self._files or key in invalid}
        if again:
            work(read_with_tree_sitter, again)
