"""An independent reference for import kinds: a small ``ast`` classifier written here from the
rules in docs/manual/how-it-works.md ("Import kinds"), on the host's grammar, must give every
import statement of sqlalchemy and transformers the kind archdocs gives it."""

from __future__ import annotations

import ast
import importlib
import sys
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers.ci import import_or_skip
from tests.helpers.real_packages import wheel_snapshot

from archdocs.model import KIND_SETS, ImportKind
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection

if TYPE_CHECKING:
    from grimp import ImportGraph

grimp = import_or_skip("grimp")

SYS_CHECKS = {"version_info", "platform", "hexversion", "implementation"}
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def is_type_checking(test: ast.expr) -> bool:
    """``TYPE_CHECKING``, ``typing.TYPE_CHECKING``, or an operand of ``and`` that is one."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(is_type_checking(v) for v in test.values)
    return _name(test) == "TYPE_CHECKING"


def is_not_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
            and _name(test.operand) == "TYPE_CHECKING")


def is_platform_check(test: ast.expr) -> bool:
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "sys" and node.attr in SYS_CHECKS:
                return True
            if node.value.id == "os" and node.attr == "name":
                return True
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "platform"):
            return True
        if isinstance(node, (ast.Name, ast.Attribute)) and _name(node) in {"PY2", "PY3"}:
            return True
    return False


def is_main_check(test: ast.expr) -> bool:
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = {ast.dump(test.left), ast.dump(test.comparators[0])}
    return sides == {ast.dump(ast.Name("__name__", ast.Load())), ast.dump(ast.Constant("__main__"))}


def catches_import_error(handlers: list[ast.ExceptHandler]) -> bool:
    for handler in handlers:
        if handler.type is None:
            return True
        caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if any(_name(c) in IMPORT_ERRORS for c in caught):
            return True
    return False


def suppresses_import_error(node: ast.With | ast.AsyncWith) -> bool:
    return any(isinstance(item.context_expr, ast.Call)
               and _name(item.context_expr.func) == "suppress"
               and any(_name(a) in IMPORT_ERRORS for a in item.context_expr.args)
               for item in node.items)


def lazy_modules(tree: ast.Module) -> tuple[int, set[str]]:
    """The line of a module-level ``__lazy_modules__ = [...]`` and the names it lists."""
    for node in tree.body:
        if (isinstance(node, ast.Assign)
                and any(_name(t) == "__lazy_modules__" for t in node.targets)
                and isinstance(node.value, (ast.List, ast.Tuple))):
            return node.lineno, {e.value for e in node.value.elts
                                 if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return 0, set()


def classify(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """``(line, kind)`` of every import statement, by walking down with what encloses it."""
    lazy_line, lazy_names = lazy_modules(tree)

    def walk(nodes: list[ast.stmt], tc: bool, lazy: bool, guarded: bool,
             in_block: bool) -> Iterator[tuple[int, str]]:
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                named = ({a.name for a in node.names} if isinstance(node, ast.Import)
                         else {node.module} if node.module and not node.level else set())
                listed = (not in_block and lazy_line and node.lineno > lazy_line
                          and named and named <= lazy_names)
                kind = ("type_checking" if tc else "lazy" if lazy or listed
                        else "guarded" if guarded else "runtime")
                yield node.lineno, kind
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield from walk(node.body, tc, True, guarded, in_block)
            elif isinstance(node, ast.ClassDef):
                yield from walk(node.body, tc, lazy, guarded, in_block)
            elif isinstance(node, ast.If):
                platform = is_platform_check(node.test)
                yield from walk(node.body, tc or is_type_checking(node.test),
                                lazy or is_main_check(node.test), guarded or platform, in_block)
                yield from walk(node.orelse, tc or is_not_type_checking(node.test), lazy,
                                guarded or platform, in_block)
            elif isinstance(node, (ast.Try, ast.TryStar)):
                catches = catches_import_error(node.handlers)
                yield from walk(node.body, tc, lazy, guarded or catches, True)
                for handler in node.handlers:
                    yield from walk(handler.body, tc, lazy, guarded, True)
                yield from walk(node.orelse + node.finalbody, tc, lazy, guarded, True)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                yield from walk(node.body, tc, lazy, guarded or suppresses_import_error(node), True)
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
                yield from walk(node.body + node.orelse, tc, lazy, guarded, in_block)
            elif isinstance(node, ast.Match):
                for case in node.cases:
                    yield from walk(case.body, tc, lazy, guarded, in_block)

    yield from walk(tree.body, False, False, False, False)


#: (package, file, line): archdocs's kind where it knowingly differs from the reference, and why
EXCEPTIONS: dict[tuple[str, str, int], tuple[str, str]] = {}


@pytest.mark.slow
@pytest.mark.parametrize("package", ["sqlalchemy", "transformers"])
def test_every_import_statement_has_the_reference_kind(request, package):
    folder, snapshot = wheel_snapshot(request.config, package)
    counts: Counter[str] = Counter()
    wrong = []
    # a relative import above the top-level package (transformers's ``modular_*.py`` templates:
    # ``from ....transformers.models…``) raises ImportError in Python: no edge, a located problem
    reported = {(p.path, p.line) for p in snapshot.problems if p.code == "resolve"}
    for module in snapshot.modules:
        source = (folder / module.path).read_bytes()
        try:
            tree = ast.parse(source)
        except SyntaxError:
            counts["unparsable files"] += 1
            continue
        future = {n.lineno for n in tree.body
                  if isinstance(n, ast.ImportFrom) and n.module == "__future__"}
        ours: dict[int, set[str]] = {}
        for imp in module.imports:
            ours.setdefault(imp.line, set()).add(imp.kind.value)
        for line, kind in classify(tree):
            got = ours.get(line)
            if got is None and line in future:  # a compiler directive, not an import of a module
                counts["__future__ (not recorded)"] += 1
                continue
            if got is None:
                assert (module.path, line) in reported, f"{module.path}:{line}: not recorded"
                counts["beyond the top-level package (a problem, no import)"] += 1
                continue
            expected = EXCEPTIONS.get((package, module.path, line), (kind, ""))[0]
            if got == {expected}:
                counts[kind] += 1
            else:
                wrong.append(f"{module.path}:{line}: reference {kind}, archdocs {sorted(got)}")
    print(package, dict(counts))  # shown with -s: the figures of the report
    assert counts["unparsable files"] == 0  # both parse on 3.11; a count shows if that changes
    assert min(counts[k] for k in ("runtime", "guarded", "lazy", "type_checking")) > 0
    assert wrong == [], (f"{len(wrong)} of {sum(counts.values()) + len(wrong)}: "
                         + "\n".join(wrong[:40]))


#: every rule of the table, one statement each (the reference is checked on it, then archdocs)
EVERY_RULE = """\
import sys, os, platform, typing
from typing import TYPE_CHECKING
from contextlib import suppress
__lazy_modules__ = ["p.listed"]
import p.listed
from p.listed import x
import p.plain
class C:
    import p.in_class
def f():
    import p.in_function
    if TYPE_CHECKING:
        import p.tc_in_function
if TYPE_CHECKING:
    import p.tc
if (typing.TYPE_CHECKING):
    import p.tc_parens
if TYPE_CHECKING and sys.version_info >= (3, 12):
    import p.tc_and
if TYPE_CHECKING or os.environ:
    import p.tc_or
if not TYPE_CHECKING:
    import p.not_tc
else:
    import p.not_tc_else
if sys.version_info >= (3, 11):
    import p.version
else:
    import p.version_else
if platform.system() == "Windows":
    import p.platform_call
if os.name == "nt":
    import p.os_name
try:
    import p.try_body
except ImportError:
    import p.fallback
else:
    import p.try_else
finally:
    import p.try_finally
try:
    import p.try_value_error
except ValueError:
    pass
try:
    import p.try_bare
except:
    pass
with suppress(ImportError):
    import p.suppressed
if __name__ == "__main__":
    import p.main
    if TYPE_CHECKING:
        import p.tc_in_main
"""

EXPECTED = {"p.listed": "lazy", "p.plain": "runtime", "p.in_class": "runtime",
            "p.in_function": "lazy", "p.tc_in_function": "type_checking", "p.tc": "type_checking",
            "p.tc_parens": "type_checking", "p.tc_and": "type_checking", "p.tc_or": "runtime",
            "p.not_tc": "runtime", "p.not_tc_else": "type_checking", "p.version": "guarded",
            "p.version_else": "guarded", "p.platform_call": "guarded", "p.os_name": "guarded",
            "p.try_body": "guarded", "p.fallback": "runtime", "p.try_else": "runtime",
            "p.try_finally": "runtime", "p.try_value_error": "runtime", "p.try_bare": "guarded",
            "p.suppressed": "guarded", "p.main": "lazy", "p.tc_in_main": "type_checking"}


def test_the_reference_follows_every_rule_and_archdocs_agrees(analyse):
    tree = ast.parse(EVERY_RULE)
    target = {n.lineno: (n.names[0].name if isinstance(n, ast.Import) else n.module or "")
              for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))}
    reference = {(target[line], line): kind for line, kind in classify(tree)
                 if target[line].startswith("p.")}
    assert {t: k for (t, _), k in reference.items()} == EXPECTED
    files = {"p/__init__.py": "", "p/m.py": EVERY_RULE,
             **{f"p/{t[2:]}.py": "x = 1\n" for t in EXPECTED}}
    snapshot = analyse(files)
    module = snapshot.get("p.m")
    assert module is not None
    ours = {(i.target, i.line): i.kind.value for i in module.imports if i.internal}
    assert ours == reference


#: the modules of a generated tree (``p`` and ``p.sub`` packages) and the ways to import one
MODULES = ("p", "p.a", "p.b", "p.sub", "p.sub.c", "p.sub.d")
#: a statement wrapped in what encloses it; ``{}`` is the indented statement
CONTEXTS = ("{}", "def f():\n    {}", "class K:\n    {}", "if TYPE_CHECKING:\n    {}",
            "if (typing.TYPE_CHECKING):\n    {}", "if TYPE_CHECKING and X:\n    {}",
            "if not TYPE_CHECKING:\n    pass\nelse:\n    {}",
            "try:\n    {}\nexcept ImportError:\n    pass",
            "try:\n    pass\nexcept ImportError:\n    {}", "try:\n    {}\nexcept:\n    pass",
            "if sys.version_info >= (3, 12):\n    pass\nelse:\n    {}",
            "if platform.system() == 'Windows':\n    {}", "with suppress(ImportError):\n    {}",
            "if __name__ == '__main__':\n    {}")


def statement(importer: str, target: str, form: int, top: str) -> str:
    """One import of ``target`` from ``importer`` in one of five forms (absolute or relative), in
    a package named ``top`` instead of ``p``."""
    package = importer if importer in ("p", "p.sub") else importer.rpartition(".")[0]
    target = top + target[1:]
    package = top + package[1:]
    parent, _, last = target.rpartition(".")
    if form == 0:
        return f"import {target}"
    if form == 1:
        return f"import {target} as alias"
    if form == 2 or not parent:
        return f"from {target} import name"
    if form == 3:
        return f"from {parent} import {last}"
    if parent == package:
        return f"from . import {last}"
    return f"from {target} import *"


trees = st.dictionaries(
    st.sampled_from(MODULES),
    st.lists(st.tuples(st.sampled_from(MODULES), st.integers(0, 4),
                       st.integers(0, len(CONTEXTS) - 1)), max_size=4),
    min_size=1)

_trees_made = iter(range(10**6))


@settings(max_examples=40, deadline=None)
@given(trees)
def test_generated_trees_have_grimps_edges_and_the_reference_kinds(tmp_path_factory, spec):
    """Small trees with every import form and kind: internal edges equal grimp's (also without
    TYPE_CHECKING imports), every statement's kind equals the reference's."""
    name = f"hyp{next(_trees_made)}"  # a fresh top-level name: find_spec caches what it saw
    root = tmp_path_factory.mktemp("hyp")
    header = ("import sys, platform, typing\nfrom typing import TYPE_CHECKING\n"
              "from contextlib import suppress\nX = 1\n")
    sources: dict[str, str] = {}
    for module in MODULES:
        body = [header]
        for target, form, context in spec.get(module, []):
            if target != module:
                line = statement(module, target, form, name)
                body.append(CONTEXTS[context].format(line) + "\n")
        sources[module] = "".join(body)
    for module, text in sources.items():
        parts = module.split(".")
        parts[0] = name
        path = root.joinpath(*parts, "__init__.py") if module in ("p", "p.sub") else (
            root.joinpath(*parts[:-1], parts[-1] + ".py"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    snapshot = load_snapshot(root / name, Selection(include_tests=True), jobs=1)
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    try:
        graph = grimp.build_graph(name, cache_dir=None)
        plain = grimp.build_graph(name, cache_dir=None, exclude_type_checking_imports=True)
    finally:
        sys.path.remove(str(root))
    assert name not in sys.modules  # read, never imported

    def written(leave_out: tuple[int, ...]) -> set[tuple[str, str]]:
        return {(m.replace("p", name, 1), t.replace("p", name, 1))
                for m, found in spec.items() for t, _, c in found if t != m and c not in leave_out}

    def edges(kinds: frozenset[ImportKind]) -> set[tuple[str, str]]:
        return {(i.importer, i.target) for m in snapshot.modules for i in m.imports
                if i.internal and i.kind in kinds}

    def grimps(graph: ImportGraph) -> set[tuple[str, str]]:
        return {(m, t) for m in graph.modules for t in graph.find_modules_directly_imported_by(m)}

    assert edges(KIND_SETS["all"]) == grimps(graph) == written(())
    # grimp leaves out ``if TYPE_CHECKING:`` and ``if typing.TYPE_CHECKING:`` bodies only; archdocs
    # also ``if TYPE_CHECKING and X:`` and the else of ``if not TYPE_CHECKING:`` (documented rule)
    assert grimps(plain) == written((3, 4))
    assert edges(KIND_SETS["no-type-checking"]) == written((3, 4, 5, 6))
    for read in snapshot.modules:
        kinds_at: dict[int, set[str]] = {}
        for imp in read.imports:
            kinds_at.setdefault(imp.line, set()).add(imp.kind.value)
        tree = ast.parse((root / read.path).read_text())
        for lineno, kind in classify(tree):
            assert kinds_at.get(lineno, {kind}) == {kind}, f"{read.path}:{lineno}"
