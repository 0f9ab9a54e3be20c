"""Import kinds as Python runs them (issue #13, items 1-3), read alike by tree-sitter, the fast
reader with its C first pass, and the fast reader on its pure-Python first pass."""

from __future__ import annotations

import pytest
from tests.helpers.readers import READERS
from tests.helpers.snapshots import targets

from archdocs.analysis.cycles import find_cycles
from archdocs.analysis.graph import build_graph
from archdocs.model import KIND_SETS, ImportKind


def kinds(source: str, reader: str) -> dict[str, ImportKind]:
    """``{module: kind}`` of a snippet's imports as ``reader`` reads them (one import per
    module)."""
    facts = READERS[reader](source.encode())
    assert facts is not None, f"{reader} declined the snippet"
    assert facts.problems == ()
    return {i.module: i.kind for i in facts.imports}


@pytest.fixture(params=sorted(READERS))
def reader(request: pytest.FixtureRequest) -> str:
    return str(request.param)


RUNTIME, GUARDED, LAZY, TC = (ImportKind.RUNTIME, ImportKind.GUARDED, ImportKind.LAZY,
                              ImportKind.TYPE_CHECKING)


# --- item 1: if __name__ == "__main__" ------------------------------------------------------------

def test_main_block_imports_are_not_import_time(reader: str) -> None:
    got = kinds('import a\nif __name__ == "__main__":\n    from p import b\n'
                "    try:\n        import c\n    except ImportError:\n        pass\n"
                "else:\n    import d\n"
                "if ('__main__' == __name__):\n    import e\n", reader)
    assert got == {"a": RUNTIME, "p": LAZY, "c": LAZY, "d": RUNTIME, "e": LAZY}
    assert LAZY not in KIND_SETS["import-time"] and LAZY in KIND_SETS["no-type-checking"]


def test_a_main_block_import_makes_no_import_time_cycle(analyse) -> None:
    snap = analyse({"p/__init__.py": "", "p/a.py": "from p import b\n",
                    "p/b.py": 'if __name__ == "__main__":\n    from p import a\n'})
    assert targets(snap, "p.b") == {"p.a": "lazy"}
    assert find_cycles(build_graph(snap, "p", KIND_SETS["import-time"])) == []
    assert len(find_cycles(build_graph(snap, "p", KIND_SETS["all"]))) == 1


# --- item 2: PEP 810 ------------------------------------------------------------------------------

LAZY_SOURCE = (
    '"""PEP 810, which Python 3.11 cannot parse."""\n'
    "lazy import a.b as c, d\n"
    "lazy from e import f\n"
    "lazy  from . import g\n"
    "import h\n"
    "lazy = 1\n"
)


def test_pep_810_lazy_imports_are_lazy(reader: str) -> None:
    facts = READERS[reader](LAZY_SOURCE.encode())
    assert facts is not None and facts.problems == ()  # valid Python 3.15: no syntax error
    got = {(i.module, i.level): i.kind for i in facts.imports}
    assert got == {("a.b", 0): LAZY, ("d", 0): LAZY, ("e", 0): LAZY, ("", 1): LAZY,
                   ("h", 0): RUNTIME}
    assert facts.doc == "PEP 810, which Python 3.11 cannot parse."
    assert facts.bound_names == ("c", "d", "f", "g", "h", "lazy")


def test_lazy_modules_make_later_module_level_imports_of_those_modules_lazy(reader: str) -> None:
    got = kinds("import early\n"
                "__lazy_modules__ = ['early', 'json', 'pkg.sub', 'x']\n"
                "import json, os\nfrom pkg.sub import thing\nfrom pkg import sub\n"
                "try:\n    import x\nexcept ImportError:\n    pass\n"
                "def f():\n    import y\n", reader)
    assert got == {"early": RUNTIME, "json": LAZY, "os": RUNTIME, "pkg.sub": LAZY,
                   "pkg": RUNTIME, "x": GUARDED, "y": LAZY}


def test_a_cycle_with_a_lazy_side_is_not_import_time(analyse) -> None:
    snap = analyse({"p/__init__.py": "", "p/a.py": "from p import b\n",
                    "p/b.py": "lazy from p import a\n",
                    "q/__init__.py": "", "q/a.py": "import q.b\n",
                    "q/b.py": "__lazy_modules__ = ('q.a',)\nimport q.a\n"})
    assert targets(snap, "p.b") == {"p.a": "lazy"} and targets(snap, "q.b") == {"q.a": "lazy"}
    assert find_cycles(build_graph(snap, None, KIND_SETS["import-time"])) == []


# --- item 3: TYPE_CHECKING forms, platform checks, try clauses ----------------------------------

def test_type_checking_in_parentheses_and_in_a_conjunction(reader: str) -> None:
    got = kinds("import typing\n"
                "if (typing.TYPE_CHECKING):\n    import a\n"
                "if typing.TYPE_CHECKING and sys.version_info >= (3, 11):\n    import b\n"
                "if FLAG and (TYPE_CHECKING):\n    import c\n"
                "if TYPE_CHECKING or FLAG:\n    import d\n"
                "if not (TYPE_CHECKING):\n    import e\nelse:\n    import f\n"
                "if TYPE_CHECKING and X or Y:\n    import g\n"
                "if (\n    TYPE_CHECKING  # only for mypy\n):\n    import h\n", reader)
    assert got == {"typing": RUNTIME, "a": TC, "b": TC, "c": TC, "d": RUNTIME, "e": RUNTIME,
                   "f": TC, "g": RUNTIME, "h": TC}


def test_platform_checks_are_guarded_like_sys_platform(reader: str) -> None:
    got = kinds("import os, platform, sys\n"
                "if sys.platform == 'win32':\n    import a\n"
                "if platform.system() == 'Windows':\n    import b\nelse:\n    import c\n"
                "if os.name == 'nt':\n    import d\nelif FLAG:\n    import e\n"
                "if platform.python_implementation() == 'PyPy':\n    import f\n"
                "if my.platform.system() or os.names:\n    import g\n", reader)
    assert got == {"os": RUNTIME, "platform": RUNTIME, "sys": RUNTIME, "a": GUARDED, "b": GUARDED,
                   "c": GUARDED, "d": GUARDED, "e": GUARDED, "f": GUARDED, "g": RUNTIME}


def test_only_the_try_body_is_guarded(reader: str) -> None:
    got = kinds("try:\n    import a\nexcept ImportError:\n    import b\nelse:\n    import c\n"
                "finally:\n    import d\n"
                "try:\n    try:\n        import e\n    except ImportError:\n        import f\n"
                "except ImportError:\n    import g\n"
                "with suppress(ImportError):\n    import h\n", reader)
    assert got == {"a": GUARDED, "b": RUNTIME, "c": RUNTIME, "d": RUNTIME, "e": GUARDED,
                   "f": GUARDED, "g": RUNTIME, "h": GUARDED}
