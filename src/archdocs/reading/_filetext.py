"""What both readers take from a file's bytes besides its statements — the decoding, line counts,
the line hashes behind definition shapes, the dotted names a module ``__getattr__`` may serve —
and the :class:`~archdocs.model.ModuleFacts` they both end with (:func:`module_facts`).

Kept apart from the readers (tree-sitter's :mod:`archdocs.reading._treesitter`, the fast
:mod:`archdocs.reading.fast._reader`) so that neither imports the other's internals and the two
cannot drift apart on these facts.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

from archdocs.model import Definition, ImportKind, ModuleFacts, RawImport

_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
# A line holding code, found by the newline before it (a literal first character lets the regex
# engine skip ahead, where ``^`` with MULTILINE tries every position): twice as fast on 40 MB.
_CODE_LINE = re.compile(rb"\n[ \t\f\r]*(?=[^ \t\f\r\n#])")
_CODE_FIRST_LINE = re.compile(rb"[ \t\f\r]*[^ \t\f\r\n#]")
_HASH_LINE = re.compile(rb"(?:^|\n)[ \t\f\r]*#")
_HASH_LINE_INSIDE = re.compile(rb"\n[ \t\f\r]*#")
# Strings as the fast reader's lexer finds them (archdocs.reading.fast._reader._LEX: leftmost
# token, triple quotes first, a quote that opens no string alone), one match per string that may
# span lines: the rest (code, comments, one-line strings that cannot open three quotes) is skipped
# inside the match.
_STRING_BYTES = (rb'"""(?:[^"\\]++|\\.|"(?!""))*+"""|\'\'\'(?:[^\'\\]++|\\.|\'(?!\'\'))*+\'\'\''
                 rb'|"(?:[^"\\\n]++|\\.)*+"|\'(?:[^\'\\\n]++|\\.)*+\'')
_SPANNING_STRING = re.compile(
    rb'(?:[^"\'#]++|#[^\n]*+|"(?!"")(?:[^"\\\n]++|\\[^\n])*+"|\'(?!\'\')(?:[^\'\\\n]++|\\[^\n])*+\')*+'
    rb"(?:(" + _STRING_BYTES + rb")|[\"']|\Z)", re.DOTALL)
_QUOTED = re.compile(r"[\"']([\w.]+)[\"']")
_DOTTED = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")


def decode(data: bytes) -> tuple[bytes, list[tuple[int, str]]]:
    """UTF-8 bytes, honouring a BOM and a PEP 263 coding cookie, and the repairs it took (line,
    reason)."""
    problems: list[tuple[int, str]] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\0" in data:
        problems.append((data[: data.index(b"\0")].count(b"\n") + 1, "file contains NUL bytes"))
        data = data.replace(b"\0", b" ")
    encoding = "utf-8"
    for first_line in data.split(b"\n", 2)[:2]:
        match = _CODING.match(first_line)
        if match:
            encoding = match.group(1).decode("ascii", "replace")
            break
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        try:
            data.decode("utf-8")
            return data, problems
        except UnicodeDecodeError as exc:
            at = data[: exc.start].count(b"\n") + 1
            problems.append((at,
                             f"bytes are not valid UTF-8 ({exc.reason}); read with replacements"))
            return data.decode("utf-8", "replace").encode("utf-8"), problems
    try:
        return data.decode(encoding).encode("utf-8"), problems
    except (LookupError, UnicodeDecodeError) as exc:
        problems.append((1, f"cannot decode as declared encoding {encoding!r}: {exc}"))
        return data.decode("utf-8", "replace").encode("utf-8"), problems


def _line_counts(data: bytes) -> tuple[int, int]:
    """Physical lines, and lines that are neither blank nor only a comment (counted in C by a
    regex); a line inside a string (a docstring's) is code even when it starts with ``#``."""
    lines = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    code = len(_CODE_LINE.findall(data)) + (_CODE_FIRST_LINE.match(data) is not None)
    # only three quotes or a backslash before a newline let a string span lines
    if (b'"""' in data or b"\'\'\'" in data or b"\\\n" in data) and _HASH_LINE.search(data):
        for match in _SPANNING_STRING.finditer(data):
            if match.start(1) >= 0:
                code += len(_HASH_LINE_INSIDE.findall(data, match.start(1), match.end(1)))
    return lines, code


class LineHashes:
    """crc32 of each stripped source line, computed once per file and only if a shape is needed."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._hashes: list[int] | None = None

    def definition(self, qualname: str, kind: str, start: int, end: int, signature: str,
                   doc: str) -> Definition:
        """A definition on 0-based lines ``start``..``end``. Methods move with their class: no
        shape, and no page shows their docs."""
        if kind == "method":
            return Definition(qualname, kind, start + 1, end + 1, signature, "", ())
        return Definition(qualname, kind, start + 1, end + 1, signature, doc,
                          self.shape(start, end))

    def shape(self, start: int, end: int) -> tuple[int, ...]:
        """Hashes of the distinct non-blank lines of a definition's body, for similarity
        matching."""
        if self._hashes is None:
            self._hashes = line_hashes(self._data)
        seen = set(self._hashes[start + 1: end + 1])
        seen.discard(-1)
        return tuple(sorted(seen))


def _line_hashes(data: bytes) -> list[int]:
    """crc32 of each line (split at ``\\n``) stripped, -1 for a blank line."""
    return [zlib.crc32(s) if (s := ln.strip()) else -1 for ln in data.split(b"\n")]


try:  # the same two functions in C (archdocs/reading/_lex.c), built when the install had a compiler
    # "as" re-exports them (callers import them from here, C or Python alike)
    from archdocs.reading._lex import line_counts as line_counts
    from archdocs.reading._lex import line_hashes as line_hashes
except ImportError:
    line_counts, line_hashes = _line_counts, _line_hashes


_FACTORY_CALL = re.compile(r"\s*[A-Za-z_][\w.]*\s*\(")


class ModuleBindings:
    """What both readers collect at module level: bound names, a literal ``__all__``,
    ``__lazy_modules__`` and a PEP 562 hook."""

    def __init__(self) -> None:
        self.bound: dict[str, None] = {}
        self.imported: dict[str, None] = {}  #: bound by an import that is not an explicit re-export
        self.own: set[str] = set()  #: bound by a def, class, assignment or ``y as y`` import
        #: (line, module names or None when not literal) of each ``__lazy_modules__ = ...``
        self.lazy_modules: list[tuple[int, list[str] | None]] = []
        self.all_names: list[str] | None = None
        self.all_dynamic = False
        self.has_getattr = False  #: a module-level ``def __getattr__`` or one a factory made

    def _extend_all(self, strings: list[str] | None) -> None:
        if strings is None:
            self.all_dynamic = True
        else:
            self.all_names = [*(self.all_names or []), *strings]

    def _bind(self, name: str, imported: bool = False) -> None:
        self.bound[name] = None
        if imported:
            self.imported[name] = None
        else:
            self.own.add(name)


def binds_getattr_hook(names: list[str], value: str) -> bool:
    """A module-level ``__getattr__ = forward("pkg.new")`` (or ``__getattr__, __dir__, __all__ =
    lazy.attach(...)``): a PEP 562 hook a factory call made; like a ``def __getattr__``, the old
    names it serves still resolve, and the file's dotted strings are what it may import."""
    return "__getattr__" in names and _FACTORY_CALL.match(value) is not None \
        and value.rstrip().endswith(")")


def dotted_strings(text: str) -> tuple[str, ...]:
    """Quoted dotted names anywhere in a file (``"pkg.mod"``): the modules a module-level
    ``__getattr__`` may import on demand, sorted."""
    return tuple(sorted({s for s in _QUOTED.findall(text) if _DOTTED.match(s)}))


def module_facts(data: bytes, *, doc: str, definitions: Iterable[Definition],
                 bound_names: Iterable[str], all_names: list[str] | None, all_dynamic: bool,
                 imports: Iterable[RawImport], problems: Iterable[tuple[int, str]],
                 has_getattr: bool, imported_names: Iterable[str],
                 lazy_modules: list[tuple[int, list[str] | None]]) -> ModuleFacts:
    """The facts of a file (UTF-8 ``data``) from what a reader found in its statements, in the
    order and form both readers give them. ``lazy_modules``: (line, literal names or None) of each
    module-level ``__lazy_modules__ = ...``."""
    lines, code_lines = line_counts(data)
    if lazy_modules:
        imports = _listed_lazy(imports, lazy_modules)
    return ModuleFacts(
        lines=lines,
        code_lines=code_lines,
        doc=doc,
        definitions=tuple(sorted(definitions, key=lambda d: (d.line, d.qualname))),
        bound_names=tuple(bound_names),
        # a partly computed ``__all__`` is not a literal one: public names then come from bindings
        all_names=None if all_names is None or all_dynamic else tuple(dict.fromkeys(all_names)),
        imports=tuple(sorted(imports, key=lambda i: (i.line, i.module, i.level))),
        problems=tuple(sorted(set(problems))),
        warns_deprecation=b"DeprecationWarning" in data or b"FutureWarning" in data,
        has_getattr=has_getattr,
        getattr_targets=dotted_strings(data.decode("utf-8", "replace")) if has_getattr else (),
        imported_names=tuple(imported_names),
    )


def _listed_lazy(imports: Iterable[RawImport],
                 assignments: list[tuple[int, list[str] | None]]) -> list[RawImport]:
    """PEP 810's ``__lazy_modules__``: an import that would run when the module is imported, at
    module level outside try and with blocks (a runtime one), of a module named in the list the
    module last assigned before it (``import a.b`` and ``from a.b import c`` name ``a.b``;
    relative imports name none), is lazy: it runs on first use of the name it binds."""
    out = []
    for raw in imports:
        listed: list[str] | None = None
        for line, names in assignments:
            if line < raw.line:
                listed = names
        if raw.kind is ImportKind.RUNTIME and not raw.level and listed and raw.module in listed:
            raw = RawImport(raw.line, raw.module, raw.level, raw.names, raw.alias, ImportKind.LAZY,
                            raw.is_from, raw.text, deferred=True)
        out.append(raw)
    return out
