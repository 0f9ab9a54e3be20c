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

from archdocs.filetext import LineHashes, decode, module_facts
from archdocs.model import Definition, ImportKind, ModuleFacts, RawImport

TYPE_CHECKING = False  # not typing's: a one-file run would import typing for this alone
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
_TYPE_CHECKING = re.compile(r"^(?:[A-Za-z_][\w]*\.)?TYPE_CHECKING$")
_NOT_TYPE_CHECKING = re.compile(r"^not\s+(?:[A-Za-z_][\w]*\.)?TYPE_CHECKING$")
_VERSION_CHECK = re.compile(r"\bsys\.(?:version_info|platform|hexversion)\b|\bPY(?:2|3|_?\d+)\b")
_SCOPES = {"function_definition", "class_definition"}


@lru_cache(maxsize=1)
def _machinery() -> tuple[Parser, Query]:
    """Build the parser and query once per process (imported lazily: warm runs never need them)."""
    import tree_sitter

    language = tree_sitter.Language(_python_grammar())
    return tree_sitter.Parser(language), tree_sitter.Query(language, _QUERY)


def _python_grammar() -> object:
    """tree-sitter-python's grammar, loaded from its ``_binding`` extension directly: the package's
    ``__init__`` imports :mod:`importlib.resources` for query files archdocs never reads, a third
    of what parsing the one changed file of a run costs. Any other layout takes the normal import."""
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
                content = "".join(_text(c) for c in string.named_children if c.type == "string_content")
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


#: What one block around an import says about it, innermost first: (clause, condition, the ``if``
#: condition of its if/elif/else chain). Clauses: ``if`` (the import is in the if's body), ``elif``,
#: ``else-if`` (the else branch of an if), ``guard`` (try/except ImportError or bare except, ``with
#: suppress(ImportError)``), ``def``; other blocks say nothing.
Frame = tuple[str, str, str]


def classify(frames: Iterable[Frame]) -> ImportKind:
    """An import's kind from the blocks around it: the rules both readers share (tree-sitter's
    :func:`_import_kind` and the fast reader in :mod:`archdocs.scan`)."""
    kind = ImportKind.RUNTIME
    for clause, condition, if_condition in frames:
        if clause in ("if", "elif"):
            if _TYPE_CHECKING.match(condition):
                return ImportKind.TYPE_CHECKING
            if kind is ImportKind.RUNTIME and (
                    _VERSION_CHECK.search(condition)
                    or clause == "elif" and _VERSION_CHECK.search(if_condition)):
                kind = ImportKind.GUARDED
        elif clause == "else-if":
            # ``if not TYPE_CHECKING: ... else: <here>`` runs only under a type checker
            if _NOT_TYPE_CHECKING.match(if_condition):
                return ImportKind.TYPE_CHECKING
            if kind is ImportKind.RUNTIME and _VERSION_CHECK.search(if_condition):
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
            if _catches_import_error(parent):
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


def _dotted(node: Node) -> tuple[str, str | None]:
    """``(name, alias)`` of a ``dotted_name`` or ``aliased_import`` node."""
    if node.type == "aliased_import":
        return _text(node.child_by_field_name("name")), _text(node.child_by_field_name("alias"))
    return _text(node), None


def _raw_imports(node: Node, kind: ImportKind) -> list[RawImport]:
    line = node.start_point[0] + 1
    text = _text(node).split("\n", 1)[0].strip()
    if node.type == "import_statement":
        return [RawImport(line, name, 0, (), alias, kind, False, text)
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
    return [RawImport(line, module, level, names, None, kind, True, text)]


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
    """Strings of a list/tuple literal of strings (or a sum of them), or None when it is anything else."""
    terms: list[Node | None] = []
    while node is not None and node.type == "binary_operator" and _text(
            node.child_by_field_name("operator")) == "+":  # a + b + c nests to the left: a loop
        terms.append(node.child_by_field_name("right"))
        node = node.child_by_field_name("left")
    terms.append(node)
    out: list[str] = []
    for term in reversed(terms):
        if term is None or term.type not in ("list", "tuple", "parenthesized_expression"):
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
    if node is None or node.type != "string" or any(c.type == "interpolation" for c in node.named_children):
        return None
    return "".join(_text(c) for c in node.named_children if c.type == "string_content")


class _TopLevel:
    """Collects names bound at module level and a literal ``__all__``."""

    def __init__(self) -> None:
        self.bound: dict[str, None] = {}
        self.all_names: list[str] | None = None
        self.all_dynamic = False
        self.getattr_node: Node | None = None

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
            self.bound[name] = None
            if name == "__getattr__" and stype == "function_definition":
                self.getattr_node = stmt
        elif stype == "import_statement":
            for child in stmt.children_by_field_name("name"):
                name, alias = _dotted(child)
                self.bound[alias or name.split(".")[0]] = None
        elif stype == "import_from_statement":
            for child in stmt.children_by_field_name("name"):
                name, alias = _dotted(child)
                self.bound[alias or name] = None
        elif stype == "expression_statement" and stmt.named_child_count:
            self._expression(stmt.named_children[0])
        elif stype == "type_alias_statement":
            left = stmt.child_by_field_name("left")
            if left is not None:
                self.bound[_text(left).split("[")[0].strip()] = None
        elif stype in ("if_statement", "try_statement", "with_statement", "elif_clause",
                       "else_clause", "except_clause", "finally_clause", "block",
                       "for_statement", "while_statement"):
            nested: list[Node] = []
            for child in stmt.named_children:
                if child.type == "block":
                    nested.extend(child.named_children)
                elif child.type in ("elif_clause", "else_clause", "except_clause", "finally_clause"):
                    nested.append(child)
            return nested
        return []

    def _expression(self, expr: Node) -> None:
        etype = expr.type
        if etype == "assignment":
            left, right = expr.child_by_field_name("left"), expr.child_by_field_name("right")
            names = _targets(left) if left is not None else []
            for name in names:
                self.bound[name] = None
            if names == ["__all__"]:  # a new value replaces whatever came before
                self.all_names = _literal_strings(right)
                self.all_dynamic = self.all_names is None
        elif etype == "augmented_assignment" and _text(expr.child_by_field_name("left")) == "__all__":
            self._extend_all(_literal_strings(expr.child_by_field_name("right")))
        elif etype == "call":
            function = _text(expr.child_by_field_name("function"))
            if function in ("__all__.extend", "__all__.append"):
                args = expr.child_by_field_name("arguments")
                first = args.named_children[0] if args is not None and args.named_child_count == 1 else None
                if function == "__all__.extend":
                    self._extend_all(_literal_strings(first))
                else:
                    value = _string(first)
                    self._extend_all(None if value is None else [value])

    def _extend_all(self, strings: list[str] | None) -> None:
        if strings is None:
            self.all_dynamic = True
        else:
            self.all_names = [*(self.all_names or []), *strings]


def parse_facts(data: bytes) -> ModuleFacts:
    """Facts of one Python file's bytes. Never raises on bad input: problems are recorded instead."""
    data, problems = decode(data)
    parser, query = _machinery()
    import tree_sitter

    tree = parser.parse(data)
    root = tree.root_node
    captures = tree_sitter.QueryCursor(query).captures(root)
    imports: list[RawImport] = []
    for node in captures.get("import", ()):
        imports.extend(_raw_imports(node, _import_kind(node)))
    source_lines = LineHashes(data)
    names_by_node = {n.parent.id: n for n in captures.get("name", ()) if n.parent is not None}
    definitions = [
        d for node in (*captures.get("class", ()), *captures.get("function", ()))
        if (d := _definition(node, names_by_node[node.id], source_lines)) is not None
    ]
    if root.has_error:
        error_nodes = captures.get("error", ())
        errors = sorted({n.start_point[0] + 1 for n in error_nodes if not _is_type_parameter_default(n)})
        if not errors:  # only MISSING nodes (e.g. an unclosed bracket), or only PEP 696 defaults
            first = _first_error_line(root)
            errors = [first] if first is not None else [] if error_nodes else [1]
        problems.extend((line, "syntax error (the rest of the file was still read)")
                        for line in errors[:5])
    problems.extend((n.start_point[0] + 1, "Python 2 syntax (`print`/`exec` statement)")
                    for n in captures.get("py2", ())[:5])
    top = _TopLevel()
    top.visit_block(root)
    return module_facts(data, doc=_docstring(root), definitions=definitions, bound_names=top.bound,
                        all_names=top.all_names, all_dynamic=top.all_dynamic, imports=imports,
                        problems=problems, has_getattr=top.getattr_node is not None)


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


def _first_error_line(root: Node) -> int | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_missing or (node.type == "ERROR" and not _is_type_parameter_default(node)):
            return node.start_point[0] + 1
        if node.has_error:
            stack.extend(reversed(node.children))
    return None
