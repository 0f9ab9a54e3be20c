"""Where modules come from: a directory on disk or a git revision, listed without importing
anything.

Both kinds of source produce the same :class:`SourceFile` list, and one set of rules (import roots,
skipped folders, include/exclude globs) decides which files are modules, so a revision read from git
objects and a checkout of it give the same model.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from archdocs.model import Problem
from archdocs.reading.errors import SourceError
from archdocs.reading.git import git, read_blobs

#: Folder names never descended into: tool and environment folders that hold no project modules
#: (a virtual environment's modules all sit below its ``site-packages``).
SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", "venv", "env", "htmlcov"})
#: Of those, the names a package may also have: with an ``__init__.py`` such a folder is a package
#: (a virtual environment never has one).
_PACKAGE_NAMES = frozenset({"venv", "env"})
#: Folders skipped only at the top of the source (a package may legitimately contain ``build``).
SKIPPED_TOP_DIRS = frozenset({"build", "dist", "docs", "doc", "examples", "benchmarks"})
#: Test code is not architecture: skipped unless ``include_tests`` is set. A path is test code
#: when a folder on it is named ``tests`` or its file name is ``test_*.py``, ``*_test.py`` or
#: ``conftest.py``; a folder named ``test_utils`` is not (a glob's ``*`` would cross its slash).
_TEST_PATH = re.compile(r"(?:.*/)?(?:tests/.*|test_[^/]*\.py|[^/]*_test\.py|conftest\.py)")


class SourceFile(NamedTuple):
    """A module file of a source. Exactly one of ``blob`` (git) and ``abspath`` (disk) identifies
    the bytes. A named tuple, as the model's per-import records: one is made per file of every
    run, and a frozen dataclass's ``__init__`` costs eight times as much (13 ms on
    homeassistant's warm report)."""

    relpath: str  #: posix path relative to the source base, for messages (``src/pkg/a.py``)
    module: str  #: dotted module name
    is_package: bool
    abspath: str | None = None
    blob: str | None = None


@dataclass(frozen=True)
class Selection:
    """Which files count: include/exclude globs (fnmatch on the base-relative posix path; ``*``
    crosses folders), whether tests count, and explicit import roots (relative to the base)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    include_tests: bool = False
    roots: tuple[str, ...] = ()

    def excluded(self, relpath: str) -> bool:
        return (not self.include_tests and _TEST_PATH.fullmatch(relpath) is not None
                ) or _matcher(self.exclude)(relpath)

    def included(self, relpath: str) -> bool:
        return not self.include or _matcher(self.include)(relpath)


@lru_cache(maxsize=32)
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """One compiled regex for a set of globs: a run checks every file against them."""
    if not patterns:
        return lambda _path: False
    regex = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))
    return lambda path: regex.match(path) is not None


#: A module's path below its root, without ``.py``: word characters only between the slashes.
#: ``0001_initial`` counts (django loads migrations with import_module), ``my-script`` does not
#: (no import statement can name it).
_MODULE_PATH = re.compile(r"\w+(?:/\w+)*")
_NAME = re.compile(r"\w+")


def detect_roots(paths: Iterable[str]) -> tuple[str, ...]:
    """Import roots of a project: ``src`` for a src layout, else the base itself (``.``)."""
    return ("src",) if any(p.startswith("src/") for p in paths) else (".",)


#: A listed file: (relpath, abspath, blob, why it is not read or None). A file that is not read
#: (a FIFO, a symlink leaving the source) goes through the same rules as the others, so that it
#: is reported exactly when a readable file of that name would be a module.
Listed = tuple[str, str | None, str | None, str | None]


def assign_modules(files: Iterable[Listed], selection: Selection, base_is_package: str | None = None
                   ) -> tuple[list[SourceFile], tuple[str, ...], list[Problem]]:
    """Turn listed files into module files under the import roots, and problems for the files
    that would be modules but are not read.

    ``base_is_package`` names the package when the source itself is a package folder; its files
    are then named below it, and their paths (shown in reports, matched by the selection's globs)
    start with its folder name, as when the folder holding the package is read.
    """
    listing = [f for f in files if f[0].endswith(".py")]
    roots = selection.roots or (("",) if base_is_package else detect_roots(
        f[0] for f in listing if f[3] is None))
    prefixes = ["" if root in ("", ".") else root.rstrip("/") + "/" for root in roots]
    excluded, included = selection.excluded, selection.included
    out: list[SourceFile] = []
    problems: list[Problem] = []
    unnamed: dict[str, int] = {}  # a folder no import can name: how many of its files are left out
    for relpath, abspath, blob, refused in listing:
        shown = f"{base_is_package}/{relpath}" if base_is_package else relpath
        if excluded(shown) or not included(shown):
            continue
        for prefix in prefixes:
            if not relpath.startswith(prefix):
                continue
            stem = relpath[len(prefix):-3]
            if not _MODULE_PATH.fullmatch(stem):
                names = stem.split("/")
                bad = next(i for i, part in enumerate(names) if not _NAME.fullmatch(part))
                if bad < len(names) - 1:  # reported once per folder
                    shown_parts = shown.split("/")
                    where = "/".join(shown_parts[:len(shown_parts) - len(names) + bad + 1])
                    unnamed[where] = unnamed.get(where, 0) + 1
                else:
                    problems.append(Problem(shown, 0, f"{names[-1]!r} is not a module name "
                                            "an import can name (letters, digits and _ only): "
                                            "not read", "name"))
                break
            parts = stem.split("/")
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            if base_is_package:
                parts = [base_is_package, *parts]
            if refused is not None:
                problems.append(Problem(shown, 0, refused, "read"))
            elif parts:
                out.append(SourceFile(shown, ".".join(parts), is_package, abspath, blob))
            break
    problems.extend(Problem(where, 0, f"folder name {where.split('/')[-1]!r} is not a package name "
                            f"an import can name (letters, digits and _ only): its {count} "
                            f"{'file is' if count == 1 else 'files are'} not read", "name")
                    for where, count in unnamed.items())
    out, shadowed = _unshadowed(out)
    problems += shadowed
    stray = next((f for f in out if f.module == "src" and f.is_package), None)
    if stray is not None:
        problems.append(Problem(stray.relpath, 0, "a top-level package named 'src' (a stray "
                                "src/__init__.py?): imports name the packages inside it; read them "
                                "with --root src", "suspicious"))
    return out, tuple(r for r in roots if r != "") or (".",), problems


def _unshadowed(files: list[SourceFile]) -> tuple[list[SourceFile], list[Problem]]:
    """One file per module name, sorted: ``p/foo/__init__.py`` beside ``p/foo.py`` is what Python
    imports as ``p.foo`` (a package folder is found before a module file), so the file is listed
    as a problem instead of being a second ``p.foo`` whose imports and counts would mix in."""
    files = sorted(files, key=lambda f: (f.module, not f.is_package, f.relpath))
    out: list[SourceFile] = []
    problems: list[Problem] = []
    for file in files:
        if out and out[-1].module == file.module:
            problems.append(Problem(file.relpath, 0, f"shadowed by the package {out[-1].relpath}: "
                                    f"Python imports that as {file.module}; not read", "shadowed"))
        else:
            out.append(file)
    return out, problems


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


def not_regular(mode: int) -> str:
    """Why a file of this mode is not read (opening a FIFO waits for a writer, a device never
    ends)."""
    kind = next((name for test, name in _KINDS if test(mode)), "an unknown kind of file")
    return f"{kind}, not a regular file: not read"


def leaves_source(link: str) -> str:
    """Why a symlink is not followed; the same words for a folder and a git revision."""
    return f"symlink to {link!r}, outside the source: not read"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


#: Per folder (relative path): its mtime, the ``.py`` files in it and the sub-folders to visit.
#: A folder holding a file that is not read is kept with mtime -1: listed (and reported) again.
Listing = dict[str, tuple[int, tuple[str, ...], tuple[str, ...]]]


def _list_folder(rel: str, path: str, selection: Selection, problems: list[Problem],
                 in_package: bool, shown: str, root: str,
                 ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The ``.py`` files, the sub-folders worth visiting, and the ``.py`` names not to read (with
    why) of one folder (``shown`` prefixes ``rel`` in problems and glob matches: the package
    folder's name when the source is one; ``root`` is the source's real path)."""
    files: list[str] = []
    folders: list[str] = []
    refused: list[tuple[str, str]] = []
    for entry in os.scandir(path):
        name = entry.name
        try:
            if name.endswith(".py"):
                if name.startswith("."):
                    continue
                if entry.is_file(follow_symlinks=False):  # from the listing: no stat
                    files.append(name)
                elif entry.is_symlink():
                    why = _link_refusal(entry.path, root)
                    if why is not None:
                        refused.append((name, why))
                    elif not entry.is_dir():  # a link to a folder is not followed (no loops)
                        files.append(name)
                elif not entry.is_dir(follow_symlinks=False):
                    refused.append((name, not_regular(entry.stat(follow_symlinks=False).st_mode)))
                continue
            if not entry.is_dir(follow_symlinks=False):
                continue
        except OSError as exc:
            problems.append(Problem(shown + rel + name, 0, f"cannot read: {exc.strerror}", "read"))
            continue
        tool_folder = name in SKIPPED_DIRS and not (
            name in _PACKAGE_NAMES and os.path.exists(os.path.join(path, name, "__init__.py")))
        if not (name[0] == "." or tool_folder or name.endswith(".egg-info")
                or (not rel and not in_package and name in SKIPPED_TOP_DIRS)
                or (selection.exclude and selection.excluded(f"{shown}{rel}{name}/"))):
            folders.append(name)
    return tuple(files), tuple(folders), tuple(refused)


def _link_refusal(path: str, root: str) -> str | None:
    """Why the ``.py`` symlink at ``path`` is not read, or None: it must lead to a regular file
    inside the source (``root``, a real path), as in a git revision, where a link can only lead to
    a blob of the tree. A link leading nowhere is listed, and reported when it cannot be read."""
    target = os.path.realpath(path)
    if not _inside(target, root):
        return leaves_source(os.readlink(path))
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else not_regular(mode)


def _walk(base: Path, selection: Selection, problems: list[Problem], in_package: bool,
          previous: Listing, listing: Listing) -> Iterator[Listed]:
    """Files below ``base``, pruning skipped folders; folder symlinks are not followed (no loops).

    Inside a package folder every sub-folder is a sub-package, so top-level skips do not apply.
    A folder whose mtime is the one in ``previous`` is not listed again (its entries cannot have
    changed: git's untracked cache relies on the same rule); ``listing`` receives this run's view.
    """
    shown = f"{base.name}/" if in_package else ""
    if _unchanged(str(base), previous):
        listing.update(previous)
        for rel, (_, files, _) in previous.items():
            for name in files:
                yield f"{rel}{name}", f"{base}/{rel}{name}", None, None
        return
    root = os.path.realpath(base)
    stack = [("", str(base))]
    while stack:
        rel, path = stack.pop()
        refused: tuple[tuple[str, str], ...] = ()
        try:
            mtime = os.stat(path).st_mtime_ns
            known = previous.get(rel)
            if known is not None and known[0] == mtime:
                files, folders = known[1], known[2]
            else:
                files, folders, refused = _list_folder(rel, path, selection, problems, in_package,
                                                       shown, root)
        except OSError as exc:
            problems.append(Problem((shown + rel) or ".", 0, f"cannot list folder: {exc.strerror}",
                                    "read"))
            continue
        listing[rel] = (-1 if refused else mtime, files, folders)
        for name in files:
            yield f"{rel}{name}", f"{path}/{name}", None, None
        for name, why in refused:
            yield f"{rel}{name}", None, None, why
        stack.extend((f"{rel}{name}/", f"{path}/{name}") for name in folders)


def _unchanged(base: str, previous: Listing) -> bool:
    """True when every folder of the previous listing is there with the same mtime: then no entry
    was added or removed anywhere, and the folders need no walk (one stat each, no more). The
    previous listing must hold every sub-folder its entries name (a folder that could not be
    listed is missing, and is to be tried and reported again)."""
    if not previous or len(previous) != 1 + sum(len(entry[2]) for entry in previous.values()):
        return False
    folder = None
    try:
        # stats relative to the folder's descriptor take fewer path steps each (where there are any)
        folder = os.open(base, os.O_RDONLY) if os.stat in os.supports_dir_fd else None
        prefix = "" if folder is not None else f"{base}/"
        return all(os.stat(f"{prefix}{rel}" or ".", dir_fd=folder).st_mtime_ns == entry[0]
                   for rel, entry in previous.items())
    except OSError:
        return False
    finally:
        if folder is not None:
            os.close(folder)


def directory_base(path: Path) -> Path:
    """The folder module paths are relative to: a package folder's parent, else the folder
    itself."""
    return path.parent if (path / "__init__.py").exists() and path.name.isidentifier() else path


def list_directory(path: Path, selection: Selection, previous: Listing | None = None,
                   ) -> tuple[list[SourceFile], tuple[str, ...], list[Problem], Path, Listing]:
    """Module files of a directory; returns (files, roots, problems, base, folder listing)."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or directory")
    if not path.is_dir():
        raise SourceError(f"{path}: not a directory (give a package folder or a project root)")
    problems: list[Problem] = []
    listing: Listing = {}
    in_package = directory_base(path) != path and not selection.roots  # given roots win
    walk = _walk(path, selection, problems, in_package, previous or {}, listing)
    files, roots, refused = assign_modules(walk, selection, path.name if in_package else None)
    return files, roots, problems + refused, path.parent if in_package else path, listing


def list_revision(repo: Path, commit: str, selection: Selection, subdir: str = "",
                  ) -> tuple[list[SourceFile], tuple[str, ...], list[Problem]]:
    """Module files of a commit, from ``git ls-tree`` (no checkout), with the folder rules of
    :func:`list_directory` so that a checkout gives the same modules (and problems). Submodules
    are skipped; a symlinked file is read from the blob it points to in the source (``subdir``),
    as a checkout would read it; a link leaving the source is a problem (a link that leads nowhere
    in the tree is skipped)."""
    try:
        raw = git(repo, "ls-tree", "-r", "-z", "--full-tree", commit)
    except SourceError:
        raise SourceError(f"{repo}: unknown git revision {commit!r} (`git -C {repo} log --oneline` "
                          f"lists the commits)") from None
    prefix = subdir.strip("/") + "/" if subdir.strip("/") else ""
    blobs: dict[str, str] = {}  # every regular file of the tree, by path: where links can lead
    candidates: list[tuple[str, str, bool]] = []  # (path, blob, is a symlink)
    for record in raw.split(b"\0"):
        if not record:
            continue
        meta, _, path_b = record.partition(b"\t")
        mode, otype, blob_id = meta.split()
        if otype != b"blob":
            continue
        path = path_b.decode("utf-8", "surrogateescape")
        if mode != b"120000":
            blobs[path] = blob_id.decode()
        if path.startswith(prefix) and path.endswith(".py"):
            candidates.append((path, blob_id.decode(), mode == b"120000"))
    package = PurePosixPath(prefix.rstrip("/")).name if prefix else ""
    in_package = package.isidentifier() and f"{prefix}__init__.py" in blobs and not selection.roots
    links = read_blobs(repo, sorted({blob for _, blob, is_link in candidates if is_link}))
    triples: list[Listed] = []
    for path, blob, is_link in candidates:
        rel = path[len(prefix):]
        parts = rel.split("/")[:-1]
        if any(p.startswith(".") or p.endswith(".egg-info") or (
                p in SKIPPED_DIRS and not (
                    p in _PACKAGE_NAMES
                    and f"{prefix}{'/'.join(parts[:i + 1])}/__init__.py" in blobs))
               for i, p in enumerate(parts)):
            continue
        if parts and not in_package and parts[0] in SKIPPED_TOP_DIRS:
            continue
        if is_link:
            target = links[blob].decode("utf-8", "surrogateescape")
            where = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if posixpath.isabs(target) or not (where.startswith(prefix)
                                               and where.split("/")[0] != ".."):
                triples.append((rel, None, None, leaves_source(target)))
                continue
            found = blobs.get(where)
            if found is None:
                continue
            blob = found
        triples.append((rel, None, blob, None))
    return assign_modules(triples, selection, package if in_package else None)


def parse_source_spec(spec: str) -> tuple[Path, str | None, str]:
    """``path``, ``repo@rev`` or ``repo@rev:subdir`` → (path, rev or None, subdir).

    A path that exists as given wins, so folders whose names contain ``@`` still work.
    """
    if Path(spec).exists() or "@" not in spec:
        return Path(spec), None, ""
    repo, _, rest = spec.rpartition("@")
    rev, _, subdir = rest.partition(":")
    return Path(repo or "."), rev, subdir
