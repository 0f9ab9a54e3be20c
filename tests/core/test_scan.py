"""The fast reader (archdocs.reading.fast._reader) gives exactly tree-sitter's facts, or declines;
files with syntax errors never reach it (ruff sends them to tree-sitter, which reports them)."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers.ci import import_or_skip
from tests.helpers.files import age
from tests.helpers.gitrepo import commit_all, git
from tests.helpers.real_packages import location

from archdocs.model import ImportKind, ModuleFacts
from archdocs.reading import _filetext as filetext
from archdocs.reading._filetext import decode
from archdocs.reading._treesitter import parse_facts
from archdocs.reading.cache import FactsCache
from archdocs.reading.fast import _reader as scan
from archdocs.reading.fast import _syntax as validate
from archdocs.reading.fast._reader import scan_facts
from archdocs.reading.load import LoadStats, load_snapshot
from archdocs.reading.sources import Selection

#: Valid Python that exercises every rule the reader models; each must come out as tree-sitter's.
SNIPPETS = {
    "one-line suites and their clauses": (
        "try: import json\nexcept ImportError: json = None\n"
        "if PY2: import cPickle as pickle\nelse: import pickle\n"
        "class Empty(Exception): pass\n"
        "def one(): return 1\n"
        "def doc(): 'One line.'\n"),
    "kinds": (
        "from __future__ import annotations\n"
        "import typing\nif typing.TYPE_CHECKING:\n    from a import b\nelse:\n    import c\n"
        "if not TYPE_CHECKING:\n    import d\nelse:\n    import e\n"
        "if sys.version_info >= (3, 11):\n    import tomllib\nelif sys.platform == 'win32':\n"
        "    import f\nelse:\n    import g\n"
        "try:\n    import h\nexcept (ValueError, ModuleNotFoundError) as exc:\n    import i\n"
        "finally:\n    import j\n"
        "try:\n    import k\nexcept:  # noqa: E722 (a bare except, with a comment)\n    pass\n"
        "with suppress(ImportError):\n    import l\n"
        "def f():\n    import m\n    if TYPE_CHECKING:\n        import n\n"
        "    try:\n        import o\n    except ImportError:\n        pass\n"
        "for x in y:\n    import p\nelse:\n    import q\n"
        "while x:\n    import r\n"),
    "import forms": (
        "import a.b as c, d\nfrom . import (x,\n    y as z,  # a comment\n)\n"
        "from ..pkg.mod import *\nfrom .mod import \\\n    name\nfrom.m import n\n"
        "import os.path\n"),
    "definitions": (
        '"""Module doc.\n\nMore."""\n'
        "@decorator\nclass A(Base, metaclass=Meta):\n    r'''Raw doc.'''\n"
        "    class Inner:\n        def method(self, x: int = 1,\n"
        "                   *args) -> dict[str, int]:\n"
        "            def local():\n                pass\n            return {}\n"
        "        # a trailing comment inside Inner\n"
        "    # shallower, still inside A\n"
        "  # shallower than A's body: outside\n"
        "async def coro(a, b=(1, 2)) -> \\\n        int:\n    '''Doc\n    more'''\n    await x\n"
        "class Generic[T](Base[T]):\n    type Alias[U] = list[U]\n"
        "def generic[T: int](x: T) -> T:\n    return x\n"
        "x = '''\nimport not_an_import\ndef not_a_def():\n'''\n"
        "def after_string():\n    s = f'{x!r:>{width}}'\n    return s\n"),
    "module names and __all__": (
        "import a.b\nfrom c import d as e\nx = y = 1\n(p, q), [r, *s] = t\nu: int = 1\nv: str\n"
        "obj.attr = 1\nitems[0] = 2\nw += 1\nif cond:\n    inside_if = 1\n"
        "def f():\n    local = 1\ntype Alias = int\nclass K:\n    member = 1\n"
        "__all__ = ['a', \"b\"]\n__all__ += ('c',)\n__all__.extend(['d'] + ['e'])\n"
        "__all__.append('f')\n"),
    "dynamic __all__": "__all__ = ['a']\n__all__ += other.__all__\n",
    "module __getattr__": (
        "def __getattr__(name):\n    if name == 'Old':\n        from pkg.new import Old\n"
        "        return Old\n    return import_module('pkg.other.thing')\n"),
    "CRLF line ends": "import a\r\nif x:\r\n    import b\r\n\r\ndef f():\r\n    '''Doc.'''\r\n",
    "issue 13 kinds and names": (
        '"""Doc.\n\n# a line of the docstring\n"""\n'
        "lazy import a.b as c, d\nlazy from e import f\n__lazy_modules__ = ['g']\nimport g, os\n"
        "if (typing.TYPE_CHECKING) and X:\n    import h\nif os.name == 'nt':\n    import i\n"
        "try:\n    import j\nexcept ImportError:\n    import k\nfinally:\n    import m\n"
        "__all__ = 'A', 'B'\nA = B = C = {'k': dict(v=1)}\nfrom n import o as o\n"
        "if __name__ == '__main__':\n    import p\n"),
    "comments at the end of blocks": (
        "def f():\n    x = 1\n    # kept\n\n    # kept too\n# dedented\ny = 2\n"
        "class C:\n    def m(self):\n        pass\n        # deeper\n    # class level\n"),
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_the_fast_reader_gives_tree_sitters_facts(name: str) -> None:
    data = SNIPPETS[name].encode()
    expected = parse_facts(data)
    assert expected.problems == ()
    assert scan_facts(data) == expected


def test_the_kind_rules_as_tree_sitter_applies_them() -> None:
    facts = scan_facts(SNIPPETS["kinds"].encode())
    assert facts is not None
    kinds = {i.module: i.kind for i in facts.imports}
    assert kinds["a"] is ImportKind.TYPE_CHECKING and kinds["c"] is ImportKind.RUNTIME
    assert kinds["d"] is ImportKind.RUNTIME and kinds["e"] is ImportKind.TYPE_CHECKING
    assert {kinds[m] for m in ("tomllib", "f", "g", "h", "k", "l")} == {ImportKind.GUARDED}
    assert kinds["i"] is kinds["j"] is ImportKind.RUNTIME  # a handler's, finally's: nothing catches
    assert kinds["m"] is kinds["o"] is ImportKind.LAZY and kinds["n"] is ImportKind.TYPE_CHECKING
    assert kinds["p"] is kinds["q"] is kinds["r"] is ImportKind.RUNTIME
    assert "__future__" not in kinds  # a compiler directive, as tree-sitter reads it


@pytest.mark.parametrize("source", [
    "import a; import b\n",  # several statements on a line
    "match command:\n    case 'go':\n        import a\n",
    "if x:\n\timport a\n",  # tab indentation
    "def f():\n    f'''{doc}'''\n",  # an f-string docstring
    "try:\n    import a\nexcept* ImportError:\n    pass\n",
])
def test_the_fast_reader_declines_what_it_does_not_model(source: str) -> None:
    assert scan_facts(source.encode()) is None


@pytest.fixture
def fast_reads(monkeypatch) -> list[bytes]:
    """Lists the files the fast reader was given."""
    import archdocs.reading.fast._reader

    given: list[bytes] = []
    real = archdocs.reading.fast._reader.scan_facts
    def recording(data: bytes) -> ModuleFacts | None:
        given.append(data)
        return real(data)

    monkeypatch.setattr(archdocs.reading.fast._reader, "scan_facts", recording)
    return given


def test_a_syntax_error_inside_a_well_formed_line_is_still_reported(tmp_path: Path,
                                                                    fast_reads) -> None:
    """``x = = 1`` has balanced brackets and a plain structure: only a real parser sees the error.
    ruff does, so tree-sitter reads the file and its problem has the line."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "bad.py").write_text("import pkg.good\n\nx = = 1\n")
    (tmp_path / "pkg" / "good.py").write_text("import pkg.bad\n")
    snapshot = load_snapshot(tmp_path, jobs=1)
    assert b"import pkg.bad\n" in fast_reads  # the fast path did run
    assert [(p.path, p.line) for p in snapshot.problems] == [("pkg/bad.py", 3)]
    assert {i.target for i in snapshot.get("pkg.bad").imports} == {"pkg.good"}


def test_without_ruff_every_file_is_read_by_tree_sitter(tmp_path: Path, monkeypatch,
                                                        fast_reads) -> None:
    (tmp_path / "mod.py").write_text("import os\nx = = 1\n")
    monkeypatch.setattr(validate, "_ruff", lambda: None)
    stats = LoadStats()
    snapshot = load_snapshot(tmp_path, jobs=1, stats=stats)
    assert fast_reads == [] and stats.parsed == 1
    assert [p.line for p in snapshot.problems] == [2]


@pytest.mark.slow
@pytest.mark.parametrize("package", ["django", "sympy", "homeassistant"])
def test_the_fast_reader_agrees_with_tree_sitter_on_every_module(package: str, request) -> None:
    """Every module of three large packages: the fast reader's facts equal tree-sitter's, or it
    declines (rarely: under 1% of files)."""
    root = location(package, request.config)
    files = sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)
    declined, differing = [], []
    for path in files:
        data = path.read_bytes()
        fast = scan_facts(data)
        if fast is None:
            declined.append(path)
            continue
        expected = parse_facts(data)
        if expected.problems == () and fast != expected:
            differing.append(str(path.relative_to(root)))
    assert differing == []
    assert len(declined) < len(files) / 100, declined[:10]
    assert len(files) > 800


def test_load_gives_the_same_snapshot_with_either_reader(tmp_path: Path, monkeypatch,
                                                         fast_reads) -> None:
    for name, source in SNIPPETS.items():
        (tmp_path / (re.sub(r"\W", "", name) + ".py")).write_text(source)
    fast = load_snapshot(tmp_path, Selection(), jobs=1)
    assert len(fast_reads) == len(SNIPPETS)
    monkeypatch.setenv("ARCHDOCS_PARSER", "tree-sitter")
    careful = load_snapshot(tmp_path, Selection(), jobs=1)
    assert len(fast_reads) == len(SNIPPETS)  # not called again
    assert fast.modules == careful.modules


def test_a_syntax_error_in_a_git_revision_is_reported_on_the_fast_path(tmp_path: Path,
                                                                       fast_reads) -> None:
    """Blobs have no path on disk: ruff checks copies of them, with the same verdict."""
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "pkg" / "__init__.py").write_text("")
    (repo / "pkg" / "bad.py").write_text("import pkg.good\n\nx = = 1\n")
    (repo / "pkg" / "good.py").write_text("import pkg.bad\n")
    commit_all(repo, "bad", "2024-01-01T00:00:00+00:00")
    snapshot = load_snapshot(f"{repo}@HEAD", jobs=1)
    assert b"import pkg.bad\n" in fast_reads
    assert [(p.path, p.line) for p in snapshot.problems] == [("pkg/bad.py", 3)]


def _on_disk(path: Path) -> tuple[str, tuple[int, int, int]]:
    """What the syntax check is given for a file read from disk: its path and stat signature."""
    signature = validate.signature(str(path))
    assert signature is not None
    return str(path), signature


def test_a_file_that_changes_while_ruff_checks_it_gets_no_verdict(tmp_path: Path) -> None:
    """ruff may have read other bytes than archdocs did, or wait on what is there now: no verdict
    (every file goes to tree-sitter), and ruff is not waited for."""
    changed, kept = tmp_path / "changed.py", tmp_path / "kept.py"
    changed.write_text("x = 1\n")
    kept.write_text("y = 2\n")
    check = validate.SyntaxCheck({"changed": _on_disk(changed), "kept": _on_disk(kept),
                                  "copy": b"z = = 3\n"})
    assert check.available
    changed.write_text("x = = 1 and now longer\n")
    assert check.invalid() is None


def test_a_files_verdict_is_tied_to_the_bytes_archdocs_read(tmp_path: Path) -> None:
    kept = tmp_path / "kept.py"
    kept.write_text("y = 2\n")
    check = validate.SyntaxCheck({"kept": _on_disk(kept), "copy": b"z = = 3\n"})
    assert check.invalid() == {"copy"}


def test_a_check_closed_before_its_verdict_leaves_no_process_behind(tmp_path: Path) -> None:
    """A check whose files all turn out to be cached is closed at once: ruff is killed and
    reaped."""
    files: dict[str, tuple[str, validate.Signature] | bytes] = {
        f"m{i}": b"x = 1\n" * 5000 for i in range(50)}
    check = validate.SyntaxCheck(files)
    assert check.available
    pids = [process.pid for process in check._processes]
    check.close()
    for pid in pids:
        with pytest.raises(ChildProcessError):  # reaped: no zombie left
            os.waitpid(pid, os.WNOHANG)
    assert check.invalid() is None  # no verdict: not "no error"


def test_one_changed_file_is_checked_by_ruff_before_it_is_read(tmp_path: Path, monkeypatch,
                                                               fast_reads) -> None:
    """The run after an edit: ruff starts on the one changed file (with the stat taken before the
    read), the fast reader reads it, and unchanged files start nothing."""
    started: list[dict[str, object]] = []
    real = validate.SyntaxCheck

    def recording(files):
        started.append(files)
        return real(files)

    monkeypatch.setattr(validate, "SyntaxCheck", recording)
    for i in range(3):
        (tmp_path / f"m{i}.py").write_text(f"import m{(i + 1) % 3}\n")
    age(tmp_path)
    cache = FactsCache(tmp_path / "cache")
    load_snapshot(tmp_path, Selection(), cache=cache, jobs=1)
    started.clear()
    fast_reads.clear()
    load_snapshot(tmp_path, Selection(), cache=cache, jobs=1)
    assert started == [] and fast_reads == []
    (tmp_path / "m0.py").write_text("import m2  # edited\n")
    snapshot = load_snapshot(tmp_path, Selection(), cache=cache, jobs=1)
    assert [list(files) for files in started] == [[str(tmp_path / "m0.py")]]
    assert fast_reads == [b"import m2  # edited\n"]
    assert [i.target for i in snapshot.get("m0").imports] == ["m2"]


FIRST_PASS_SNIPPETS = [
    "", "x", "'", "'''a", '"""a""""', "x = '''\n(\n'''\ny(\n)\n", "a \\\r\nb", "# c\n'a\\\nb'",
    "\\",
    "'\\", "é = 'ü'  # ö (\n(\n)\n", 'f"{x["a"]}"\n', "s = r'\\'' + \"\"\"\n\"\"\"\n",
    *SNIPPETS.values(),
    "a\n \u3000b\n\xa0\n\r\n  c\r\n", "\n\n  # c\n\tx\n",
]


def _python_first_pass(text: str) -> tuple[str, bytearray, list[tuple[int, int, int]]] | None:
    """(code, flags, logical lines) of the Python passes; None when the file is declined."""
    try:
        code, flags = scan._first_pass(text)
    except scan._Unsupported:
        return None
    return code, flags, scan._logical_lines(code, flags)


def _native_first_pass(native,
                       text: str) -> tuple[str, bytearray, list[tuple[int, int, int]]] | None:
    result = native.blank(text)
    return None if result is None else (*result, native.logical_lines(*result))


@pytest.fixture
def native():
    """archdocs.reading._lex; CI (which has a compiler) must have built it, elsewhere it may be
    missing."""
    return import_or_skip("archdocs.reading._lex")


def _python_line_facts(data: bytes) -> tuple[tuple[int, int], list[int]]:
    return filetext._line_counts(data), filetext._line_hashes(data)


def _native_line_facts(native, data: bytes) -> tuple[tuple[int, int], list[int]]:
    return native.line_counts(data), native.line_hashes(data)


@pytest.mark.parametrize("text", FIRST_PASS_SNIPPETS)
def test_the_c_first_pass_and_line_facts_equal_the_python_ones(text: str, native) -> None:
    assert _native_first_pass(native, text) == _python_first_pass(text)
    data = text.encode()
    assert _native_line_facts(native, data) == _python_line_facts(data)


@pytest.mark.parametrize(("code", "flags"), [
    ("x = (\n1\n", b"\0\1\1\0"),  # a bracket never closed: C's flags for it
    ("x = (\n1", b"\0\1\1"),  # and no line after it
    ("if a:\n  b\n\n   \n  c\n", b"\0\0\0\0\0\0"),
])
def test_the_c_logical_lines_equal_python_on_any_flags(code: str, flags: bytes, native) -> None:
    assert native.logical_lines(code, bytearray(flags)) == scan._logical_lines(code,
                                                                               bytearray(flags))


@pytest.mark.parametrize("data", [b"\x0b x \x0b\n\t# c\n\x0c y\n\n", b"  \r\n x\r\n", b"x\n  "])
def test_the_c_line_facts_strip_and_skip_what_python_does(data: bytes, native) -> None:
    assert _native_line_facts(native, data) == _python_line_facts(data)


@pytest.mark.slow
@pytest.mark.parametrize("package", ["django", "sympy", "homeassistant"])
def test_the_c_first_pass_and_line_facts_equal_python_on_every_module(package: str, request,
                                                                     native) -> None:
    root = location(package, request.config)
    differing = []
    for path in sorted(root.rglob("*.py")):
        data = decode(path.read_bytes())[0]
        text = data.decode("utf-8")
        if (_native_first_pass(native, text) != _python_first_pass(text)
                or _native_line_facts(native, data) != _python_line_facts(data)):
            differing.append(str(path.relative_to(root)))
    assert differing == []


def test_the_readers_use_the_c_functions_when_they_are_built() -> None:
    built = importlib.util.find_spec("archdocs.reading._lex") is not None
    assert scan.first_pass is (scan._native_first_pass if built else scan._first_pass)
    assert (scan.logical_lines is not scan._logical_lines) is built
    assert (filetext.line_counts is not filetext._line_counts) is built
    assert (filetext.line_hashes is not filetext._line_hashes) is built


def test_tree_sitter_python_loaded_directly_or_through_its_package_is_the_same_grammar(monkeypatch):
    """The grammar comes from the ``_binding`` extension without the package's ``__init__``; when
    that layout is not found, from the package as usual."""
    import tree_sitter
    import tree_sitter_python

    from archdocs.reading import _treesitter as parse

    expected = tree_sitter.Language(tree_sitter_python.language())
    direct = tree_sitter.Language(parse._python_grammar())
    monkeypatch.setattr("importlib.machinery.PathFinder.find_spec", lambda name: None)
    fallback = tree_sitter.Language(parse._python_grammar())
    for language in (direct, fallback):
        assert (language.name, language.abi_version, language.node_kind_count) == (
            expected.name, expected.abi_version, expected.node_kind_count)
    code = ("import sys; from archdocs.reading._treesitter import _python_grammar; "
            "_python_grammar(); print('tree_sitter_python' in sys.modules)")
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert fresh.stdout.strip() == "False"  # the package (and importlib.resources) not imported
