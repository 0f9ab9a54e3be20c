"""Replace a file's bytes so that, whatever happens (full disk, kill, power cut, permission), the
file is either its old self or its new self, never cut in between.

The new bytes go to a temporary file in the same folder (a rename is atomic only within one file
system), are flushed to disk, take the old file's mode (and owner, where allowed), and then one
``os.replace`` swaps them in. A failure before the swap removes the temporary file and leaves the
old one untouched. The temporary name starts with a dot and does not end in ``.py``, so a file left
by a killed process is never taken for source by the next run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

#: Suffix of temporary files (a killed run may leave one; they are safe to delete).
TEMP_SUFFIX = ".archdocs-tmp"


def replace_file(path: str | Path, data: bytes) -> None:
    """Atomically give the existing regular file ``path`` the content ``data``, keeping its mode.

    Raises :class:`OSError` (the file unchanged) when the file is a symbolic link (a write would
    land outside what was asked for), not a regular file, not writable by this user, or when any
    step of the write fails.
    """
    path = os.fspath(path)
    before = os.lstat(path)
    if stat.S_ISLNK(before.st_mode):
        raise OSError(errno.ELOOP, "is a symbolic link; not written through", path)
    if not stat.S_ISREG(before.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", path)
    # A rename would replace a read-only file in a writable folder: respect the file's own mode.
    if not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "file is read-only", path)
    folder, name = os.path.split(path)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder or ".")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            created = os.fstat(fd)
            if (created.st_uid, created.st_gid) != (before.st_uid, before.st_gid):
                # only root may give a file away; the content is what matters
                with contextlib.suppress(PermissionError):
                    os.fchown(fd, before.st_uid, before.st_gid)
            os.fchmod(fd, stat.S_IMODE(before.st_mode))  # after chown, which may clear set-id bits
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    _sync_folder(folder or ".")


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (the folder entry), where the platform allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename has happened
    finally:
        os.close(fd)
