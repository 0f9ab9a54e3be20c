"""Code archdocs must read whatever it is: syntax newer than the host Python, broken files, odd
bytes, huge modules, symlink loops, unreadable files — each module listed, each problem with file
and line, the run complete, and nothing ever executed."""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import pytest
from tests.helpers.snapshots import internal_edges, targets

from archdocs.reading._treesitter import parse_facts
from archdocs.reading.load import load_snapshot

PEP695 = '''\
"""New syntax from 3.12 and 3.14."""
from pkg import base

type Pair[T] = tuple[T, T]


class Box[T](base.Base):
    """A box."""

    def get[U](self, default: U) -> T | U:
        from pkg import lazy
        return default


def first[T](items: list[T]) -> T:
    import pkg.helpers
    return items[0]


try:
    import pkg.fast
except ImportError, ValueError:
    pkg = None


def after(): pass
'''


def test_pep695_and_314_syntax_is_analysed_completely_on_this_python(analyse):
    if sys.version_info < (3, 14):  # the point: the host's own parser refuses this file
        with pytest.raises(SyntaxError):
            ast.parse(PEP695)
    snap = analyse({"pkg/__init__.py": "", "pkg/base.py": "", "pkg/lazy.py": "",
                    "pkg/helpers.py": "",
                    "pkg/fast.py": "", "pkg/new.py": PEP695})
    module = snap.get("pkg.new")
    assert targets(snap, "pkg.new") == {"pkg.base": "runtime", "pkg.lazy": "lazy",
                                        "pkg.helpers": "lazy", "pkg.fast": "guarded"}
    facts = module.facts
    assert [(d.qualname, d.kind, d.line) for d in facts.definitions] == [
        ("Box", "class", 7), ("Box.get", "method", 10), ("first", "function", 15),
        ("after", "function", 26)]
    assert facts.definitions[0].doc == "A box." and facts.doc == "New syntax from 3.12 and 3.14."
    assert {"Pair", "Box", "first", "after", "base"} <= set(facts.bound_names)
    assert facts.problems == ()  # valid (newer) Python is not a syntax error
    assert not snap.problems


PY2 = '''\
import os
from pkg import helpers

print "hello"
exec "x = 1"

def f():
    raise ValueError, "old"

class After:
    pass
'''


def test_python2_code_is_read_as_far_as_possible_with_a_problem_and_its_line(analyse):
    snap = analyse({"pkg/__init__.py": "", "pkg/helpers.py": "", "pkg/old.py": PY2,
                    "pkg/ok.py": "import pkg.helpers\n"})
    assert targets(snap, "pkg.old") == {"os": "runtime", "pkg.helpers": "runtime"}
    assert "After" in {d.qualname for d in snap.get("pkg.old").facts.definitions}
    problems = [p for p in snap.problems if p.path == "pkg/old.py"]
    assert problems and {p.line for p in problems} >= {4}
    assert all(p.line >= 1 for p in problems)
    assert ("pkg.ok", "pkg.helpers") in internal_edges(snap)


def test_a_syntax_error_keeps_the_imports_around_it(analyse):
    snap = analyse({"pkg/__init__.py": "", "pkg/a.py": "", "pkg/b.py": "",
                    "pkg/broken.py": "import pkg.a\n\ndef f(:\n    pass\n\nimport pkg.b\n"})
    assert targets(snap, "pkg.broken") == {"pkg.a": "runtime", "pkg.b": "runtime"}
    [problem] = [p for p in snap.problems if p.path == "pkg/broken.py"]
    assert problem.line == 3 and problem.code == "parse" and "syntax error" in problem.message


def write_bytes(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_undecodable_bytes_nul_bytes_bom_crlf_and_empty_files(tmp_path: Path):
    root = write_bytes(tmp_path / "tree", {
        "pkg/__init__.py": b"",
        "pkg/a.py": b"",
        "pkg/latin.py": b"import pkg.a\nname = '\xe9t\xe9'\nimport os\n",
        "pkg/declared.py": b"# -*- coding: latin-1 -*-\nimport pkg.a\nname = '\xe9t\xe9'\n",
        "pkg/nul.py": b"import pkg.a\nx = 1\n\x00\x00\nimport json\n",
        "pkg/bom.py": b"\xef\xbb\xbf\"\"\"Doc.\"\"\"\nimport pkg.a\n",
        "pkg/crlf.py": b"import pkg.a\r\n\r\nclass C:\r\n    pass\r\nimport os\r\n",
        "pkg/empty.py": b"",
    })
    snap = load_snapshot(root)
    assert sorted(snap.names) == ["pkg", "pkg.a", "pkg.bom", "pkg.crlf", "pkg.declared",
                                  "pkg.empty", "pkg.latin", "pkg.nul"]
    problems = {(p.path, p.line): p.message for p in snap.problems}
    assert "not valid UTF-8" in problems[("pkg/latin.py", 2)]
    assert targets(snap, "pkg.latin") == {"pkg.a": "runtime", "os": "runtime"}
    assert targets(snap, "pkg.declared") == {"pkg.a": "runtime"}
    assert not [p for p in snap.problems if p.path == "pkg/declared.py"]  # honours the cookie
    assert "NUL" in problems[("pkg/nul.py", 3)]
    assert targets(snap, "pkg.nul") == {"pkg.a": "runtime", "json": "runtime"}
    bom = snap.get("pkg.bom")
    assert bom.facts.doc == "Doc." and targets(snap, "pkg.bom") == {"pkg.a": "runtime"}
    crlf = snap.get("pkg.crlf")
    assert [(i.line, i.target) for i in crlf.imports] == [(1, "pkg.a"), (5, "os")]
    assert crlf.facts.lines == 5 and crlf.imports[0].text == "import pkg.a"
    assert [(d.qualname, d.line) for d in crlf.facts.definitions] == [("C", 3)]
    empty = snap.get("pkg.empty").facts
    assert (empty.lines, empty.code_lines, empty.imports, empty.definitions) == (0, 0, (), ())
    assert {p.path for p in snap.problems} == {"pkg/latin.py", "pkg/nul.py"}


def test_a_50000_line_generated_module(analyse):
    body = "".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(24_999))
    snap = analyse({"pkg/__init__.py": "", "pkg/a.py": "",
                    "pkg/big.py": f"import pkg.a\n{body}from pkg import a as again\n"})
    big = snap.get("pkg.big")
    assert big.facts.lines == 50_000
    assert len(big.facts.functions) == 24_999
    assert [(i.line, i.target) for i in big.imports] == [(1, "pkg.a"), (50_000, "pkg.a")]
    assert not snap.problems


def test_a_symlink_loop_is_not_followed(analyse, tmp_path: Path):
    root = tmp_path / "tree"
    files = {"pkg/__init__.py": "", "pkg/a.py": "import pkg.sub.b\n", "pkg/sub/__init__.py": "",
             "pkg/sub/b.py": ""}
    (root / "pkg" / "sub").mkdir(parents=True)
    os.symlink("..", root / "pkg" / "sub" / "loop")  # pkg/sub/loop → pkg
    os.symlink(root / "pkg", root / "pkg" / "self")
    snap = analyse(files)
    assert sorted(snap.names) == ["pkg", "pkg.a", "pkg.sub", "pkg.sub.b"]
    assert targets(snap, "pkg.a") == {"pkg.sub.b": "runtime"}


def test_unreadable_files_are_listed_as_problems_and_the_rest_comes_out(analyse, tmp_path: Path):
    root = tmp_path / "tree"
    (root / "pkg").mkdir(parents=True)
    os.symlink(root / "pkg" / "gone.py", root / "pkg" / "broken.py")  # a dangling symlink
    (root / "pkg" / "folder.py").mkdir()  # a directory named like a module
    snap = analyse({"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "pkg/b.py": ""})
    assert {"pkg", "pkg.a", "pkg.b"} <= snap.names
    assert targets(snap, "pkg.a") == {"pkg.b": "runtime"}
    [problem] = snap.problems
    assert problem.path == "pkg/broken.py" and problem.code == "read"
    assert "cannot read" in problem.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads files whatever their mode; the dangling symlink test covers "
                    "unreadable files there")
def test_a_file_without_read_permission(analyse, tmp_path: Path):
    snap_root = tmp_path / "tree"
    snap = analyse({"pkg/__init__.py": "", "pkg/secret.py": "import os\n", "pkg/a.py": ""})
    (snap_root / "pkg" / "secret.py").chmod(0)
    try:
        snap = load_snapshot(snap_root)
    finally:
        (snap_root / "pkg" / "secret.py").chmod(0o644)
    assert {"pkg", "pkg.a"} <= snap.names
    assert [(p.path, p.code) for p in snap.problems] == [("pkg/secret.py", "read")]


def test_analysed_code_is_never_executed(analyse, tmp_path: Path):
    marker = tmp_path / "was-run"
    payload = (f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
               "import pkg.a\n")
    snap = analyse({"pkg/__init__.py": payload, "pkg/a.py": payload, "pkg/tests/__init__.py": "",
                    "pkg/tests/test_a.py": payload, "conftest.py": payload}, include_tests=True)
    assert {"pkg", "pkg.a", "pkg.tests.test_a", "conftest"} <= snap.names
    assert targets(snap, "pkg.tests.test_a") == {"pathlib": "runtime", "pkg.a": "runtime"}
    assert not marker.exists()
    imported = sys.modules.get("pkg")
    assert imported is None or not str(getattr(imported, "__file__", "")).startswith(str(tmp_path))


def test_parse_facts_never_raises_on_arbitrary_bytes():
    for data in (b"\xff\xfe\x00garbage", bytes(range(256)), b"(" * 5000, b"def", b"\n" * 3,
                 b"# coding: no-such-codec\nimport os\n"):
        facts = parse_facts(data)
        assert isinstance(facts.problems, tuple)
    unknown = parse_facts(b"# coding: no-such-codec\nimport os\n")
    assert [i.module for i in unknown.imports] == ["os"]
    assert any("no-such-codec" in message for _, message in unknown.problems)


PEP696 = '''\
from pkg import base


class Entry[T = int]:
    pass


class Event[D: base.Mapping[str, int] = base.Mapping[str, int]](str):
    pass


def first[T = int, *Ts = *tuple[int], **P = [int]](x: T) -> T:
    import pkg.lazy


type Alias[T = int] = list[T]
'''


def test_pep696_type_parameter_defaults_are_valid_code_not_syntax_errors(analyse):
    if sys.version_info < (3, 13):
        with pytest.raises(SyntaxError):
            ast.parse(PEP696)
    snap = analyse({"pkg/__init__.py": "", "pkg/base.py": "", "pkg/lazy.py": "",
                    "pkg/new.py": PEP696})
    facts = snap.get("pkg.new").facts
    assert [(d.qualname, d.line) for d in facts.definitions] == [
        ("Entry", 4), ("Event", 8), ("first", 12)]
    assert "Alias" in facts.bound_names
    assert targets(snap, "pkg.new") == {"pkg.base": "runtime", "pkg.lazy": "lazy"}
    assert snap.problems == ()


def test_an_equals_sign_in_brackets_elsewhere_is_still_a_syntax_error():
    assert parse_facts(b"import os\n\ndef f(x: list[int = 3]):\n    pass\n").problems == (
        (3, "syntax error (the rest of the file was still read)"),)
    assert [line for line, _ in parse_facts(b"x = [a = 1]\n").problems] == [1]


def test_nesting_deeper_than_pythons_recursion_limit():
    depth = sys.getrecursionlimit() + 100
    source = ("".join("    " * i + "if x:\n" for i in range(depth))
              + "    " * depth + "import os\nX = 1\n")
    facts = parse_facts(source.encode())
    assert [(i.line, i.module) for i in facts.imports] == [(depth + 1, "os")]
    assert facts.bound_names == ("os", "X")


def test_a_very_long_sum_of_literals_in_all():
    terms = " + ".join(f'["n{i}"]' for i in range(sys.getrecursionlimit() + 100))
    facts = parse_facts(f"__all__ = {terms}\n".encode())
    assert facts.all_names is not None and len(facts.all_names) == sys.getrecursionlimit() + 100
    assert facts.all_names[:2] == ("n0", "n1")


def test_an_unreadable_module_is_still_listed(analyse, tmp_path: Path):
    root = tmp_path / "tree"
    (root / "pkg").mkdir(parents=True)
    os.symlink(root / "pkg" / "gone.py", root / "pkg" / "broken.py")
    snap = analyse({"pkg/__init__.py": "", "pkg/a.py": "import pkg.broken\n"})
    assert "pkg.broken" in snap.names
    assert targets(snap, "pkg.a") == {"pkg.broken": "runtime"}
