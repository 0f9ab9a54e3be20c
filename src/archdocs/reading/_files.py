"""The bytes of a directory's files, read so that a hostile tree cannot hang or exhaust the run."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from archdocs.reading.cache import blob_ids
from archdocs.reading.sources import SourceFile, not_regular

#: Files larger than this many bytes are listed with a problem and not parsed (generated data, or
#: a hostile tree: the largest hand-written modules of big projects are well under 1 MB).
MAX_FILE_SIZE = 10_000_000

#: git's id of empty content: what a file that cannot be read is, with a problem saying why
EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"

#: Opening never waits (a FIFO put in a file's place would block the open until a writer comes).
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0))


def too_large(size: int, limit: int) -> str:
    return f"{size:,} bytes, over the limit of {limit:,}: not parsed"


def read_regular(path: str, limit: int) -> bytes | str:
    """The bytes of a regular file, or why they are not read: the descriptor's own stat says what
    was opened, whatever the path named when it was listed or stat'ed (a FIFO, ``/dev/zero``)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return not_regular(st.st_mode)
        if st.st_size > limit:
            return too_large(st.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # a file that grows while it is read stops at the limit too
            chunk = os.read(fd, st.st_size + 1 - size if size <= st.st_size else 1 << 16)
            if not chunk:
                return b"".join(chunks)  # one chunk: no copy
            chunks.append(chunk)
            size += len(chunk)
        return too_large(size, limit)
    finally:
        os.close(fd)


def read_files(files: list[SourceFile], failed: Callable[[SourceFile, str], None], limit: int,
               ) -> list[tuple[SourceFile, str, bytes]]:
    """(file, blob id, bytes) of files on disk; ``failed`` hears why each other one is not read."""
    read = []
    for f in files:
        assert f.abspath is not None
        try:
            data = read_regular(f.abspath, limit)
        except OSError as exc:
            failed(f, f"cannot read: {exc.strerror or exc}")
            continue
        if isinstance(data, str):
            failed(f, data)
        else:
            read.append((f, data))
    blobs = blob_ids([data for _, data in read])
    return [(f, blob, data) for (f, data), blob in zip(read, blobs, strict=True)]


def contents_by_blob(files: list[SourceFile], limit: int) -> dict[str, bytes]:
    """Bytes of files on disk by blob id (a file that vanished meanwhile is simply left out)."""
    return {blob: data for _, blob, data in read_files(files, lambda f, why: None, limit)}
