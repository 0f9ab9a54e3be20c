"""Names as Python binds them and lines as Python reads them (issue #13, items 8-10), alike in
tree-sitter, the fast reader and both first passes (C and pure Python)."""

from __future__ import annotations

from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers.ci import import_or_skip
from tests.helpers.readers import READERS

from archdocs.model import Reexport
from archdocs.reading import _filetext as filetext


@pytest.fixture(params=sorted(READERS))
def read(request: pytest.FixtureRequest):
    reader = READERS[str(request.param)]

    def facts(source: str):
        got = reader(source.encode())
        assert got is not None, f"{request.param} declined the snippet"
        assert got.problems == ()
        return got

    return facts


# --- item 8: __all__ as a bare tuple, chained assignment, last binding wins -----------------------

def test_all_as_a_tuple_without_brackets(read) -> None:
    assert read('__all__ = "f", "g"\n').all_names == ("f", "g")
    assert read("__all__ = 'f',\n").all_names == ("f",)
    assert read("__all__: tuple[str, ...] = 'f', 'g'  # typed\n").all_names == ("f", "g")
    assert read("__all__ = 'f', 'g'\n__all__ += 'h', \n").all_names == ("f", "g", "h")
    assert read("__all__ = 'f'\n").all_names is None  # a string, not a sequence of names
    assert read("__all__ = 'f', name\n").all_names is None


def test_a_chained_assignment_binds_every_target(read) -> None:
    facts = read("A = B = 1\nC, D = E = 2, 3\nx = __all__ = ['p']\nF = f(g=1) == (h := 2)\n")
    assert facts.bound_names == ("A", "B", "C", "D", "E", "x", "__all__", "F")
    assert facts.all_names == ("p",)
    assert read("__all__ = y = ['q']\n").all_names == ("q",)


def test_the_last_star_import_binding_a_name_wins(analyse) -> None:
    files = {"pkg/__init__.py": "", "pkg/a.py": "class X: pass\nclass Y: pass\n",
             "pkg/b.py": "class X: pass\n",
             "pkg/two_stars.py": "from pkg.a import *\nfrom pkg.b import *\n",
             "pkg/then_star.py": "from pkg.a import X as X, Y as Y\nfrom pkg.b import *\n",
             "pkg/star_then.py": "from pkg.b import *\nfrom pkg.a import X as X\n"}
    snap = analyse(files)
    assert snap.get("pkg.two_stars").reexports == (Reexport("X", "pkg.b", "X"),
                                                   Reexport("Y", "pkg.a", "Y"))
    assert snap.get("pkg.then_star").reexports == (Reexport("X", "pkg.b", "X"),
                                                   Reexport("Y", "pkg.a", "Y"))
    assert snap.get("pkg.star_then").reexports == (Reexport("X", "pkg.a", "X"),)


# --- item 9: public names -------------------------------------------------------------------------

APP = """\
import collections.abc as cabc
import os
import sys
import typing as t
from . import helpers
from .config import Config
from .config import ConfigAttribute as ConfigAttribute
import json as json
try:
    import ujson
except ImportError:
    ujson = None
class Flask:
    pass
def make(): pass
X = 1
_private = 2
"""


def test_public_names_are_what_the_module_defines_and_reexports_explicitly(analyse) -> None:
    snap = analyse({"app/__init__.py": "from .config import Config\nfrom . import helpers\n"
                                       "import os\n",
                    "app/config.py": "class Config: pass\nclass ConfigAttribute: pass\n",
                    "app/helpers.py": "", "app/app.py": APP,
                    "app/shim.py": "from .config import Config\n",
                    "app/listed.py": "import os\nfrom .config import Config\n__all__ = ['os']\n"})
    assert snap.get("app.app").public_names == ("ConfigAttribute", "json", "ujson", "Flask", "make",
                                                "X")
    # a package's imports of its own modules are its API (as resolve's re-exports have it)
    assert snap.get("app").public_names == ("Config", "helpers")
    assert snap.get("app.shim").public_names == ("Config",)  # a pure re-export shim
    assert snap.get("app.listed").public_names == ("os",)  # __all__ decides when present


def test_a_star_import_still_binds_every_public_name_python_would(analyse) -> None:
    """Python's ``import *`` of a module without ``__all__`` takes imported names too."""
    snap = analyse({"pkg/__init__.py": "from pkg.b import *\n",
                    "pkg/a.py": "class A: pass\n",
                    "pkg/b.py": "from pkg.a import A\nimport os\ndef own(): pass\n"})
    assert {r.name for r in snap.get("pkg").reexports} == {"A", "own", "os"}
    assert snap.get("pkg.b").public_names == ("own",)


# --- item 10: '#' lines inside strings are code ---------------------------------------------------

def _lex() -> ModuleType:
    """archdocs.reading._lex: CI (which has a compiler) must have built it, elsewhere it may be
    missing."""
    return import_or_skip("archdocs.reading._lex")


DOCSTRING = '''\
def f():
    """Doc.

    # not a comment: inside the docstring
    """
    # a comment
    s = 'a \\
# still in a string'
    return 1  # code
'''


def test_a_hash_line_inside_a_string_is_a_code_line(read) -> None:
    facts = read(DOCSTRING)
    assert (facts.lines, facts.code_lines) == (9, 7)


@pytest.mark.parametrize("count", ["python", "c"])
def test_both_line_counters_read_strings(count: str) -> None:
    line_counts = _lex().line_counts if count == "c" else filetext._line_counts
    assert line_counts(DOCSTRING.encode()) == (9, 7)
    assert line_counts(b"x = '''\n#a\n  # b\n'''  # c\n# d\n'#'\n\"\"\"\n#e\"\"\"") == (8, 7)
    assert line_counts(b"# only\n'''unterminated\n# c\n") == (3, 1)
    assert line_counts(b"r'\\'\n# c\n") == (2, 1)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="'\"#\\\n \tx", max_size=40))
def test_the_c_and_python_line_counters_agree_on_any_text(text: str) -> None:
    """The C counter and its pure-Python fallback find the same strings, even in broken code."""
    data = text.encode()
    assert _lex().line_counts(data) == filetext._line_counts(data)
