"""Modules a release ships only compiled: C, C++, Cython or Rust extension modules.

A wheel holds them as ``.so``/``.pyd`` files (``_weight_vector.cpython-37m-x86_64-linux-gnu.so``),
an sdist or a checkout as their Cython source (``_weight_vector.pyx``, or a ``.pyx.tp`` template).
Only their file names are read, never their bytes, and nothing is imported. What names such a
module defines cannot be read (unless the release ships a ``.pyi`` stub for it), so migration
inference treats it as a module of unknown content: an old path into it is not "removed", and a
shim may forward to it (scikit-learn 0.22's ``sklearn.utils.weight_vector`` → ``_weight_vector``).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from archdocs.model import Snapshot
from archdocs.reading.sources import Selection

#: ``name.so``, ``name.abi3.so``, ``name.cpython-311-x86_64-linux-gnu.so``,
#: ``name.cp311-win_amd64.pyd``; ``name.pyx`` and the templates Cython projects generate it from
#: (``.pyx.tp``, ``.pyx.in``).
_EXTENSION = re.compile(r"(?P<name>[^\W\d]\w*)(?:(?:\.[\w-]+)?\.(?:so|pyd)|\.pyx(?:\.tp|\.in)?)")


def extension_name(filename: str) -> str | None:
    """The module name a file of a package folder gives as an extension module, or None."""
    found = _EXTENSION.fullmatch(filename)
    return found["name"] if found else None


def compiled_modules(snapshot: Snapshot, base: Path,
                     selection: Selection | None = None) -> Mapping[str, str]:
    """Extension modules beside the modules of ``snapshot`` (read from folder ``base``): dotted
    name → the file's path relative to ``base``. Only the folders of the snapshot's packages and
    its import roots are listed, so a skipped or excluded folder stays skipped; a module that has
    Python source is not compiled-only and is left out."""
    folders = {PurePosixPath(m.path).parent.as_posix(): f"{m.name}." for m in snapshot.modules
               if m.is_package}
    for root in snapshot.roots:
        folders.setdefault(PurePosixPath(root).as_posix(), "")
    selection = selection or Selection()
    found: dict[str, str] = {}
    for folder, prefix in sorted(folders.items()):
        try:
            names = sorted(os.listdir(base / folder))
        except OSError:
            continue
        for filename in names:
            name = extension_name(filename)
            relpath = (PurePosixPath(folder) / filename).as_posix()
            dotted = prefix + name if name else ""
            if not dotted or dotted in snapshot or dotted in found or selection.excluded(relpath):
                continue
            try:  # regular files only: a link, FIFO or folder called ``x.so`` is not one
                if stat.S_ISREG(os.lstat(base / relpath).st_mode):
                    found[dotted] = relpath
            except OSError:
                continue
    return found
