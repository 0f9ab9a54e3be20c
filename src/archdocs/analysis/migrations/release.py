"""The two sides of an inferred migration map: a revision, a folder, or a wheel/sdist, read as a
:class:`Release` (the snapshot of its Python source, and what its other files say).

Beyond the ``.py`` files, a release declares names in its ``.pyi`` stubs
(:mod:`~archdocs.analysis.migrations.stubs`) and ships modules only compiled
(:mod:`~archdocs.analysis.migrations.compiled`); both are read from files on disk, so a
``repo@rev`` side has neither. The names its hooked packages spell as strings
(:mod:`~archdocs.analysis.migrations.spelled`) are read from either.
"""

from __future__ import annotations

import contextlib
import email.parser
import os
import re
import stat
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from archdocs.analysis.migrations.compiled import compiled_modules
from archdocs.analysis.migrations.names import Api
from archdocs.analysis.migrations.spelled import Spelled, hooked_spellings
from archdocs.analysis.migrations.stubs import Stubs, read_stubs
from archdocs.model import Module, Snapshot
from archdocs.reading.cache import FactsCache
from archdocs.reading.errors import SourceError
from archdocs.reading.git import read_blobs
from archdocs.reading.load import MAX_FILE_SIZE, load_snapshot
from archdocs.reading.sources import Selection, directory_base, parse_source_spec

#: File names read as a distribution (wheel or sdist) rather than a folder or a revision.
ARCHIVES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar")


@dataclass(frozen=True)
class Release:
    """One side of a comparison: its snapshot, the public names each module's ``.pyi`` stub
    declares, the modules it ships only compiled (names of unknown content), and the names each
    package with a ``__getattr__`` hook spells as strings (what the hook may serve)."""

    snapshot: Snapshot
    stubs: Stubs = field(default_factory=dict)
    compiled: frozenset[str] = frozenset()
    spelled: Spelled = field(default_factory=dict)

    def api(self) -> Api:
        return Api(self.snapshot, self.stubs, self.compiled, self.spelled)


#: ``name-version`` at the start of a wheel's or sdist's file name (PEP 427 / PEP 625).
_DIST_FILE = re.compile(
    r"^(?P<name>[A-Za-z0-9_.]+?)-(?P<version>[0-9][^-]*?)(?:-|\.tar|\.zip|\.tgz|$)")


def distribution_label(path: Path, unpacked: Path) -> str:
    """``Name version`` of a wheel or sdist, from its metadata (``*.dist-info/METADATA`` or
    ``PKG-INFO``), else from its file name: a title that does not change from run to run (the
    temporary folder it was unpacked into does)."""
    for meta in sorted([*unpacked.glob("*.dist-info/METADATA"), *unpacked.glob("PKG-INFO"),
                        *unpacked.glob("*/PKG-INFO")]):
        try:
            headers = email.parser.HeaderParser().parsestr(meta.read_text("utf-8", "replace"))
        except OSError:
            continue
        if headers.get("Name") and headers.get("Version"):
            return f"{headers['Name']} {headers['Version']}"
    found = _DIST_FILE.match(path.name)
    return f"{found['name']} {found['version']}" if found else path.name


@contextlib.contextmanager
def opened_source(source: str) -> Iterator[tuple[str, str]]:
    """A loadable source for ``source`` and its label: itself (a folder or ``repo@rev``, labelled
    by the loader), or a wheel/sdist unpacked into a temporary folder that is removed afterwards,
    labelled by distribution name and version."""
    if not source.lower().endswith(ARCHIVES) or "@" in source:
        yield source, ""
        return
    path = Path(source)
    if not path.is_file():
        raise SourceError(f"{source}: no such distribution file")
    with tempfile.TemporaryDirectory(prefix="archdocs-dist-") as tmp:
        try:
            if path.suffix in (".whl", ".zip"):
                with zipfile.ZipFile(path) as archive:
                    archive.extractall(tmp)
            else:
                with tarfile.open(path) as archive:
                    archive.extractall(tmp, filter="data")
        except (zipfile.BadZipFile, tarfile.TarError, OSError) as exc:
            raise SourceError(f"{source}: cannot unpack ({exc}); is it a wheel or an sdist?"
                              ) from None
        entries = [p for p in Path(tmp).iterdir() if not p.name.endswith((".dist-info", ".data"))]
        only = entries[0] if len(entries) == 1 and entries[0].is_dir() and not (
            entries[0] / "__init__.py").exists() else Path(tmp)
        yield str(only), distribution_label(path, Path(tmp))


def load_source(source: str, selection: Selection | None = None,
                cache: FactsCache | None = None) -> Snapshot:
    """A snapshot of a folder, ``repo@rev`` or a wheel/sdist (SourceError when unreadable)."""
    return load_release(source, selection, cache).snapshot


def load_release(source: str, selection: Selection | None = None,
                 cache: FactsCache | None = None, *, jobs: int | None = None,
                 max_file_size: int = MAX_FILE_SIZE) -> Release:
    """A folder, ``repo@rev`` or wheel/sdist as a :class:`Release` (raises SourceError when
    unreadable). Stubs and compiled modules are read from the files on disk, so a revision has
    none."""
    with opened_source(source) as (where, label):
        snapshot = load_snapshot(where, selection, cache=cache, jobs=jobs,
                                 max_file_size=max_file_size)
        snapshot = replace(snapshot, label=label) if label else snapshot
        repo, rev, _ = parse_source_spec(where)
        if rev is not None:
            return Release(snapshot, spelled=hooked_spellings(
                snapshot.modules, lambda modules: _blobs(repo, modules)))
        # module paths are relative to a package folder's parent
        base = Path(where) if selection and selection.roots else directory_base(Path(where))
        return folder_release(snapshot, base, selection)


def folder_release(snapshot: Snapshot, base: Path, selection: Selection | None = None) -> Release:
    """``snapshot``, read from folder ``base`` (its module paths are relative to it), with what
    the files beside its modules say: compiled-only modules, ``.pyi`` stubs, and the names its
    hooked packages spell."""
    compiled = compiled_modules(snapshot, base, selection)
    spelled = hooked_spellings(snapshot.modules, lambda modules: read_files(
        {m.name: base / m.path for m in modules}))
    return Release(snapshot, read_stubs(snapshot, base, compiled), frozenset(compiled), spelled)


def read_files(paths: Mapping[str, Path]) -> dict[str, bytes]:
    """The bytes of each module's file (name → path; regular files only, as the loader reads)."""
    texts = {}
    for name, path in paths.items():
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                texts[name] = path.read_bytes()
        except OSError:
            continue
    return texts


def _blobs(repo: Path, modules: list[Module]) -> dict[str, bytes]:
    """The bytes of each module's blob in ``repo`` (a revision's files are git objects)."""
    found = read_blobs(repo, [m.blob for m in modules])
    return {m.name: found[m.blob] for m in modules if m.blob in found}
