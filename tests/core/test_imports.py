"""Every import form and kind, resolved against a tree: what module a statement names, and when it
runs."""

from __future__ import annotations

from tests.helpers.snapshots import imports_of, targets

from archdocs.model import ImportKind, Reexport

PKG = {
    "pkg/__init__.py": "",
    "pkg/a.py": "",
    "pkg/b.py": "",
    "pkg/c.py": "",
    "pkg/sub/__init__.py": "",
    "pkg/sub/m.py": "def helper(): pass\n",
    "pkg/sub/n.py": "",
}


def tree(**files: str) -> dict[str, str]:
    """PKG plus ``files`` given as ``pkg__x_py="..."`` → ``pkg/x.py``."""
    extra = {k.replace("__", "/").replace("_py", ".py"): v for k, v in files.items()}
    return {**PKG, **extra}


# --- forms and resolution -------------------------------------------------------------------------

def test_import_dotted_targets_the_module_itself(analyse):
    snap = analyse(tree(pkg__x_py="import pkg.sub.m\n"))
    [imp] = imports_of(snap, "pkg.x")
    assert (imp.target, imp.line, imp.kind, imp.internal) == ("pkg.sub.m", 1, ImportKind.RUNTIME,
                                                              True)
    assert imp.text == "import pkg.sub.m"


def test_import_as_alias_targets_the_module(analyse):
    snap = analyse(tree(pkg__x_py="import pkg.sub.m as c\n"))
    assert targets(snap, "pkg.x") == {"pkg.sub.m": "runtime"}


def test_import_of_a_name_below_a_module_targets_the_most_specific_module(analyse):
    snap = analyse(tree(pkg__x_py="import pkg.sub.m.helper\nimport pkg.sub.nothere\n"))
    lines = {i.line: i.target for i in imports_of(snap, "pkg.x")}
    assert lines == {1: "pkg.sub.m", 2: "pkg.sub"}


def test_several_modules_in_one_import_statement(analyse):
    snap = analyse(tree(pkg__x_py="import pkg.a, pkg.b as bee\n"))
    assert sorted(targets(snap, "pkg.x")) == ["pkg.a", "pkg.b"]


def test_from_import_of_a_submodule_targets_the_submodule(analyse):
    snap = analyse(tree(pkg__x_py="from pkg.sub import m\n"))
    [imp] = imports_of(snap, "pkg.x")
    assert imp.target == "pkg.sub.m" and imp.names == ()


def test_from_import_of_a_name_targets_the_module_holding_it(analyse):
    snap = analyse(tree(pkg__x_py="from pkg.sub.m import helper\n"))
    [imp] = imports_of(snap, "pkg.x")
    assert imp.target == "pkg.sub.m" and imp.names == ("helper",)


def test_from_package_import_mixes_submodules_and_names(analyse):
    snap = analyse(tree(pkg__x_py="from pkg import (\n    a,\n    b as bee,\n    VERSION,\n)\n"))
    by_target = {i.target: i for i in imports_of(snap, "pkg.x")}
    assert sorted(by_target) == ["pkg", "pkg.a", "pkg.b"]
    assert by_target["pkg"].names == ("VERSION",)
    assert {i.line for i in by_target.values()} == {1}  # a statement's first line
    assert by_target["pkg.a"].text == "from pkg import ("


def test_from_dot_import_submodule(analyse):
    snap = analyse(tree(pkg__x_py="from . import a\nfrom .b import thing\n"))
    assert targets(snap, "pkg.x") == {"pkg.a": "runtime", "pkg.b": "runtime"}


def test_from_dotdot_import(analyse):
    snap = analyse(tree(pkg__sub__y_py="from ..a import y\nfrom .. import b\n"
                                       "from ..sub.m import helper\n"))
    assert [(i.line, i.target) for i in imports_of(snap, "pkg.sub.y")] == [
        (1, "pkg.a"), (2, "pkg.b"), (3, "pkg.sub.m")]


def test_relative_imports_in_an_init_count_from_the_package_itself(analyse):
    snap = analyse({**PKG,
                    "pkg/sub/__init__.py": "from . import m\nfrom .n import x\nfrom .. import a\n"})
    assert [(i.line, i.target) for i in imports_of(snap, "pkg.sub")] == [
        (1, "pkg.sub.m"), (2, "pkg.sub.n"), (3, "pkg.a")]


def test_relative_import_above_the_top_level_package_is_a_problem_with_file_and_line(analyse):
    snap = analyse(tree(pkg__x_py="import os\n\nfrom ... import nowhere\n"))
    assert targets(snap, "pkg.x") == {"os": "runtime"}
    [problem] = [p for p in snap.problems if p.code == "resolve"]
    assert (problem.path, problem.line) == ("pkg/x.py", 3)
    assert "above the top-level package" in problem.message
    assert str(problem).startswith("pkg/x.py:3: ")


def test_star_import_targets_the_module_and_reexports_its_public_names(analyse):
    snap = analyse(tree(
        pkg__a_py="__all__ = ['One', 'Two']\nclass One: pass\nclass Two: pass\nclass Three: pass\n",
        pkg__b_py="class Public: pass\nclass _Private: pass\n",
        pkg__x_py="from pkg.a import *\nfrom .b import *\n",
    ))
    imports = imports_of(snap, "pkg.x")
    assert [(i.target, i.names) for i in imports] == [("pkg.a", ("*",)), ("pkg.b", ("*",))]
    reexports = snap.get("pkg.x").reexports
    assert reexports == (Reexport("One", "pkg.a", "One"), Reexport("Public", "pkg.b", "Public"),
                         Reexport("Two", "pkg.a", "Two"))


def test_external_imports_keep_only_the_top_level_name(analyse):
    snap = analyse(tree(pkg__x_py="import numpy.linalg as la\nfrom os.path import join\n"
                                  "import json\n"))
    imports = imports_of(snap, "pkg.x")
    assert [(i.target, i.internal) for i in imports] == [
        ("numpy", False), ("os", False), ("json", False)]


def test_import_of_a_missing_internal_module_resolves_to_the_nearest_and_never_crashes(analyse):
    snap = analyse(tree(pkg__x_py="from pkg.nothere import thing\nfrom pkg import nothing\n"))
    assert [(i.line, i.target, i.names) for i in imports_of(snap, "pkg.x")] == [
        (1, "pkg", ("thing",)), (2, "pkg", ("nothing",))]


def test_self_import_is_kept_like_grimp(analyse):
    snap = analyse(tree(pkg__x_py="import pkg.x\n"))
    assert targets(snap, "pkg.x") == {"pkg.x": "runtime"}


# --- kinds ----------------------------------------------------------------------------------------

KINDS_SOURCE = '''\
import typing
from typing import TYPE_CHECKING

import pkg.a

if TYPE_CHECKING:
    import pkg.b
else:
    import pkg.c

if typing.TYPE_CHECKING:
    from pkg.sub import m


def f():
    import pkg.sub.n
'''


def test_type_checking_blocks_plain_and_dotted_and_their_else_branch_is_runtime(analyse):
    snap = analyse(tree(pkg__x_py=KINDS_SOURCE))
    assert targets(snap, "pkg.x") == {
        "typing": "runtime", "pkg.a": "runtime", "pkg.b": "type_checking", "pkg.c": "runtime",
        "pkg.sub.m": "type_checking", "pkg.sub.n": "lazy"}


def test_function_and_method_imports_are_lazy_class_body_imports_are_not(analyse):
    snap = analyse(tree(pkg__x_py='''\
class C:
    import pkg.a

    def method(self):
        from pkg import b

    class Inner:
        from pkg.sub import m


async def coro():
    import pkg.c


def outer():
    def inner():
        import pkg.sub.n
'''))
    assert targets(snap, "pkg.x") == {"pkg.a": "runtime", "pkg.b": "lazy", "pkg.sub.m": "runtime",
                                      "pkg.c": "lazy", "pkg.sub.n": "lazy"}


def test_imports_guarded_by_try_except_import_error(analyse):
    snap = analyse(tree(pkg__x_py='''\
try:
    import pkg.a
except ImportError:
    import pkg.b
try:
    from pkg import c
except (ModuleNotFoundError, AttributeError):
    pass
try:
    import pkg.sub.m
except ValueError:
    pass
'''))
    # the fallback in the handler is runtime: nothing catches its failure
    assert targets(snap, "pkg.x") == {"pkg.a": "guarded", "pkg.b": "runtime", "pkg.c": "guarded",
                                      "pkg.sub.m": "runtime"}


def test_imports_under_version_checks_are_guarded_in_every_branch(analyse):
    snap = analyse(tree(pkg__x_py='''\
import sys

if sys.version_info >= (3, 12):
    import pkg.a
elif sys.version_info >= (3, 11):
    import pkg.b
else:
    import pkg.c
if sys.platform == "win32":
    import pkg.sub.m
'''))
    assert targets(snap, "pkg.x") == {"sys": "runtime", "pkg.a": "guarded", "pkg.b": "guarded",
                                      "pkg.c": "guarded", "pkg.sub.m": "guarded"}


def test_type_checking_inside_a_function_is_still_type_checking(analyse):
    snap = analyse(tree(pkg__x_py="from typing import TYPE_CHECKING\ndef f():\n"
                                  "    if TYPE_CHECKING:\n        import pkg.a\n"))
    assert targets(snap, "pkg.x")["pkg.a"] == "type_checking"


def test_same_target_imported_at_two_lines_with_two_kinds_gives_two_imports(analyse):
    snap = analyse(tree(pkg__x_py="import pkg.a\ndef f():\n    import pkg.a\n"))
    assert [(i.line, i.kind.value) for i in imports_of(snap, "pkg.x")] == [(1, "runtime"),
                                                                           (3, "lazy")]


# --- public names, __all__ and re-exports ---------------------------------------------------------

def test_all_literal_plus_equals_and_extend(analyse):
    snap = analyse(tree(pkg__x_py='''\
__all__ = ["one"]
__all__ += ("two",)
__all__.extend(["three"])
def one(): pass
def two(): pass
def three(): pass
def four(): pass
'''))
    assert snap.get("pkg.x").public_names == ("one", "two", "three")


def test_public_names_without_all_are_the_defined_names_not_starting_with_underscore(analyse):
    snap = analyse(tree(pkg__x_py="import os\nfrom pkg import a as _a\nX = 1\n_Y = 2\n"
                                  "def f(): pass\nclass K: pass\n"))
    assert snap.get("pkg.x").public_names == ("X", "f", "K")  # ``os`` is only imported


def test_init_reexports_names_and_submodules(analyse):
    snap = analyse({**PKG, "pkg/sub/m.py": "class Helper: pass\n",
                    "pkg/__init__.py": "from .sub.m import Helper\nfrom . import a\n"
                                       "from .sub import n as renamed\nfrom ._private import _x\n",
                    "pkg/_private.py": "_x = 1\n"})
    assert snap.get("pkg").reexports == (
        Reexport("Helper", "pkg.sub.m", "Helper"), Reexport("a", "pkg.a", ""),
        Reexport("renamed", "pkg.sub.n", ""))


def test_reexports_follow_all_when_present(analyse):
    snap = analyse({**PKG, "pkg/__init__.py": "from .a import A, B\n__all__ = ['A']\n",
                    "pkg/a.py": "class A: pass\nclass B: pass\n"})
    assert snap.get("pkg").reexports == (Reexport("A", "pkg.a", "A"),)


def test_a_module_with_its_own_code_reexports_only_explicit_as_bindings(analyse):
    snap = analyse({**PKG, "pkg/a.py": "class A: pass\nclass B: pass\n",
                    "pkg/x.py": "from pkg.a import A\nfrom pkg.a import B as B\nfrom pkg import c\n"
                                "from pkg import b as b\nfrom pkg.a import A as Other\n"
                                "def own(): pass\n"})
    assert snap.get("pkg.x").reexports == (Reexport("B", "pkg.a", "B"), Reexport("b", "pkg.b", ""))


def test_type_checking_and_lazy_imports_are_not_reexports(analyse):
    snap = analyse({**PKG, "pkg/a.py": "class A: pass\nclass B: pass\n",
                    "pkg/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                       "    from .a import A\ndef f():\n    from .a import B\n"})
    assert snap.get("pkg").reexports == ()


def test_negated_and_elif_type_checking_and_suppress_import_error(analyse):
    snap = analyse(tree(pkg__x_py='''\
import sys
from contextlib import suppress
from typing import TYPE_CHECKING

if not TYPE_CHECKING:
    import pkg.a
else:
    import pkg.b
if sys.version_info >= (3, 12):
    pass
elif TYPE_CHECKING:
    import pkg.c
with suppress(ImportError):
    import pkg.sub.m
with open("x") as handle:
    import pkg.sub.n
'''))
    assert targets(snap, "pkg.x") == {
        "sys": "runtime", "contextlib": "runtime", "typing": "runtime", "pkg.a": "runtime",
        "pkg.b": "type_checking", "pkg.c": "type_checking", "pkg.sub.m": "guarded",
        "pkg.sub.n": "runtime"}


def test_all_append_and_sums_of_literals(analyse):
    snap = analyse(tree(pkg__x_py='__all__ = ["one"] + ["two"]\n__all__.append("three")\n',
                        pkg__y_py='from pkg.a import *\n__all__ = ["kept"]\n'
                                  '__all__ += pkg.a.__all__\nkept = 1\n',
                        pkg__z_py='__all__ = make()\n__all__ = ["fixed"]\n'))
    assert snap.get("pkg.x").public_names == ("one", "two", "three")
    # partly computed: not a literal __all__ (public names come from the bindings instead)
    assert snap.get("pkg.y").facts.all_names is None
    assert snap.get("pkg.y").public_names == ("kept",)
    assert snap.get("pkg.z").public_names == ("fixed",)  # a later literal value replaces it
