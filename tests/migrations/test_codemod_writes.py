"""``archdocs migrate --write`` never loses a user's byte: every byte outside the rewritten imports
is kept (line endings per line, BOM, declared encoding, trailing whitespace, final newline), a
write is atomic whatever fails (full disk, permission, kill), files are found as the analysis finds
them and never through symbolic links, the map is closed first (one run is final; a cycle is an
error), and a file that cannot be read or written is listed while the others are still rewritten.

Every comparison is of bytes. Failures are injected where root (CI) could otherwise write anyway.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import archdocs.analysis.migrations.codemod
import archdocs.atomic
from archdocs.analysis.migrations.codemod import python_files, rewrite_files, write_rewrites
from archdocs.analysis.migrations.declared import read_declared
from archdocs.analysis.migrations.model import Entry, ImportPath, MapCycleError, MigrationMap
from archdocs.analysis.migrations.usage import deprecated_uses
from archdocs.atomic import TEMP_SUFFIX, replace_file
from archdocs.cli import main

MAP = """\
[[migration]]
old = "shop.old"
new = "shop.fresh"

[[migration]]
old = "shop.util:helper"
new = "shop.tools:helper"
"""

IS_ROOT = os.geteuid() == 0


def migrate(tmp_path: Path, *paths: Path, toml: str = MAP, write: bool = True) -> int:
    """Run the CLI on ``paths`` with the map ``toml``; its exit status."""
    map_file = tmp_path / "map.toml"
    map_file.write_text(toml)
    return main(["migrate", *map(str, paths), "--map", str(map_file),
                 *(["--write"] if write else [])])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (links as their target text), by relative path."""
    out: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            out[str(path.relative_to(folder))] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            out[str(path.relative_to(folder))] = path.read_bytes()
    return out


class Patched:
    """A module with some functions replaced, given to the module under test only (patching
    ``os.write`` itself would also break pytest and everything else running meanwhile)."""

    def __init__(self, module: ModuleType, **overrides: object) -> None:
        self._module = module
        self.__dict__.update(overrides)

    def __getattr__(self, name: str) -> object:
        return getattr(self._module, name)


def warned(err: str) -> dict[str, str]:
    """The CLI's warnings by file: ``{path: message}``."""
    prefix = "archdocs: warning: "
    lines = [line[len(prefix):] for line in err.splitlines() if line.startswith(prefix)]
    return {path: message for path, _, message in (line.partition(": ") for line in lines)}


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(TEMP_SUFFIX)]


# -- item 2: bytes outside the rewritten imports are kept exactly ----------------------------------

#: (name, input bytes); the expected output is the input with only the import text replaced.
FAITHFUL = [
    ("crlf", b"import shop.old\r\nx = shop.old.Thing()  \r\n# note\t\r\n"),
    ("mixed endings", b"import shop.old\r\nx = 1\n\ny = 2\r\nfrom shop.util import helper\nz\r\n"),
    ("bom", b"\xef\xbb\xbf\"\"\"Doc \xc3\xa9.\"\"\"\r\nimport shop.old\r\n"),
    ("latin-1 cookie", b"# -*- coding: latin-1 -*-\nimport shop.old\ns = '\xe9t\xe9'  # \xa9\n"),
    ("no final newline", b"import shop.old   \nx = shop.old.f()"),
    ("no final newline, crlf", b"x = 1\r\nfrom shop.util import helper"),
    ("trailing whitespace", b"from shop.util import helper \t \nif x:  \n    import shop.old\t\n"),
    ("form feed and continuation", b"import os\n\x0c\nimport shop.old\nx = 1 + \\\r\n    2\n"),
    ("parenthesised, crlf", b"from shop.util import (  # c\r\n    helper,\r\n)\r\n"),
    ("blank line, then an indented comment at the end", b"import shop.old\n\n  # c\n \n"),
]


def expected(data: bytes) -> bytes:
    return data.replace(b"shop.old", b"shop.fresh").replace(b"shop.util", b"shop.tools")


@pytest.mark.parametrize(("name", "data"), FAITHFUL, ids=[name for name, _ in FAITHFUL])
def test_every_byte_but_the_imports_is_kept(tmp_path: Path, name: str, data: bytes):
    user = tmp_path / "code" / "user.py"
    user.parent.mkdir()
    user.write_bytes(data)
    assert migrate(tmp_path, user.parent) == 0
    assert user.read_bytes() == expected(data)
    assert migrate(tmp_path, user.parent) == 0 and user.read_bytes() == expected(data)


def test_split_import_lines_take_the_line_ending_of_their_line(tmp_path: Path):
    """A ``from`` import split in two, and an ``import`` added for an attribute use, end like the
    line they come from in a file whose endings are mixed."""
    user = tmp_path / "user.py"
    user.write_bytes(b"import os\r\nimport shop.util\nfrom shop.util import helper, other\n"
                     b"x = shop.util.helper\r\n")
    assert migrate(tmp_path, user) == 0
    assert user.read_bytes() == (b"import os\r\nimport shop.util\nfrom shop.tools import helper\n"
                                 b"from shop.util import other\nimport shop.tools\n"
                                 b"x = shop.tools.helper\r\n")


def test_a_file_libcst_would_not_give_back_whole_is_left_alone(tmp_path: Path, capsys):
    """Old Mac line ends: LibCST 1.9 drops the final CR; the file is not written at all."""
    user = tmp_path / "user.py"
    user.write_bytes(b"import shop.old\rx = 1\r")
    assert migrate(tmp_path, user) == 1
    assert user.read_bytes() == b"import shop.old\rx = 1\r"
    assert (f"{user}: left unchanged: LibCST would not give back every byte of this file"
            in capsys.readouterr().err)


LINE = st.sampled_from([b"x = 1", b"# c\xc3\xa9", b"", b"  ", b"\x0c", b"import shop.old",
                        b"if x:\n    import shop.old", b"from shop.util import helper",
                        b"from shop.old import (a,\n b)", b"from shop.util import (\r\n helper, )",
                        b"    # indented", b"def f():\n    import shop.old\n\n  # c\n    return 1",
                        b"if x:\n    y = 1\n\n \n", b"s = '''\n# x '''"])


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(st.tuples(LINE, st.sampled_from([b"\n", b"\r\n"]),
                                st.sampled_from([b"", b" ", b"\t "])), min_size=1, max_size=8),
       bom=st.booleans(), final_newline=st.booleans())
def test_property_only_import_text_changes(lines: list[tuple[bytes, bytes, bytes]], bom: bool,
                                           final_newline: bool):
    """Whatever the endings, trailing blanks, BOM and final newline, the file becomes its bytes
    with only the old paths replaced."""
    data = b"".join(line + blank + end for line, end, blank in lines)
    if not final_newline:
        data = data.rstrip(b"\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + data
    migrations = read_declared(_map_file())[0]
    with tempfile.TemporaryDirectory() as folder:
        user = Path(folder, "user.py")
        user.write_bytes(data)
        rewrites, problems = rewrite_files([user], migrations)
        assert problems == []
        assert write_rewrites(rewrites)[1] == []
        assert user.read_bytes() == expected(data)


def _map_file() -> Path:
    path = Path(tempfile.gettempdir(), f"archdocs-codemod-map-{os.getpid()}.toml")
    if not path.exists():
        path.write_text(MAP)
    return path


# -- item 1: atomic writes ------------------------------------------------------------------------

OLD_CODE = b"import shop.old\r\n" + b"x = 1\r\n" * 600  # long enough to be cut on a full disk


@pytest.fixture
def two_files(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    code = tmp_path / "code"
    code.mkdir()
    a, b = code / "a.py", code / "b.py"
    a.write_bytes(OLD_CODE)
    b.write_bytes(OLD_CODE.replace(b"x", b"y"))
    a.chmod(0o754)
    yield a, b


def test_written_file_keeps_its_mode(tmp_path: Path, two_files: tuple[Path, Path]):
    a, _ = two_files
    assert migrate(tmp_path, a.parent) == 0
    assert a.read_bytes() == expected(OLD_CODE)
    assert stat.S_IMODE(a.stat().st_mode) == 0o754
    assert temp_files(tmp_path) == []


def test_full_disk_at_fsync_leaves_every_file_whole(tmp_path: Path, two_files: tuple[Path, Path],
                                                    monkeypatch: pytest.MonkeyPatch, capsys):
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = snapshot(tmp_path / "code")
    monkeypatch.setattr(archdocs.atomic, "os", Patched(os, fsync=full))
    assert migrate(tmp_path, tmp_path / "code") == 1
    assert snapshot(tmp_path / "code") == before
    assert temp_files(tmp_path) == []
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{two_files[0]}: cannot write, left unchanged: No space left on device" in err
    assert "rewrote 0 files; 2 left unchanged (listed above)" in err


def test_full_disk_mid_write_leaves_the_old_file(tmp_path: Path, two_files: tuple[Path, Path],
                                                 monkeypatch: pytest.MonkeyPatch):
    """The disk fills after 459 lines' worth of bytes: the old file stays, not a cut one."""
    real_write = os.write
    room = {"left": 459 * 7}

    def filling(fd: int, data: bytes | memoryview) -> int:
        if room["left"] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = real_write(fd, bytes(data[:room["left"]]))
        room["left"] -= written
        return written

    a, _ = two_files
    monkeypatch.setattr(archdocs.atomic, "os", Patched(os, write=filling))
    with pytest.raises(OSError, match="No space left"):
        replace_file(a, expected(OLD_CODE))
    assert a.read_bytes() == OLD_CODE
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize("failure", [PermissionError(errno.EACCES, "Permission denied"),
                                     KeyboardInterrupt()], ids=["permission", "interrupt"])
def test_failed_rename_leaves_the_old_file(tmp_path: Path, two_files: tuple[Path, Path],
                                           monkeypatch: pytest.MonkeyPatch, failure: BaseException):
    def failing(src: str, dst: str) -> None:
        raise failure

    a, _ = two_files
    monkeypatch.setattr(archdocs.atomic, "os", Patched(os, replace=failing))
    with pytest.raises(type(failure)):
        replace_file(a, b"new")
    assert a.read_bytes() == OLD_CODE
    assert temp_files(tmp_path) == []


KILLED_WRITER = """
import os, sys
import archdocs.atomic

def stop(fd):
    sys.stdout.write("synced\\n")
    sys.stdout.flush()
    sys.stdin.read()  # the parent kills us here, between write and rename

archdocs.atomic.os.fsync = stop
archdocs.atomic.replace_file(sys.argv[1], b"new bytes")
"""


def test_killed_between_write_and_rename_leaves_the_old_file(tmp_path: Path,
                                                             two_files: tuple[Path, Path]):
    """A real SIGKILL after the new bytes are written: the file is the old one; the temporary
    file left behind is never taken for source by the next run."""
    a, _ = two_files
    with subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(a)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None and child.stdout.readline() == "synced\n"
        child.send_signal(signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    assert a.read_bytes() == OLD_CODE
    left = temp_files(tmp_path)
    assert len(left) == 1 and left[0].read_bytes() == b"new bytes"
    assert sorted(p.name for p in python_files([a.parent])[0]) == ["a.py", "b.py"]


def test_file_edited_after_it_was_read_is_not_overwritten(tmp_path: Path,
                                                          two_files: tuple[Path, Path]):
    a, b = two_files
    rewrites, _ = rewrite_files([a.parent], read_declared(_map_file())[0])
    a.write_bytes(OLD_CODE + b"# the user's edit\n")
    written, problems = write_rewrites(rewrites)
    assert [w.path for w in written] == [str(b)]
    assert a.read_bytes() == OLD_CODE + b"# the user's edit\n"
    assert [str(p) for p in problems] == [
        f"{a}: changed since it was read; left unchanged (run again)"]


# -- item 3: which files ---------------------------------------------------------------------------

def test_files_are_found_as_the_analysis_finds_them(tmp_path: Path, capsys):
    project, outside = tmp_path / "project", tmp_path / "outside"
    use = b"import shop.old\n"
    for rel in ["src/pkg/__init__.py", "src/pkg/a.py", "tests/test_a.py", "scripts/tool.py",
                ".venv/lib/python3.12/site-packages/dep/mod.py", "venv/lib/x.py", ".hidden/x.py",
                "src/pkg/__pycache__/x.py", "build/lib/x.py", "node_modules/x/x.py",
                "pkg.egg-info/x.py", "src/pkg/run-me.py"]:
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_bytes(use)
    outside.mkdir()
    (outside / "victim.py").write_bytes(use)
    (project / "src/pkg/link.py").symlink_to(outside / "victim.py")
    (project / "src/pkg/alias.py").symlink_to(project / "src/pkg/a.py")
    (project / "src/pkg/gone.py").symlink_to(project / ".hidden/x.py")
    before = snapshot(tmp_path)
    assert migrate(tmp_path, project) == 1  # the skipped links are listed
    after = snapshot(tmp_path)
    changed = sorted(rel for rel in before if before[rel] != after[rel])
    assert changed == ["project/scripts/tool.py", "project/src/pkg/__init__.py",
                       "project/src/pkg/a.py", "project/tests/test_a.py"]
    assert all(after[rel] == expected(use) for rel in changed)
    assert (project / "src/pkg/link.py").is_symlink()
    assert (project / "src/pkg/alias.py").is_symlink()
    warnings = warned(capsys.readouterr().err)
    assert "outside" in warnings[f"{project}/src/pkg/link.py"]  # the walk's words or the codemod's
    assert warnings[f"{project}/src/pkg/gone.py"] == (
        f"symbolic link to {project}/.hidden/x.py, a file the walk of {project} leaves out; "
        "not written through, left unchanged")
    assert sorted(warnings) == [f"{project}/src/pkg/gone.py", f"{project}/src/pkg/link.py"]


def test_a_symlink_named_on_the_command_line_is_not_written_through(tmp_path: Path, capsys):
    target = tmp_path / "real.py"
    target.write_bytes(b"import shop.old\n")
    link = tmp_path / "link.py"
    link.symlink_to(target)
    assert migrate(tmp_path, link) == 1
    assert target.read_bytes() == b"import shop.old\n" and link.is_symlink()
    assert (f"{link}: symbolic link to {target} (name what it points to, to rewrite it)"
            in capsys.readouterr().err)


def test_a_fifo_is_listed_and_never_opened(tmp_path: Path, capsys):
    code = tmp_path / "code"
    code.mkdir()
    os.mkfifo(code / "x.py")
    (code / "y.py").write_bytes(b"import shop.old\n")
    assert migrate(tmp_path, code) == 1
    assert (code / "y.py").read_bytes() == b"import shop.fresh\n"
    assert "not a regular file" in warned(capsys.readouterr().err)[f"{code}/x.py"]


def test_a_file_named_twice_is_rewritten_once(tmp_path: Path, capsys):
    user = tmp_path / "code" / "user.py"
    user.parent.mkdir()
    user.write_bytes(b"from shop.util import helper, other\n")
    assert migrate(tmp_path, user, user.parent, user.parent / ".." / "code" / "user.py") == 0
    assert user.read_bytes() == b"from shop.tools import helper\nfrom shop.util import other\n"
    assert capsys.readouterr().out == f"rewrote {user} (1 changes)\n"


def test_a_missing_path_is_a_usage_error(tmp_path: Path, capsys):
    assert migrate(tmp_path, tmp_path / "nosuch") == 2
    assert capsys.readouterr().err == (f"archdocs: error: {tmp_path}/nosuch: no such file or "
                                       "folder (give the Python files or folders to rewrite)\n")


# -- item 4: the map is closed first ---------------------------------------------------------------

CHAIN = """\
[[migration]]
old = "shop.a"
new = "shop.b"

[[migration]]
old = "shop.b"
new = "shop.c"

[[migration]]
old = "shop.util:helper"
new = "shop.b:helper"

[[migration]]
old = "lib.old"
new = "lib.new"

[[migration]]
old = "lib.new.x"
new = "lib.final"

[[migration]]
old = "core"
new = "core.impl"
"""


def test_chains_are_followed_to_their_end_so_one_run_is_final(tmp_path: Path, capsys):
    user = tmp_path / "user.py"
    user.write_bytes(b"import shop.a\nfrom shop.util import helper\nimport lib.old.x\n"
                     b"import core.sub\nimport core\ny = shop.a.f()\n")
    assert migrate(tmp_path, user, toml=CHAIN) == 0
    final = (b"import shop.c\nfrom shop.c import helper\nimport lib.final\n"
             b"import core.impl.sub\nimport core.impl\ny = shop.c.f()\n")
    assert user.read_bytes() == final
    capsys.readouterr()
    assert migrate(tmp_path, user, toml=CHAIN) == 0
    assert user.read_bytes() == final
    assert "rewrote 0 files" in capsys.readouterr().err
    closed = read_declared(tmp_path / "map.toml")[0].closed()
    assert {e.old.spec: e.new[0].spec for e in closed.entries} == {
        "shop.a": "shop.c", "shop.b": "shop.c", "shop.util:helper": "shop.c:helper",
        "lib.old": "lib.new", "lib.new.x": "lib.final", "core": "core.impl"}


CYCLE = """\
[[migration]]
old = "shop.a"
new = "shop.b"

[[migration]]
old = "shop.b"
new = "shop.a"
"""


def test_a_cycle_is_one_error_naming_its_entries_and_nothing_is_written(tmp_path: Path, capsys):
    user = tmp_path / "user.py"
    user.write_bytes(b"import shop.a\nimport shop.b\n")
    before = user.stat()
    assert migrate(tmp_path, user, toml=CYCLE) == 2
    err = capsys.readouterr().err
    assert err == (f"archdocs: error: the migration map has a cycle: shop.b → shop.a → shop.b "
                   f"({tmp_path}/map.toml:6, {tmp_path}/map.toml:2); "
                   "one of these entries is wrong\n")
    assert user.read_bytes() == b"import shop.a\nimport shop.b\n"
    assert user.stat().st_mtime_ns == before.st_mtime_ns
    # the CI gate's deprecated-import scan reports it as a located problem, no traceback
    found = deprecated_uses([user], read_declared(tmp_path / "map.toml")[0])
    assert [(p.path, p.line, p.code) for p in found] == [(f"{tmp_path}/map.toml", 6, "map")]


# -- item 5: unwritable and unreadable files -------------------------------------------------------

def test_unwritable_files_are_listed_and_the_others_rewritten(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    code = tmp_path / "code"
    (code / "locked").mkdir(parents=True)
    for rel in ["a.py", "readonly.py", "locked/b.py", "z.py"]:
        (code / rel).write_bytes(b"import shop.old\r\n")
    (code / "readonly.py").chmod(0o444)
    (code / "locked").chmod(0o555)
    if IS_ROOT:  # root writes read-only files and folders: fail the way another user would
        monkeypatch.setattr(archdocs.atomic, "os", Patched(
            os, access=lambda path, mode: "readonly.py" not in str(path)))
        real_mkstemp = tempfile.mkstemp

        def mkstemp(**kwargs: Any) -> tuple[int, str]:
            if kwargs["dir"].endswith("locked"):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), kwargs["dir"])
            return real_mkstemp(**kwargs)

        monkeypatch.setattr(archdocs.atomic, "tempfile", Patched(tempfile, mkstemp=mkstemp))
    try:
        assert migrate(tmp_path, code) == 1
    finally:
        (code / "locked").chmod(0o755)
    assert (code / "a.py").read_bytes() == (code / "z.py").read_bytes() == b"import shop.fresh\r\n"
    assert (code / "readonly.py").read_bytes() == b"import shop.old\r\n"
    assert (code / "locked/b.py").read_bytes() == b"import shop.old\r\n"
    out, err = capsys.readouterr()
    assert out == f"rewrote {code}/a.py (1 changes)\nrewrote {code}/z.py (1 changes)\n"
    assert f"{code}/readonly.py: cannot write, left unchanged: file is read-only" in err
    assert f"{code}/locked/b.py: cannot write, left unchanged: Permission denied" in err
    assert err.endswith("archdocs: rewrote 2 files; 2 left unchanged (listed above)\n")
    assert "Traceback" not in err
    assert temp_files(tmp_path) == []


@pytest.mark.parametrize(("data", "message"), [
    (b"import shop.old\nx = 1\ns = '\xe9'\n",
     "user.py:3: cannot decode as utf-8, left unchanged: byte 0xe9 is not utf-8"),
    (b"# coding: klingon\nimport shop.old\n",
     "user.py:1: cannot decode, left unchanged: unknown encoding: klingon"),
    (b"import shop.old\nx = (\n", "user.py:2: cannot parse, left unchanged"),
    (b"#!/usr/bin/env python\n# coding: klingon\nimport shop.old\n",
     "user.py:2: cannot decode, left unchanged: unknown encoding: klingon"),
    (b"# coding: latin-1\nimport shop.old\n", None),
], ids=["bad utf-8", "unknown cookie", "syntax", "cookie on line 2", "new path fits latin-1"])
def test_undecodable_files_are_one_located_line(tmp_path: Path, capsys, data: bytes,
                                                message: str | None):
    code = tmp_path / "code"
    code.mkdir()
    (code / "user.py").write_bytes(data)
    (code / "fine.py").write_bytes(b"import shop.old\n")
    assert migrate(tmp_path, code) == (1 if message else 0)
    assert (code / "fine.py").read_bytes() == b"import shop.fresh\n"
    err = capsys.readouterr().err
    if message:
        assert (code / "user.py").read_bytes() == data
        assert f"archdocs: warning: {code}/{message}" in err and "Traceback" not in err
    else:
        assert (code / "user.py").read_bytes() == expected(data)


def test_a_new_path_the_encoding_cannot_hold_leaves_the_file(tmp_path: Path):
    """An inferred map may hold non-ASCII module names (a declared one may not)."""
    user = tmp_path / "user.py"
    user.write_bytes(b"# coding: latin-1\nimport shop.old\ns = '\xe9'\n")
    migrations = MigrationMap((Entry(ImportPath("shop.old"), (ImportPath("shop.\u65b0"),),
                                     "moved"),))
    rewrites, problems = rewrite_files([user], migrations)
    assert rewrites == []
    assert [str(p) for p in problems] == [
        f"{user}: left unchanged: a new path cannot be written in iso-8859-1 ('\u65b0')"]
    assert user.read_bytes() == b"# coding: latin-1\nimport shop.old\ns = '\xe9'\n"


def test_an_unreadable_file_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    code = tmp_path / "code"
    code.mkdir()
    (code / "secret.py").write_bytes(b"import shop.old\n")
    (code / "open.py").write_bytes(b"import shop.old\n")
    (code / "secret.py").chmod(0)
    if IS_ROOT:
        real_open = os.open

        def guarded(path: str, *args: int, **kwargs: int) -> int:
            if str(path).endswith("secret.py"):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(archdocs.analysis.migrations.codemod, "os", Patched(os, open=guarded))
    assert migrate(tmp_path, code) == 1
    (code / "secret.py").chmod(0o644)
    assert (code / "secret.py").read_bytes() == b"import shop.old\n"
    assert (code / "open.py").read_bytes() == b"import shop.fresh\n"
    err = capsys.readouterr().err
    assert f"{code}/secret.py: cannot read, left unchanged: Permission denied" in err


def test_diff_mode_writes_nothing_and_shows_crlf_lines(tmp_path: Path, capsys):
    user = tmp_path / "user.py"
    user.write_bytes(b"import shop.old\r\n")
    assert migrate(tmp_path, user, write=False) == 0
    assert user.read_bytes() == b"import shop.old\r\n"
    assert "+import shop.fresh\r\n" in capsys.readouterr().out



def test_closure_follows_each_part_of_a_split_and_names_a_self_loop():
    split = MigrationMap((Entry(ImportPath("a"), (ImportPath("b"), ImportPath("c")), "split"),
                          Entry(ImportPath("b"), (ImportPath("d"),), "moved"),
                          Entry(ImportPath("c", "f"), (), "removed")))
    assert [e.new for e in split.closed().entries] == [
        (ImportPath("d"), ImportPath("c")), (ImportPath("d"),), ()]
    loop = MigrationMap((Entry(ImportPath("a", "f"), (ImportPath("a", "f"),), "moved",
                               where="m:3"),))
    with pytest.raises(MapCycleError, match=r"^the migration map has a cycle: a:f → a:f \(m:3\)"):
        loop.closed()
