"""Read one file's bytes into :class:`~archdocs.model.ModuleFacts`, never executing them.

The parser is tree-sitter-python rather than :mod:`ast`: its grammar does not depend on the Python
running archdocs (PEP 695 ``type X = …`` and ``class C[T]``, 3.14's ``except A, B:`` parse on 3.11),
and it recovers from syntax errors, so a broken file still yields its imports plus a problem entry.
Imports and definitions are found by tree-sitter queries (run in C); only their few ancestors are
walked in Python to tell the import kind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from archdocs.model import Definition, ImportKind, ModuleFacts, RawImport
from archdocs.reading._filetext import (
    LineHashes,
    ModuleBindings,
    binds_getattr_hook,
    decode,
    module_facts,
)

# tree_sitter's types for the type checker only: tree_sitter is imported when a file is parsed
# (the fast reader imports this module for its import-kind rules), and typing not at all, for the
# reason archdocs/__init__.py gives.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from tree_sitter import Node, Parser, Query

_QUERY = """
(import_statement) @import
(import_from_statement) @import
(class_definition name: (identifier) @name) @class
(function_definition name: (identifier) @name) @function
(ERROR) @error
(print_statement) @py2
(exec_statement) @py2
"""
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}
_TYPE_CHECKING = re.compile(r"(?:[A-Za-z_]\w*\.)?TYPE_CHECKING")
#: Tests of the interpreter or of the platform: each branch of such an ``if`` runs at import time on
#: some machines and not on others, so its imports are guarded (all of these alike).
_VERSION_CHECK = re.compile(r"\bsys\.(?:version_info|platform|hexversion|implementation)\b"
                            r"|(?<![\w.])os\.name\b|(?<![\w.])platform\.\w+\s*\("
                            r"|\bPY(?:2|3|_?\d+)\b")
_MAIN = re.compile(r"""__name__ ?== ?(['"])__main__\1|(['"])__main__\2 ?== ?__name__""")
_COMMENT = re.compile(r"#[^\n]*")
_BOOL_TOKEN = re.compile(r"[(\[{]|[)\]}]|\b(?:and|or)\b")
_BRACKETS = re.compile(r"[(\[{]|[)\]}]")
_NOT = re.compile(r"not\b")
_SCOPES = {"function_definition", "class_definition"}
#: PEP 810 (Python 3.15): ``lazy`` before an import on its line; tree-sitter-python reads the word
#: as an error node before an ordinary import statement
_LAZY_BEFORE = re.compile(rb"[ \t\f]*lazy[ \t\f]+")
_IMPORT_AFTER = re.compile(rb"[ \t\f]+(?:import|from)\b")



@lru_cache(maxsize=1)
def _machinery() -> tuple[Parser, Query]:
    """Build the parser and query once per process (imported lazily: warm runs never need them)."""
    import tree_sitter

    language = tree_sitter.Language(_python_grammar())
    return tree_sitter.Parser(language), tree_sitter.Query(language, _QUERY)


def _python_grammar() -> object:
    """tree-sitter-python's grammar, loaded from its ``_binding`` extension directly: the package's
    ``__init__`` imports :mod:`importlib.resources` for query files archdocs never reads, a third
    of what parsing the one changed file of a run costs. Any other layout takes the normal
    import."""
    from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec, PathFinder

    package = PathFinder.find_spec("tree_sitter_python")
    for folder in (package.submodule_search_locations or ()) if package else ():
        for suffix in EXTENSION_SUFFIXES:
            path = f"{folder}/_binding{suffix}"
            if os.path.isfile(path):
                loader = ExtensionFileLoader("tree_sitter_python._binding", path)
                binding = loader.create_module(ModuleSpec(loader.name, loader, origin=path))
                loader.exec_module(binding)
                return binding.language()
    import tree_sitter_python

    return tree_sitter_python.language()


def _text(node: Node | None) -> str:
    return node.text.decode("utf-8", "replace") if node is not None and node.text else ""


def _docstring(block: Node | None) -> str:
    """First line of the docstring opening ``block`` (a module or a def/class body)."""
    if block is None:
        return ""
    for child in block.named_children:
        if child.type == "comment":
            continue
        if child.type == "expression_statement" and child.named_child_count:
            string = child.named_children[0]
            if string.type == "string":
                content = "".join(_text(c) for c in string.named_children
                                  if c.type == "string_content")
                for line in content.strip().splitlines():
                    return line.strip()
        return ""
    return ""


def _catches_import_error(try_node: Node) -> bool:
    for clause in try_node.named_children:
        if clause.type == "except_clause":
            caught = [c for c in clause.named_children if c.type not in ("block", "comment")]
            if not caught:  # a bare ``except:`` also guards the import
                return True
            if _IMPORT_ERRORS & set(re.findall(r"\w+", _text(caught[0]))):
                return True
    return False


def _suppresses_import_error(with_node: Node) -> bool:
    """``with suppress(ImportError):`` (contextlib) guards an import like try/except does."""
    clause = _text(next((c for c in with_node.named_children if c.type == "with_clause"), None))
    return "suppress" in clause and bool(_IMPORT_ERRORS & set(re.findall(r"\w+", clause)))


def _unwrap(expression: str) -> str:
    """``expression`` without the parentheses that enclose all of it."""
    while expression[:1] == "(" and expression[-1:] == ")":
        depth = 0
        for match in _BRACKETS.finditer(expression):
            depth += 1 if match.group() in "([{" else -1
            if depth == 0:
                break
        if match.end() != len(expression):
            break
        expression = expression[1:-1].strip()
    return expression


@lru_cache(maxsize=4096)
def _test(condition: str) -> str:
    """What an ``if`` condition tests: ``type_checking`` when it holds only under a type checker
    (``TYPE_CHECKING``, in parentheses or as an operand of ``and``; an ``or`` also holds at run
    time), ``not_type_checking`` (``not TYPE_CHECKING``), ``main`` (``__name__ == "__main__"``),
    ``version`` (the interpreter or the platform), else ``""``."""
    expression = _unwrap(" ".join(_COMMENT.sub("", condition).split()))
    operands, start, depth, operator = [], 0, 0, ""
    for match in _BOOL_TOKEN.finditer(expression):
        token = match.group()
        if token in ("and", "or"):
            if depth == 0:
                operands.append(expression[start:match.start()])
                start, operator = match.end(), operator if operator == "or" else token
        else:
            depth += 1 if token in "([{" else -1
    operands.append(expression[start:])
    if operator != "or" and any(_TYPE_CHECKING.fullmatch(_unwrap(o.strip())) for o in operands):
        return "type_checking"
    if _NOT.match(expression) and _TYPE_CHECKING.fullmatch(_unwrap(expression[3:].strip())):
        return "not_type_checking"  # ``not(TYPE_CHECKING)`` included
    if _MAIN.fullmatch(expression):
        return "main"
    return "version" if _VERSION_CHECK.search(expression) else ""


#: What one block around an import says about it, innermost first: (clause, condition, the ``if``
#: condition of its if/elif/else chain). Clauses: ``if`` (the import is in the if's body), ``elif``,
#: ``else-if`` (the else branch of an if), ``guard`` (the body of a try/except ImportError or bare
#: except, ``with suppress(ImportError)``), ``def``; other blocks say nothing.
Frame = tuple[str, str, str]


def classify(frames: Iterable[Frame]) -> ImportKind:
    """An import's kind from the blocks around it: the rules both readers share (tree-sitter's
    :func:`_import_kind` and the fast reader in :mod:`archdocs.reading.fast._reader`). A def, and an
    ``if __name__ == "__main__":`` block (it runs only when the module is the main script), make it
    lazy."""
    kind = ImportKind.RUNTIME
    for clause, condition, if_condition in frames:
        if clause in ("if", "elif"):
            test = _test(condition)
            if test == "type_checking":
                return ImportKind.TYPE_CHECKING
            if test == "main":
                kind = ImportKind.LAZY
            elif kind is ImportKind.RUNTIME and (
                    test == "version" or (clause == "elif" and _test(if_condition) == "version")):
                kind = ImportKind.GUARDED
        elif clause == "else-if":
            test = _test(if_condition)
            # ``if not TYPE_CHECKING: ... else: <here>`` runs only under a type checker
            if test == "not_type_checking":
                return ImportKind.TYPE_CHECKING
            if kind is ImportKind.RUNTIME and test == "version":
                kind = ImportKind.GUARDED
        elif clause == "guard":
            if kind is ImportKind.RUNTIME:
                kind = ImportKind.GUARDED
        elif clause == "def":
            kind = ImportKind.LAZY
    return kind


def _condition(if_node: Node) -> str:
    return _text(if_node.child_by_field_name("condition")).strip()


def _frames(node: Node) -> Iterator[Frame]:
    """The blocks around an import, innermost first, as :func:`classify` reads them."""
    child, parent = node, node.parent
    while parent is not None:
        ptype = parent.type
        if ptype == "if_statement":
            if child == parent.child_by_field_name("consequence"):
                yield "if", _condition(parent), _condition(parent)
            elif child.type == "else_clause":
                yield "else-if", "", _condition(parent)
        elif ptype == "elif_clause":
            if child == parent.child_by_field_name("consequence") and parent.parent is not None:
                yield "elif", _condition(parent), _condition(parent.parent)
        elif ptype == "try_statement":
            # only the ``try:`` body: a failure in a handler, ``else`` or ``finally`` is not caught
            if child == parent.child_by_field_name("body") and _catches_import_error(parent):
                yield "guard", "", ""
        elif ptype == "with_statement":
            if _suppresses_import_error(parent):
                yield "guard", "", ""
        elif ptype == "function_definition":
            yield "def", "", ""
        child, parent = parent, parent.parent


def _import_kind(node: Node) -> ImportKind:
    """Classify an import by the statements around it (innermost scope decides laziness)."""
    return classify(_frames(node))


def lazy_kind(kind: ImportKind) -> ImportKind:
    """The kind of a PEP 810 lazy import found in a block that gives ``kind``: an import that would
    run at import time runs on first use instead; one that never runs still never does."""
    return ImportKind.LAZY if kind in (ImportKind.RUNTIME, ImportKind.GUARDED) else kind


def _after_lazy(node: Node, data: bytes) -> bool:
    """True for ``lazy import x`` / ``lazy from x import y``."""
    start = node.start_byte
    return _LAZY_BEFORE.fullmatch(data, data.rfind(b"\n", 0, start) + 1, start) is not None


def _is_lazy_keyword(error: Node, data: bytes) -> bool:
    """The error node tree-sitter makes of PEP 810's ``lazy``: valid Python 3.15, not an error."""
    return error.text == b"lazy" and _IMPORT_AFTER.match(data, error.end_byte) is not None


def _dotted(node: Node) -> tuple[str, str | None]:
    """``(name, alias)`` of a ``dotted_name`` or ``aliased_import`` node."""
    if node.type == "aliased_import":
        return _text(node.child_by_field_name("name")), _text(node.child_by_field_name("alias"))
    return _text(node), None


def _raw_imports(node: Node, kind: ImportKind, data: bytes) -> list[RawImport]:
    line = node.start_point[0] + 1
    text = _text(node).split("\n", 1)[0].strip()
    deferred = False
    if _after_lazy(node, data):
        text = f"lazy {text}"
        deferred = kind is not lazy_kind(kind)
        kind = lazy_kind(kind)
    if node.type == "import_statement":
        return [RawImport(line, name, 0, (), alias, kind, False, text, deferred)
                for name, alias in (_dotted(c) for c in node.children_by_field_name("name"))]
    module_node = node.child_by_field_name("module_name")
    level, module = 0, _text(module_node)
    if module_node is not None and module_node.type == "relative_import":
        prefix = next((c for c in module_node.children if c.type == "import_prefix"), None)
        level = len(_text(prefix))
        module = module[level:]
    if any(c.type == "wildcard_import" for c in node.children):
        names: tuple[tuple[str, str | None], ...] = (("*", None),)
    else:
        names = tuple(_dotted(c) for c in node.children_by_field_name("name"))
    return [RawImport(line, module, level, names, None, kind, True, text, deferred)]


def _definition(node: Node, name_node: Node, lines: LineHashes) -> Definition | None:
    """A class, module function or method; None for definitions local to a function."""
    scope: list[str] = []
    enclosing_kinds: list[str] = []
    parent = node.parent
    while parent is not None:
        if parent.type in _SCOPES:
            scope.append(_text(parent.child_by_field_name("name")))
            enclosing_kinds.append(parent.type)
        parent = parent.parent
    if "function_definition" in enclosing_kinds:
        return None
    name = _text(name_node)
    qualname = ".".join([*reversed(scope), name])
    body = node.child_by_field_name("body")
    start, end = node.start_point[0], node.end_point[0]
    if node.type == "class_definition":
        signature = " ".join(_text(node.child_by_field_name("superclasses")).split())
        kind = "class"
    else:
        params = " ".join(_text(node.child_by_field_name("parameters")).split())
        returns = _text(node.child_by_field_name("return_type"))
        signature = f"{params} -> {returns}" if returns else params
        kind = "method" if enclosing_kinds else "function"
    return lines.definition(qualname, kind, start, end, signature,
                            "" if kind == "method" else _docstring(body))


def _targets(node: Node) -> list[str]:
    """Names bound by the left side of an assignment."""
    if node.type == "identifier":
        return [_text(node)]
    if node.type in ("pattern_list", "tuple_pattern", "list_pattern"):
        return [n for c in node.named_children for n in _targets(c)]
    return []


def _literal_strings(node: Node | None) -> list[str] | None:
    """Strings of a list/tuple literal of strings (or a sum of them, or a tuple without brackets),
    or None when it is anything else."""
    terms: list[Node | None] = []
    while node is not None and node.type == "binary_operator" and _text(
            node.child_by_field_name("operator")) == "+":  # a + b + c nests to the left: a loop
        terms.append(node.child_by_field_name("right"))
        node = node.child_by_field_name("left")
    terms.append(node)
    out: list[str] = []
    for term in reversed(terms):
        if term is None or term.type not in ("list", "tuple", "parenthesized_expression",
                                             "expression_list"):  # ``"a", "b"``: a tuple too
            return None
        for child in term.named_children:
            value = _string(child)
            if value is not None:
                out.append(value)
            elif child.type != "comment":
                return None
    return out


def _string(node: Node | None) -> str | None:
    """The value of a plain string literal; None for anything else (f-strings included)."""
    if (node is None or node.type != "string"
            or any(c.type == "interpolation" for c in node.named_children)):
        return None
    return "".join(_text(c) for c in node.named_children if c.type == "string_content")


class _TopLevel(ModuleBindings):
    """Collects names bound at module level and a literal ``__all__`` from a tree."""

    def visit_block(self, block: Node) -> None:
        """Statements in source order, nested blocks included, with a stack rather than recursion:
        generated code can nest deeper than Python's recursion limit."""
        stack = list(reversed(block.named_children))
        while stack:
            stack.extend(reversed(self.visit(stack.pop())))

    def visit(self, stmt: Node) -> list[Node]:
        """Record what ``stmt`` binds; return the statements nested in it, to visit next."""
        stype = stmt.type
        if stype == "decorated_definition":
            stmt = stmt.child_by_field_name("definition") or stmt
            stype = stmt.type
        if stype in ("function_definition", "class_definition"):
            name = _text(stmt.child_by_field_name("name"))
            self._bind(name)
            if name == "__getattr__" and stype == "function_definition":
                self.has_getattr = True
        elif stype == "import_statement":
            for child in stmt.children_by_field_name("name"):
                name, alias = _dotted(child)
                self._bind(alias or name.split(".")[0], imported=alias != name)
        elif stype == "import_from_statement":
            for child in stmt.children_by_field_name("name"):
                name, alias = _dotted(child)
                self._bind(alias or name, imported=alias != name)
        elif stype == "expression_statement" and stmt.named_child_count:
            self._expression(stmt.named_children[0])
        elif stype == "type_alias_statement":
            left = stmt.child_by_field_name("left")
            if left is not None:
                self._bind(_text(left).split("[")[0].strip())
        elif stype in ("if_statement", "try_statement", "with_statement", "elif_clause",
                       "else_clause", "except_clause", "finally_clause", "block",
                       "for_statement", "while_statement"):
            nested: list[Node] = []
            for child in stmt.named_children:
                if child.type == "block":
                    nested.extend(child.named_children)
                elif child.type in ("elif_clause", "else_clause", "except_clause",
                                    "finally_clause"):
                    nested.append(child)
            return nested
        return []

    def _expression(self, expr: Node) -> None:
        etype = expr.type
        if etype == "assignment":
            targets: list[list[str]] = []
            right: Node | None = expr
            while right is not None and right.type == "assignment":  # ``a = b = value``: a chain
                left, right = right.child_by_field_name("left"), right.child_by_field_name("right")
                targets.append(_targets(left) if left is not None else [])
            for names in targets:
                for name in names:
                    self._bind(name)
                if names == ["__all__"]:  # a new value replaces whatever came before
                    self.all_names = _literal_strings(right)
                    self.all_dynamic = self.all_names is None
                elif names == ["__lazy_modules__"]:
                    self.lazy_modules.append((expr.start_point[0] + 1, _literal_strings(right)))
                elif right is not None and binds_getattr_hook(names, _text(right)):
                    self.has_getattr = True
        elif (etype == "augmented_assignment"
              and _text(expr.child_by_field_name("left")) == "__all__"):
            self._extend_all(_literal_strings(expr.child_by_field_name("right")))
        elif etype == "call":
            function = _text(expr.child_by_field_name("function"))
            if function in ("__all__.extend", "__all__.append"):
                args = expr.child_by_field_name("arguments")
                first = (args.named_children[0]
                         if args is not None and args.named_child_count == 1 else None)
                if function == "__all__.extend":
                    self._extend_all(_literal_strings(first))
                else:
                    value = _string(first)
                    self._extend_all(None if value is None else [value])


def parse_facts(data: bytes) -> ModuleFacts:
    """Facts of one Python file's bytes. Never raises on bad input: problems are recorded
    instead."""
    data, problems = decode(data)
    parser, query = _machinery()
    import tree_sitter

    tree = parser.parse(data)
    root = tree.root_node
    captures = tree_sitter.QueryCursor(query).captures(root)
    imports: list[RawImport] = []
    for node in captures.get("import", ()):
        imports.extend(_raw_imports(node, _import_kind(node), data))
    source_lines = LineHashes(data)
    names_by_node = {n.parent.id: n for n in captures.get("name", ()) if n.parent is not None}
    definitions = [
        d for node in (*captures.get("class", ()), *captures.get("function", ()))
        if (d := _definition(node, names_by_node[node.id], source_lines)) is not None
    ]
    if root.has_error:
        error_nodes = captures.get("error", ())
        errors = sorted({n.start_point[0] + 1 for n in error_nodes if not _valid(n, data)})
        if not errors:  # only MISSING nodes (e.g. an unclosed bracket), or only valid newer syntax
            first = _first_error_line(root, data)
            errors = [first] if first is not None else [] if error_nodes else [1]
        problems.extend((line, "syntax error (the rest of the file was still read)")
                        for line in errors[:5])
    problems.extend((n.start_point[0] + 1, "Python 2 syntax (`print`/`exec` statement)")
                    for n in captures.get("py2", ())[:5])
    top = _TopLevel()
    top.visit_block(root)
    return module_facts(data, doc=_docstring(root), definitions=definitions, bound_names=top.bound,
                        all_names=top.all_names, all_dynamic=top.all_dynamic, imports=imports,
                        problems=problems, has_getattr=top.has_getattr,
                        imported_names=[n for n in top.imported if n not in top.own],
                        lazy_modules=top.lazy_modules)


def _is_type_parameter_default(error: Node) -> bool:
    """True for the ``= default`` of a type parameter (PEP 696, Python 3.13: ``class C[T = int]``),
    valid code that tree-sitter-python's grammar does not know yet; anywhere else ``=`` inside
    brackets is a real syntax error."""
    if not any(c.type == "=" for c in error.children):
        return False
    child, parent = error, error.parent
    while parent is not None:
        if parent.type in ("class_definition", "function_definition"):
            return child == parent.child_by_field_name("type_parameters")
        if parent.type == "type_alias_statement":
            return child == parent.child_by_field_name("left")
        if parent.type in ("block", "module"):
            return False
        child, parent = parent, parent.parent
    return False


def _valid(error: Node, data: bytes) -> bool:
    """An error node that is valid Python newer than tree-sitter-python's grammar."""
    return _is_type_parameter_default(error) or _is_lazy_keyword(error, data)


def _first_error_line(root: Node, data: bytes) -> int | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing or (node.type == "ERROR" and not _valid(node, data)):
            return node.start_point[0] + 1
        if node.has_error:
            stack.extend(reversed(node.children))
    return None
