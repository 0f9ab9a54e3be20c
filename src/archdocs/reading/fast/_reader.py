"""The fast reader: :class:`~archdocs.model.ModuleFacts` of a *well-formed* file without a parse
tree.

tree-sitter builds a node for every token, which is what a cold run on a large code base spends its
time on (sympy: 2.3 s of parsing for 26 MB, before any query). What archdocs reads from a file sits
at statement level: imports, the headers of blocks around them, definitions and module-level
bindings. This reader finds those with regular expressions that run in C: strings and comments are
blanked out (same length, newlines kept), brackets are matched away to tell which physical lines
start a logical line (that first pass runs in C, :mod:`archdocs.reading._lex`, where the install
built it), and only the lines that start a statement are looked at in Python.

It is only ever used on files another parser has declared free of syntax errors (see
:mod:`archdocs.reading.fast._syntax`), so it may assume valid Python; it gives up (returns None) on
the few constructs it does not model (``;`` between statements, tabs or form feeds in indentation,
``match`` statements, ``except*``, f-string docstrings, ...), and the file then goes to tree-sitter
(:func:`archdocs.reading._treesitter.parse_facts`), whose facts it reproduces exactly: tests compare
the two on every module of django, sympy and homeassistant.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterator

from archdocs.model import ImportKind, ModuleFacts, RawImport
from archdocs.reading._filetext import (
    LineHashes,
    ModuleBindings,
    binds_getattr_hook,
    decode,
    module_facts,
)
from archdocs.reading._treesitter import Frame, classify, lazy_kind


class _Unsupported(Exception):
    """A construct this reader does not model: the file is read by tree-sitter instead."""


# possessive (Python 3.11+): an unterminated string must fail fast, not backtrack exponentially
_STRING = (r'"""(?:[^"\\]++|\\.|"(?!""))*+"""|\'\'\'(?:[^\'\\]++|\\.|\'(?!\'\'))*+\'\'\''
           r'|"(?:[^"\\\n]++|\\.)*+"|\'(?:[^\'\\\n]++|\\.)*+\'')
_LEX = re.compile(r"#[^\n]*|" + _STRING + r"|[\"']", re.DOTALL)
_STRING_AT = re.compile(r"([A-Za-z]{0,2})(" + _STRING + ")", re.DOTALL)
_NOT_BRACKET_BYTES = bytes(b for b in range(256) if b not in b"()[]{}\n")
_PAIR = re.compile(rb"\(\)|\[\]|\{\}")
_BACKSLASH = re.compile(r"\\\r?\n")
_KEYWORD = re.compile(r"(?:async\s+)?(def|class|if|elif|else|try|except|finally|with|for|while"
                      r"|import|from|match|case|lazy(?=[ \t]+(?:import|from)\b))\b")
_HEADER_TOKEN = re.compile(r"[(\[{]|[)\]}]|:(?!=)|\blambda\b")
_BRACKET = re.compile(r"[(\[{]|[)\]}]")
_FLAT_PARENTHESES = re.compile(r"\([^()\[\]{}]*\)")
_COMMA_TOKEN = re.compile(r"[(\[{]|[)\]}]|,")
_NAME = re.compile(r"\s*(\w+)\s*")
_IMPORT = re.compile(r"import\s+(.*)", re.DOTALL)
_FROM = re.compile(r"from(?:\s+|(?=\.))(\.*)(\w+(?:\.\w+)*)?\s*import\b\s*(.*)", re.DOTALL)
_ALIASED = re.compile(r"(\w+(?:\.\w+)*)(?:\s+as\s+(\w+))?")
_LEADING_SPACE = re.compile(r"^(?:\s|\\\r?\n)+")
_IMPORT_ERROR = re.compile(r"\b(?:ImportError|ModuleNotFoundError)\b")
_IDENTIFIER = re.compile(r"[^\W\d]\w*")
_ASSIGN_TOKEN = re.compile(r"[(\[{]|[)\]}]|(?<![=!<>:+\-*/%&|^@~])=(?!=)|:(?!=)|\blambda\b|,")
_ASSIGN_EQUALS = re.compile(r"(?<![=!<>:+\-*/%&|^@~])=(?!=)")
_BRACKETED = re.compile(r"\([^()\[\]{}]*\)|\[[^()\[\]{}]*\]|\{[^()\[\]{}]*\}")
_AUGMENTED_ALL = re.compile(r"__all__\s*(?:\+|-|\*\*|\*|//|/|%|>>|<<|&|\||\^|@)=")
_ALL_CALL = re.compile(r"__all__\.(extend|append)\s*\(")
_TYPE_ALIAS = re.compile(r"type\s+(\w+)\s*[\[=]")
_LITERAL_TOKEN = re.compile(r"\s+|#[^\n]*|\\\r?\n|[+,()\[\]]|([A-Za-z]{0,2})(" + _STRING + ")|.",
                            re.DOTALL)
_KEYWORDS = frozenset(keyword.kwlist)  # hard keywords: a statement they start binds no name
_SCOPE_KINDS = ("def", "class")


def _blank(match: re.Match[str]) -> str:
    """Same-length stand-in for a comment (spaces) or string (``_``; a multi-line string becomes a
    bracketed run, so the lines inside it read as continuation lines)."""
    token = match.group()
    if token[0] == "#":
        return " " * len(token)
    if len(token) == 1:  # a quote that opens no complete string
        raise _Unsupported
    if "\n" in token:
        blank = "\n".join([" " * len(part) for part in token.split("\n")])
        return "(" + blank[1:-1] + ")"
    return "_" * len(token)


def _continuations(code: str, count: int) -> bytearray:
    """1 for each physical line that continues the logical line before it (open bracket, string or
    backslash), 0 for lines that start one; one extra 0 at the end as a sentinel."""
    flags = bytearray(count + 1)
    brackets = code.encode("utf-8", "replace").translate(None, _NOT_BRACKET_BYTES)
    reduced = b""
    while reduced != brackets:  # drop pairs opened and closed on one line, innermost first
        reduced, brackets = brackets, _PAIR.sub(b"", brackets)
    depth, line, position, previous = 0, 0, 0, 0
    for match in re.finditer(rb"[^\n]+", brackets):
        line += brackets.count(b"\n", position, match.start())
        position = match.start()
        if depth > 0:
            flags[previous + 1: line + 1] = b"\1" * (line - previous)
        token = match.group()
        depth += len(token) - 2 * (token.count(b")") + token.count(b"]") + token.count(b"}"))
        previous = line
    if "\\" in code:
        line, position = 0, 0
        for backslash in _BACKSLASH.finditer(code):
            line += code.count("\n", position, backslash.start())
            position = backslash.start()
            flags[line + 1] = 1
    return flags


def _closing(code: str, start: int) -> int:
    """Index of the bracket closing the one at ``start``."""
    flat = _FLAT_PARENTHESES.match(code, start)  # most signatures: no bracket inside
    if flat is not None:
        return flat.end() - 1
    depth = 0
    for match in _BRACKET.finditer(code, start):
        depth += 1 if match.group() in "([{" else -1
        if depth == 0:
            return match.start()
    raise _Unsupported


def _outside_brackets(pattern: re.Pattern[str], code: str,
                      start: int = 0) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` that lie outside any bracket (``pattern`` also matches single
    brackets, which are counted here and not yielded)."""
    depth = 0
    for match in pattern.finditer(code, start):
        token = match.group()
        if token in ("(", "[", "{"):
            depth += 1
        elif token in (")", "]", "}"):
            depth -= 1
        elif depth == 0:
            yield match


def _header_colon(code: str, start: int) -> int:
    """The ``:`` ending a compound statement's header (not one inside brackets, nor ``:=``)."""
    for match in _outside_brackets(_HEADER_TOKEN, code, start):
        if match.group() == ":":
            return match.start()
        raise _Unsupported  # a lambda in a header
    raise _Unsupported


def _string_value(prefix: str, literal: str) -> str | None:
    """What tree-sitter calls the string's content: the raw text between the quotes (None for an
    f-string with replacement fields)."""
    quote = 3 if literal[:3] in ('"""', "'''") else 1
    content = literal[quote:-quote]
    if "f" in prefix.lower() and "{" in content:
        return None
    return content


def _literal_strings(text: str) -> list[str] | None:
    """The strings of ``[..] + (..)`` literals of plain strings, or of a tuple of them without
    brackets (``"a", "b"``); None for anything else."""
    out: list[str] = []
    expect_term, closing, after_item, bare = True, "", False, 0  # bare: commas of a bare tuple
    for match in _LITERAL_TOKEN.finditer(text):
        token, literal = match.group(), match.group(2)
        if token.isspace() or token[0] in "#\\":
            continue
        if expect_term and literal is not None and not out:
            expect_term, after_item, bare = False, True, 1  # a bare tuple's first item
            value = _string_value(match.group(1), literal)
            if value is None:
                return None
            out.append(value)
        elif bare:
            if token == "," and after_item:
                after_item, bare = False, bare + 1
            elif literal is not None and not after_item:
                value = _string_value(match.group(1), literal)
                if value is None:
                    return None
                out.append(value)
                after_item = True
            else:
                return None
        elif expect_term:
            if token not in ("[", "("):
                return None
            closing, expect_term, after_item = ("]" if token == "[" else ")"), False, False
        elif literal is not None:
            value = _string_value(match.group(1), literal)
            if after_item or not closing or value is None:
                return None
            out.append(value)
            after_item = True
        elif token == "," and after_item and closing:
            after_item = False
        elif token == closing and closing:
            closing = ""
        elif token == "+" and not closing:
            expect_term = True
        else:
            return None
    if bare:
        return out if bare > 1 else None  # ``"a"`` alone is a string, ``"a",`` a tuple
    return None if expect_term or closing else out


def _targets(code: str) -> list[str]:
    """Names bound by an assignment's left side (tree-sitter's identifier / pattern_list /
    tuple_pattern / list_pattern; attributes, subscripts and ``*rest`` bind nothing here)."""
    code = code.strip()
    parts = _split_top(code)
    if len(parts) > 1:
        return [name for part in parts if part.strip() for name in _targets(part)]
    if code[:1] in ("(", "[") and _closing(code, 0) == len(code) - 1:
        inner = code[1:-1]
        if code[0] == "(" and len(_split_top(inner)) == 1:
            return []  # a parenthesized expression, not a tuple pattern
        return [name for part in _split_top(inner) if part.strip() for name in _targets(part)]
    if _IDENTIFIER.fullmatch(code) and code not in _KEYWORDS:
        return [code]
    return []


def _chained(statement: str, at: int) -> bool:
    """Whether another ``=`` of an assignment may follow ``at`` outside brackets (``a = b = 1``),
    found with regexes (bracketed parts dropped innermost first): a module's big literals are not
    walked in Python."""
    rest = statement[at:]
    if "=" not in rest:
        return False
    flat = ""
    while flat != rest:
        flat, rest = rest, _BRACKETED.sub("", rest)
    return _ASSIGN_EQUALS.search(rest) is not None


def _split_top(code: str) -> list[str]:
    """``code`` split at commas outside brackets."""
    parts, start = [], 0
    for comma in _outside_brackets(_COMMA_TOKEN, code):
        parts.append(code[start:comma.start()])
        start = comma.end()
    parts.append(code[start:])
    return parts


def _first_pass(text: str) -> tuple[str, bytearray]:
    """The text with strings and comments blanked, and which lines continue a logical line."""
    code = _LEX.sub(_blank, text)
    return code, _continuations(code, code.count("\n") + 1)


def _logical_lines(code: str, flags: bytearray) -> list[tuple[int, int, int]]:
    """(first line, line after its last, indent) of each logical line that is not blank."""
    out = []
    lines = code.split("\n")
    i, count = 0, len(lines)
    while i < count:
        line = lines[i]
        stripped = line.lstrip()
        if not stripped:
            i += 1
            continue
        j = i + 1
        if flags[j]:
            j = flags.find(0, j)
            if j < 0:  # no line ends it: it runs past the last line
                j = len(flags)
        out.append((i, j, len(line) - len(stripped)))
        i = j
    return out


def _native_first_pass(text: str) -> tuple[str, bytearray]:
    result = _lex.blank(text)
    if result is None:
        raise _Unsupported  # a quote that opens no complete string
    return result


logical_lines: Callable[[str, bytearray], list[tuple[int, int, int]]]
# the same passes in C (archdocs/reading/_lex.c), built when the installing machine has a compiler
try:
    from archdocs.reading import _lex
except ImportError:
    first_pass, logical_lines = _first_pass, _logical_lines
else:
    first_pass, logical_lines = _native_first_pass, _lex.logical_lines


class _Statement:
    """A compound statement: what its clauses share (the ``if`` condition, whether a ``try``
    catches ImportError, whether a ``with`` suppresses it)."""

    __slots__ = ("condition", "guards", "kind")

    def __init__(self, kind: str, condition: str = "", guards: bool = False) -> None:
        self.kind = kind
        self.condition = condition
        self.guards = guards


class _Found:
    """A def or class as the scan meets it (0-based lines); its last line and docstring come
    later."""

    __slots__ = ("doc", "end", "inside_function", "kind", "qualname", "signature", "start")

    def __init__(self, qualname: str, kind: str, start: int, signature: str,
                 inside_function: bool) -> None:
        self.qualname = qualname
        self.kind = kind
        self.start = self.end = start
        self.signature = signature
        self.doc = ""
        self.inside_function = inside_function


class _Block:
    """An open clause: its header's indent, its body's indent, and what it tells about imports.
    ``scope`` is the innermost def or class it is (or lies in), ``in_def`` whether that includes a
    def: what a definition inside needs, kept here rather than searched up the stack each time."""

    __slots__ = ("body", "clause", "condition", "definition", "in_def", "indent", "scope",
                 "statement")

    def __init__(self, indent: int, clause: str, statement: _Statement, condition: str,
                 outer: _Block | None) -> None:
        self.indent = indent
        self.body = -1
        self.clause = clause
        self.statement = statement
        self.condition = condition
        self.definition: _Found | None = None
        self.scope: _Found | None = outer.scope if outer is not None else None
        self.in_def: bool = outer is not None and outer.in_def


def _frames(context: tuple[_Block, ...]) -> Iterator[Frame]:
    """The blocks around an import, innermost first, as
    :func:`archdocs.reading._treesitter.classify` reads them."""
    for block in reversed(context):
        clause, statement = block.clause, block.statement
        if statement.kind == "if":
            if clause in ("if", "elif"):
                yield clause, block.condition, statement.condition
            else:
                yield "else-if", "", statement.condition
        elif statement.guards and clause in ("try", "with"):
            # the body of a try that catches ImportError (not its handlers, else or finally),
            # or of a with that suppresses it
            yield "guard", "", ""
        elif clause == "def":
            yield "def", "", ""


class _Scanner(ModuleBindings):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.code, self.flags = first_pass(text)
        if "\t" in self.code or "\f" in self.code:
            # indentation with tabs or form feeds: widths tree-sitter measures its own way
            raise _Unsupported
        self.olines = text.split("\n")
        self.clines = self.code.split("\n")
        self.stack: list[_Block] = []
        self.imports: list[tuple[int, str, int, tuple[tuple[str, str | None], ...], str | None,
                                 bool, str, tuple[_Block, ...], bool]] = []
        self.definitions: list[_Found] = []
        self.doc = ""
        self.inline: _Block | None = None  #: a one-line compound statement (its clauses may follow)
        self.inline_end = -1  #: the line after it: where such a clause would be

    # -- logical lines ---------------------------------------------------------------------------

    def run(self) -> None:
        """Every logical line once; most are neither keywords nor module-level, and cost a strip."""
        clines, stack = self.clines, self.stack
        count = len(clines)
        prev_end = -1
        pending: _Block | None = None  # a header whose body has not started yet
        top = -1  # indent of the innermost open block's header
        lines = logical_lines(self.code, self.flags)
        if lines:
            self.doc = self._docstring(lines[0][0], lines[0][1], 0)
        for i, j, indent in lines:
            line = clines[i]
            if pending is not None:
                pending.body = indent
                stack.append(pending)
                top = pending.indent
                if pending.definition is not None:
                    pending.definition.doc = self._docstring(i, j, indent)
                pending = None
            last: _Block | None = None
            if indent <= top:
                while stack and indent <= stack[-1].indent:
                    last = stack.pop()
                    self._close(last, prev_end, i)
                top = stack[-1].indent if stack else -1
            if ";" in line and ";" in self._logical(i, j)[0]:
                raise _Unsupported  # several statements on a line
            if line[indent] in "dcietfwmal" and (match := _KEYWORD.match(line, indent)):
                if (last is None or last.indent != indent) and self.inline_end == i:
                    inline = self.inline
                    last = inline if inline is not None and inline.indent == indent else None
                pending = self._keyword(match.group(1), match.end(), i, j, indent, last)
            elif not stack or stack[-1].scope is None:
                self._module_statement(i, j, indent)
            prev_end = j - 1
        if pending is not None:
            raise _Unsupported  # a header without a body: not valid Python
        while stack:
            self._close(stack.pop(), prev_end, count)

    def _logical(self, i: int, j: int) -> tuple[str, str]:
        """(code, original text) of lines i..j-1, joined: equal lengths, so offsets agree."""
        if j == i + 1:
            return self.clines[i], self.olines[i]
        return "\n".join(self.clines[i:j]), "\n".join(self.olines[i:j])

    def _close(self, block: _Block, prev_end: int, next_start: int) -> None:
        """A block ends with its last statement, or with the comments after it that are indented at
        least as deep as its body (as tree-sitter-python's scanner places them)."""
        if block.definition is None:
            return
        end = prev_end
        for k in range(prev_end + 1, next_start):
            original = self.olines[k]
            content = original.lstrip()
            if not content or content.isspace():
                continue
            if len(original) - len(content) < block.body:
                break
            end = k
        block.definition.end = end

    # -- statements --------------------------------------------------------------------------------

    def _module_level(self) -> bool:
        """Outside every def and class: where statements bind the module's names."""
        return not self.stack or self.stack[-1].scope is None

    def _keyword(self, word: str, keyword_end: int, i: int, j: int, indent: int,
                 last: _Block | None) -> _Block | None:
        code, original = self._logical(i, j)
        start = indent
        if word in ("import", "from"):
            self._import(code, original, start, i)
            return None
        if word == "lazy":  # PEP 810: ``lazy import x``, ``lazy from x import y``
            rest = code[keyword_end:]
            self._import(code, original, keyword_end + len(rest) - len(rest.lstrip(" \t")), i,
                         lazy=True)
            return None
        if word in ("match", "case"):
            rest = code[start + len(word):].lstrip()
            if code.rstrip().endswith(":") and rest[:1] not in (":", "=", ".", ""):
                raise _Unsupported  # a match statement: tree-sitter reads it
            if self._module_level():
                self._module_statement(i, j, indent)
            return None
        head = code.rstrip()
        if head[-1] == ":" and head.count(":") == 1:  # the usual header: no need to scan it
            colon, inline = len(head) - 1, False
        else:
            colon = _header_colon(code, keyword_end)
            inline = bool(code[colon + 1:].strip())
        condition = original[keyword_end:colon].strip() if word in ("if", "elif") else ""
        statement: _Statement
        if word in ("elif", "else", "except", "finally"):
            if last is None or last.indent != indent:
                raise _Unsupported
            statement = last.statement
            if word == "except" and not statement.guards:
                caught = code[keyword_end:colon]
                if caught[:1] == "*":
                    raise _Unsupported  # except*: not a clause tree-sitter's reader visits
                statement.guards = not caught.strip() or bool(_IMPORT_ERROR.search(caught))
        elif word == "with":
            clause = code[keyword_end:colon]
            statement = _Statement("with", guards="suppress" in clause
                                   and bool(_IMPORT_ERROR.search(clause)))
        else:
            statement = _Statement(word, condition)
        block = _Block(indent, word, statement, condition, self.stack[-1] if self.stack else None)
        if word in _SCOPE_KINDS:
            module_level = block.scope is None  # still the enclosing blocks' scope
            block.definition = self._definition(word, code, original, start, keyword_end, colon, i,
                                                block)
            block.scope, block.in_def = block.definition, block.in_def or word == "def"
            name = block.definition.qualname.rpartition(".")[2]
            if module_level:
                self._bind(name)
                if name == "__getattr__" and word == "def":
                    self.has_getattr = True
        if inline:  # the body on the header's line
            rest = code[colon + 1:]
            self.stack.append(block)
            body = colon + 1 + len(rest) - len(rest.lstrip())
            if block.definition is not None:
                block.definition.doc = self._inline_docstring(code, original, body)
            if _KEYWORD.match(rest.lstrip()) is not None:
                if not re.match(r"(?:import|from)\b", rest.lstrip()):
                    raise _Unsupported  # a compound statement cannot follow a header's colon
                self._import(code, original, body, i + code.count("\n", 0, body))
            elif self._module_level():
                self._simple(code, original, body, i + code.count("\n", 0, body))
            self.stack.pop()
            if block.definition is not None:
                block.definition.end = j - 1
            self.inline, self.inline_end = block, j
            return None
        return block

    def _definition(self, word: str, code: str, original: str, start: int, keyword_end: int,
                    colon: int, i: int, block: _Block) -> _Found:
        match = _NAME.match(code, keyword_end)
        if match is None:
            raise _Unsupported
        name = match.group(1)
        at = match.end()
        if code[at:at + 1] == "[":  # type parameters
            at = _closing(code, at) + 1
            while code[at:at + 1].isspace():
                at += 1
        parent = block.scope  # the innermost enclosing def/class: its qualname is this one's prefix
        if word == "class":
            signature = ""
            if code[at:at + 1] == "(":
                signature = " ".join(original[at:_closing(code, at) + 1].split())
            kind = "class"
        else:
            if code[at:at + 1] != "(":
                raise _Unsupported
            close = _closing(code, at)
            signature = " ".join(original[at:close + 1].split())
            after = code[close + 1:colon]
            if after.strip():
                if not after.lstrip().startswith("->"):
                    raise _Unsupported
                arrow = close + 1 + after.index("->")
                returns = _LEADING_SPACE.sub("", original[arrow + 2:colon]).rstrip()
                signature = f"{signature} -> {returns}"
            kind = "method" if parent else "function"
        definition = _Found(f"{parent.qualname}.{name}" if parent else name, kind, i, signature,
                            block.in_def)
        self.definitions.append(definition)
        return definition

    def _docstring(self, i: int, j: int, indent: int) -> str:
        code, original = self._logical(i, j)
        return self._inline_docstring(code, original, indent)

    def _inline_docstring(self, code: str, original: str, at: int) -> str:
        """The docstring's first line when the statement at ``at`` is a lone string literal, else
        ""."""
        match = _STRING_AT.match(original, at)
        if match is None or code[match.end():].strip():
            return ""
        prefix, literal = match.group(1), match.group(2)
        if prefix.lower().strip("rbu"):
            raise _Unsupported  # an f-string (or t-string) docstring
        content = _string_value(prefix, literal) or ""
        for line in content.strip().splitlines():
            return line.strip()
        return ""

    def _import(self, code: str, original: str, start: int, line: int, lazy: bool = False) -> None:
        end = len(code.rstrip())
        text = original[start:end].split("\n", 1)[0].strip()
        if lazy:
            text = f"lazy {text}"
        statement = _BACKSLASH.sub(" ", code[start:end])
        context = tuple(self.stack)
        module_level = self._module_level()
        if statement.startswith("import"):
            match = _IMPORT.fullmatch(statement)
            if match is None:
                raise _Unsupported
            for part in match.group(1).split(","):
                aliased = _ALIASED.fullmatch(part.strip())
                if aliased is None:
                    raise _Unsupported
                name, alias = aliased.group(1), aliased.group(2)
                self.imports.append((line + 1, name, 0, (), alias, False, text, context, lazy))
                if module_level:
                    self._bind(alias or name.split(".")[0], imported=alias != name)
            return
        match = _FROM.fullmatch(statement)
        if match is None:
            raise _Unsupported
        if match.group(2) == "__future__" and not match.group(1):
            return  # tree-sitter's future_import_statement: a compiler directive, not an import
        dots, module, names_text = match.group(1), match.group(2) or "", match.group(3).strip()
        names: tuple[tuple[str, str | None], ...]
        if names_text == "*":
            names = (("*", None),)
        else:
            if names_text.startswith("("):
                if not names_text.endswith(")"):
                    raise _Unsupported
                names_text = names_text[1:-1]
            pairs = []
            for part in names_text.split(","):
                if not part.strip():
                    continue
                aliased = _ALIASED.fullmatch(part.strip())
                if aliased is None:
                    raise _Unsupported
                pairs.append((aliased.group(1), aliased.group(2)))
                if module_level:
                    self._bind(aliased.group(2) or aliased.group(1),
                               imported=aliased.group(2) != aliased.group(1))
            names = tuple(pairs)
        self.imports.append((line + 1, module, len(dots), names, None, True, text, context, lazy))

    def _module_statement(self, i: int, j: int, indent: int) -> None:
        code, original = self._logical(i, j)
        self._simple(code, original, indent, i)

    def _simple(self, code: str, original: str, start: int, line: int) -> None:
        """Names a module-level simple statement binds, and what it does to ``__all__``."""
        end = len(code.rstrip())
        statement = code[start:end]
        head = _IDENTIFIER.match(statement)
        if head is not None and head.group() in _KEYWORDS:
            return
        if statement.startswith("__all__"):
            if _AUGMENTED_ALL.match(statement):
                self._extend_all(_literal_strings(original[start + statement.index("=") + 1:end]))
                return
            call = _ALL_CALL.match(statement)
            if call is not None:
                open_at = start + call.end() - 1
                if _closing(code, open_at) == end - 1:
                    argument = original[open_at + 1:end - 1]
                    parts = _split_top(code[open_at + 1:end - 1])
                    if len(parts) != 1 or not parts[0].strip():
                        self._extend_all(None)
                    elif call.group(1) == "extend":
                        self._extend_all(_literal_strings(argument))
                    else:
                        single = _STRING_AT.fullmatch(argument.strip())
                        value = (None if single is None
                                 else _string_value(single.group(1), single.group(2)))
                        self._extend_all(None if value is None else [value])
                return
        if statement.startswith("type"):
            alias = _TYPE_ALIAS.match(statement)
            if alias is not None:
                self._bind(alias.group(1))
                return
        targets: list[list[str]] = []  # of each ``=`` of a chain: ``a = b = value``
        value_at = target_at = 0
        for match in _outside_brackets(_ASSIGN_TOKEN, statement):
            token = match.group()
            if token == ":" and not targets:  # annotated: ``x: T`` or ``x: T = value``
                targets.append(_targets(statement[:match.start()]))
                value_at = statement.find("=", match.start()) + 1
                break
            if token == "=":
                targets.append(_targets(statement[target_at:match.start()]))
                value_at = target_at = match.end()
                if not _chained(statement, value_at):
                    break  # the usual case: no need to walk the value token by token
            elif token != ",":  # a lambda, or the colon of one
                break
        value = (original[start + value_at:end]
                 if value_at and code[start + value_at:end].strip() else "")
        for names in targets:
            for name in names:
                self._bind(name)
            if names == ["__all__"]:  # no value (``__all__: list``): not a literal one
                self.all_names = _literal_strings(value) if value else None
                self.all_dynamic = self.all_names is None
            elif names == ["__lazy_modules__"]:
                self.lazy_modules.append((line + 1, _literal_strings(value) if value else None))
            elif binds_getattr_hook(names, value):
                self.has_getattr = True

    # -- facts -------------------------------------------------------------------------------------

    def facts(self, data: bytes) -> ModuleFacts:
        self.run()
        kinds: dict[tuple[_Block, ...], ImportKind] = {}  # imports in one block share its kind
        for *_, context, _lazy in self.imports:
            if context not in kinds:
                kinds[context] = classify(_frames(context))
        imports = []
        for line, module, level, names, alias, is_from, text, context, lazy in self.imports:
            kind = kinds[context]
            deferred = lazy and kind is not lazy_kind(kind)
            imports.append(RawImport(line, module, level, names, alias,
                                     lazy_kind(kind) if lazy else kind, is_from, text, deferred))
        hashes = LineHashes(data)
        definitions = [hashes.definition(d.qualname, d.kind, d.start, d.end, d.signature, d.doc)
                       for d in self.definitions if not d.inside_function]
        return module_facts(data, doc=self.doc, definitions=definitions, bound_names=self.bound,
                            all_names=self.all_names, all_dynamic=self.all_dynamic, imports=imports,
                            problems=(), has_getattr=self.has_getattr,
                            imported_names=[n for n in self.imported if n not in self.own],
                            lazy_modules=self.lazy_modules)


def scan_facts(data: bytes) -> ModuleFacts | None:
    """Facts of a file known to be valid Python, or None when it uses something this reader leaves
    to tree-sitter (or its bytes need decoding repairs, which tree-sitter's path reports)."""
    decoded, problems = decode(data)
    if problems:
        return None
    text = decoded.decode("utf-8")
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    try:
        return _Scanner(text).facts(decoded)
    except (_Unsupported, RecursionError):
        return None
