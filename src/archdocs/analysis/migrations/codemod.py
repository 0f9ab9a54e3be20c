"""Rewrite old imports in users' code to the new paths of a migration map, with LibCST.

LibCST keeps every byte it is not asked to change (comments, parentheses, blank lines), which is
what a codemod that people run on their own code must do. Handled: ``import a.b``, ``import a.b as
c``, ``from a import b`` (names and submodules, aliased or not, on one line or parenthesised over
several), and attribute uses ``a.b.Name`` / ``c.Name`` of imported modules. Relative imports are
left alone (they belong to the package that moved, not to its users). Running twice changes nothing
the second time: every path goes to the end of its chain in the map (``a → b, b → c``: ``c``).

Files are rewritten byte for byte: LibCST reads the bytes itself (BOM, PEP 263 encoding, line
endings per line, final newline) and a file it would not give back unchanged is left alone. The
new bytes replace the old ones atomically (:mod:`archdocs.atomic`); a file that cannot be read,
parsed or written is a problem entry and every other file is still rewritten.
"""

from __future__ import annotations

import io
import os
import stat
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import libcst as cst
import libcst.metadata

from archdocs.analysis.migrations.model import ImportPath, MapCycleError, MigrationMap
from archdocs.atomic import replace_file
from archdocs.model import Problem
from archdocs.reading.sources import Selection, list_directory


@dataclass(frozen=True)
class Change:
    """One use of an old path: rewritten to ``new``, or (``new == ""``) removed with no
    replacement."""

    line: int
    old: str
    new: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.old} → {self.new or '(removed: no replacement)'}"


@dataclass(frozen=True)
class Rewrite:
    """A file that uses old paths: its bytes as read, its rewritten bytes, what changed, and the
    file's identity when read (a file edited since is not overwritten)."""

    path: str
    original: bytes
    rewritten: bytes
    encoding: str
    changes: tuple[Change, ...]
    stamp: tuple[int, int, int]  #: inode, size, mtime (ns) when read

    @property
    def before(self) -> str:
        return self.original.decode(self.encoding)

    @property
    def after(self) -> str:
        return self.rewritten.decode(self.encoding)


def dotted(node: cst.BaseExpression | None) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def chain(text: str) -> cst.Name | cst.Attribute:
    """The expression node for a dotted name."""
    parts = text.split(".")
    node: cst.Name | cst.Attribute = cst.Name(parts[0])
    for part in parts[1:]:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


class Targets:
    """Where old modules and names go, as the codemod needs it: one target each, or none."""

    def __init__(self, migrations: MigrationMap) -> None:
        self.migrations = migrations

    def module(self, module: str) -> str | None:
        """New path of a module that moved as a whole (or whose parent package did)."""
        found = self.migrations.final(ImportPath(module))
        return found.module if found else None

    def removed(self, dotted: str, module: str = "", name: str = "") -> bool:
        """True when the map says this module (or ``module.name``) is gone with no replacement."""
        entry = self.migrations.get(ImportPath(module, name) if name else ImportPath(dotted))
        return entry is not None and not entry.new

    def name(self, module: str, name: str) -> ImportPath | None:
        return self.migrations.final(ImportPath(module, name))


def _alias_name(alias: cst.ImportAlias) -> str | None:
    return dotted(alias.name)


def _local(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


class _Bindings(cst.CSTVisitor):
    """Local names bound to modules by import statements: ``{"a.b": "a.b", "c": "a.b"}``."""

    def __init__(self) -> None:
        self.modules: dict[str, tuple[str, bool]] = {}  # local dotted → (module, aliased)
        self.imported: set[str] = set()  # modules imported plainly (``import x.y``)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = _alias_name(alias)
            if name is None:
                continue
            local = _local(alias)
            self.modules[local or name] = (name, local is not None)
            if local is None:
                self.imported.add(name)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or isinstance(node.names, cst.ImportStar):
            return
        base = dotted(node.module)
        for alias in node.names:
            name = _alias_name(alias)
            if base and name:
                self.modules[_local(alias) or name] = (f"{base}.{name}", True)


class _Rewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (libcst.metadata.PositionProvider,)

    def __init__(self, targets: Targets, bindings: _Bindings) -> None:
        super().__init__()
        self.targets = targets
        self.bindings = bindings
        self.changes: list[Change] = []
        self.needed: list[str] = []  # modules to ``import`` for rewritten attribute uses

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(libcst.metadata.PositionProvider, node).start.line

    # -- import a.b [as c] --------------------------------------------------------------------
    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        names = []
        for alias in updated.names:
            name = _alias_name(alias)
            new = self.targets.module(name) if name else None
            if name is not None and new is not None and new != name:
                self.changes.append(Change(self._line(original), name, new))
                alias = alias.with_changes(name=chain(new))
            elif name is not None and self.targets.removed(name):
                self.changes.append(Change(self._line(original), name, ""))
            names.append(alias)
        return updated.with_changes(names=names)

    # -- from a import b, c as d --------------------------------------------------------------
    def _destination(self, base: str, name: str) -> ImportPath | None:
        target = self.targets.name(base, name)
        if target is not None:
            return target
        moved = self.targets.module(f"{base}.{name}")  # a submodule imported by name
        if moved is not None:
            parent, _, last = moved.rpartition(".")
            return ImportPath(parent, last)
        return None

    def leave_SimpleStatementLine(
            self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.FlattenSentinel[cst.BaseStatement]:
        if len(updated.body) != 1 or not isinstance(updated.body[0], cst.ImportFrom):
            return updated
        node = updated.body[0]
        base = dotted(node.module)
        if node.relative or base is None or isinstance(node.names, cst.ImportStar):
            return updated
        groups: dict[str, list[cst.ImportAlias]] = {}
        for alias in node.names:
            name = _alias_name(alias)
            target = self._destination(base, name) if name else None
            if target is None or name is None:
                groups.setdefault(base, []).append(alias)
                if name is not None and (self.targets.removed(f"{base}.{name}", base, name)
                                         or self.targets.removed(base)):
                    self.changes.append(Change(self._line(original), f"{base}.{name}", ""))
                continue
            local = _local(alias) or name
            new_alias = alias.with_changes(name=cst.Name(target.name),
                                           asname=None if target.name == local
                                           else cst.AsName(name=cst.Name(local)))
            groups.setdefault(target.module, []).append(new_alias)
            self.changes.append(Change(self._line(original), f"{base}.{name}", target.dotted))
        if list(groups) == [base]:
            return updated
        statements: list[cst.BaseStatement] = []
        for index, (module, aliases) in enumerate(groups.items()):
            aliases = [*aliases[:-1], self._last(node, aliases[-1])]
            if index == 0:  # the original statement keeps its comments, parentheses and spacing
                statements.append(updated.with_changes(
                    body=[node.with_changes(module=chain(module), names=aliases)]))
            else:
                aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                statements.append(cst.SimpleStatementLine(
                    body=[cst.ImportFrom(module=chain(module), names=[
                        a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                        if a is not aliases[-1] else a for a in aliases])],
                    trailing_whitespace=_line_end(updated)))
        return cst.FlattenSentinel(statements)

    @staticmethod
    def _last(node: cst.ImportFrom, alias: cst.ImportAlias) -> cst.ImportAlias:
        """A name that now ends a statement: no comma outside parentheses; inside them its comma
        (and comment) stays, with the indentation of the original closing line."""
        if not node.lpar or isinstance(node.names, cst.ImportStar):
            return alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        ending = node.names[-1].comma
        comma = alias.comma
        if (isinstance(comma, cst.Comma) and isinstance(ending, cst.Comma)
                and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)
                and isinstance(ending.whitespace_after, cst.ParenthesizedWhitespace)):
            return alias.with_changes(comma=comma.with_changes(
                whitespace_after=comma.whitespace_after.with_changes(
                    last_line=ending.whitespace_after.last_line)))
        return alias

    # -- a.b.Name, c.Name -----------------------------------------------------------------------
    def leave_Attribute(self, original: cst.Attribute,
                        updated: cst.Attribute) -> cst.BaseExpression:
        text = dotted(original)
        if text is None:
            return updated
        prefix, _, name = text.rpartition(".")
        bound = self.bindings.modules.get(prefix)
        if bound is None:
            return updated
        module, aliased = bound
        target = self.targets.name(module, name)
        if target is None:
            return updated
        moved_module = self.targets.module(module)
        if moved_module is not None and target.name == name:
            if aliased:
                # ``import old as c`` became ``import new as c``: ``c.Name`` still works
                return updated
            new = f"{moved_module}.{name}"  # through the rewritten ``import new``: no import to add
        else:
            new = target.dotted
            if target.module not in self.bindings.imported:
                self.needed.append(target.module)
        self.changes.append(Change(self._line(original), text, new))
        return chain(new)

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        needed = list(dict.fromkeys(self.needed))
        if not needed:
            return updated
        body = list(updated.body)
        at = 0  # after the docstring, __future__ imports and the leading imports
        for index, statement in enumerate(body):
            if isinstance(statement, cst.SimpleStatementLine) and all(
                    isinstance(s, cst.Import | cst.ImportFrom) or (
                        index == 0 and isinstance(s, cst.Expr)
                        and isinstance(s.value, cst.SimpleString))
                    for s in statement.body):
                at = index + 1
            else:
                break
        end = _line_end(body[at - 1]) if at else cst.TrailingWhitespace()
        lines = [cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=chain(m))])],
                                         trailing_whitespace=end) for m in needed]
        return updated.with_changes(body=[*body[:at], *lines, *body[at:]])


def _line_end(statement: cst.BaseStatement) -> cst.TrailingWhitespace:
    """The line ending of ``statement`` (CR LF or LF, as the file has it there) for a line added
    after it: a file with mixed endings keeps each line's own."""
    if isinstance(statement, cst.SimpleStatementLine):
        return cst.TrailingWhitespace(newline=statement.trailing_whitespace.newline)
    return cst.TrailingWhitespace()


def _transform(module: cst.Module, migrations: MigrationMap) -> tuple[cst.Module, list[Change]]:
    bindings = _Bindings()
    module.visit(bindings)
    wrapper = libcst.metadata.MetadataWrapper(module, unsafe_skip_copy=True)
    rewriter = _Rewriter(Targets(migrations), bindings)
    return wrapper.visit(rewriter), rewriter.changes


def rewrite_source(code: str, migrations: MigrationMap) -> tuple[str, list[Change]]:
    """The rewritten code and what changed. Raises :class:`libcst.ParserSyntaxError` for code
    LibCST cannot parse (the caller reports it and leaves the file alone)."""
    result, changes = _transform(cst.parse_module(code), migrations.closed())
    return result.code, changes


#: Folders are listed with the analysis's rules (no virtual environments, ``site-packages``,
#: hidden, tool or top-level build folders), tests included and every folder an import root.
EVERY_MODULE = Selection(include_tests=True, roots=(".",))
#: Listing problems that only say a file is not a module; the codemod passes over such files.
NOT_MODULES = frozenset({"name", "shadowed", "suspicious"})


def python_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """The files to rewrite under ``paths`` (files or folders), each once, and the ones left out:
    a symbolic link is never written through (one to a file the walk finds anyway is left out
    silently; one leading elsewhere, such as outside the folder, is listed)."""
    files: dict[str, Path] = {}  # by real path: a file named twice is rewritten once
    links: list[tuple[Path, Path | None]] = []  # (link, folder it was found in; None: named)
    problems: list[Problem] = []
    for path in map(Path, paths):
        if path.is_symlink():
            links.append((path, None))
        elif path.is_dir():
            found, _, trouble, base, _ = list_directory(path, EVERY_MODULE)
            # files no import can name (scripts, shadowed module files) are left out as the
            # manual says: name them on the command line to rewrite them
            problems += (replace(p, path=str(base / p.path)) for p in trouble
                         if p.code not in NOT_MODULES)
            for source in sorted(str(f.abspath) for f in found):
                if os.path.islink(source):
                    links.append((Path(source), path))
                else:
                    files.setdefault(os.path.realpath(source), Path(source))
        elif path.exists():
            files.setdefault(os.path.realpath(path), path)
        else:
            problems.append(Problem(str(path), 0, "no such file or folder", "read"))
    for link, tree in links:
        target = os.path.realpath(link)
        if target in files:
            continue  # its target is rewritten as itself
        if tree is None:
            where = f"{target} (name what it points to, to rewrite it)"
        elif target.startswith(os.path.join(os.path.realpath(tree), "")):
            where = f"{target}, a file the walk of {tree} leaves out"
        else:
            where = f"{target}, outside {tree}"
        problems.append(Problem(str(link), 0, f"symbolic link to {where}; not written through, "
                                "left unchanged", "symlink"))
    return list(files.values()), problems


def _read(path: Path) -> tuple[bytes, tuple[int, int, int]]:
    """A regular file's bytes and identity; never opens a FIFO or device, nor follows a link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(0, "not a regular file")
        with open(fd, "rb", closefd=False) as stream:
            return stream.read(), (info.st_ino, info.st_size, info.st_mtime_ns)
    finally:
        os.close(fd)


def _encoding(path: Path, data: bytes) -> tuple[str, Problem | None]:
    """The file's encoding (BOM, PEP 263 cookie, else UTF-8), or the located reason it has none."""
    try:
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        data.decode(encoding)
    except SyntaxError as exc:  # an unknown cookie, or one that contradicts the BOM
        line = 1 if b"coding" in data.split(b"\n", 1)[0] else 2  # a cookie is on line 1 or 2
        return "", Problem(str(path), line, f"cannot decode, left unchanged: {exc.msg}", "decode")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return "", Problem(str(path), line, f"cannot decode as {encoding}, left unchanged: byte "
                           f"0x{data[exc.start]:02x} is not {encoding}", "decode")
    return encoding, None


def _code_part(data: bytes) -> bytes:
    """``data`` up to its last line of code, for a file LibCST does not give back whole: the blank
    and comment lines after it, where LibCST 1.9 drops a blank line (``x⏎⏎  # c⏎`` comes back as
    ``x⏎  # c⏎``), are kept aside (no import lives there). ``data`` itself when Python's
    tokenizer cannot read it."""
    trailing = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                tokenize.ENDMARKER, tokenize.ENCODING}
    last = 0
    try:
        for token in tokenize.tokenize(io.BytesIO(data).readline):
            if token.type not in trailing:
                last = token.end[0]
    except (tokenize.TokenError, SyntaxError):
        return data
    return b"".join(io.BytesIO(data).readlines()[:last])


def rewrite_file(path: Path, migrations: MigrationMap) -> Rewrite | Problem | None:
    """What rewriting one file would give (None: it uses no old path), or why it stays as it is."""
    try:
        data, stamp = _read(path)
    except OSError as exc:
        return Problem(str(path), 0, f"cannot read, left unchanged: {exc.strerror or exc}", "read")
    encoding, problem = _encoding(path, data)
    if problem is not None:
        return problem
    try:
        rewritten, changes = _rewrite_bytes(data, migrations)
    except cst.ParserSyntaxError as exc:
        return Problem(str(path), exc.raw_line, f"cannot parse, left unchanged: {exc.message}",
                       "parse")
    except MapCycleError as exc:
        return Problem(str(path), 0, f"left unchanged: {exc}", "map")
    except UnicodeEncodeError as exc:
        return Problem(str(path), 0, f"left unchanged: a new path cannot be written in {encoding} "
                       f"({exc.object[exc.start:exc.end]!r})", "encode")
    except _Unfaithful:
        return Problem(str(path), 0, "left unchanged: LibCST would not give back every byte of "
                       "this file (rewrite its imports by hand)", "parse")
    return Rewrite(str(path), data, rewritten, encoding, tuple(changes), stamp) if changes else None


class _Unfaithful(Exception):
    """LibCST would not give back the bytes it read: writing its output could change more than
    the imports."""


def _rewrite_bytes(data: bytes, migrations: MigrationMap) -> tuple[bytes, list[Change]]:
    """The file's new bytes (in its own encoding) and what changed; only the imports differ."""
    module = cst.parse_module(data)
    result, changes = _transform(module, migrations)
    if not any(change.new for change in changes):
        return data, changes  # nothing to rewrite (at most uses of removed paths to report)
    if module.bytes == data:
        return result.bytes, changes
    body = _code_part(data)
    if body != data:
        try:
            module = cst.parse_module(body)
        except cst.ParserSyntaxError:
            raise _Unfaithful from None
        result, changes = _transform(module, migrations)
        if module.bytes == body:
            return result.bytes + data[len(body):], changes
    raise _Unfaithful


def rewrite_files(paths: Sequence[str | Path],
                  migrations: MigrationMap) -> tuple[list[Rewrite], list[Problem]]:
    """Rewrites for every Python file under ``paths`` that uses an old path (uses of removed paths
    are listed but left as they are); files that cannot be read or parsed are problems and stay
    untouched. Nothing is written (see :func:`write_rewrites`). A map whose entries lead back to
    each other is one problem, and nothing is rewritten."""
    try:
        closed = migrations.closed()
    except MapCycleError as exc:
        where = exc.entries[0].where
        source, _, line = where.rpartition(":") if where else (migrations.label, "", "0")
        return [], [Problem(source, int(line or 0), str(exc), "map")]
    files, problems = python_files(paths)
    rewrites: list[Rewrite] = []
    for path in files:
        outcome = rewrite_file(path, closed)
        if isinstance(outcome, Problem):
            problems.append(outcome)
        elif outcome is not None:
            rewrites.append(outcome)
    return rewrites, problems


def write_rewrites(rewrites: Iterable[Rewrite]) -> tuple[list[Rewrite], list[Problem]]:
    """Write every rewrite whose bytes differ, each atomically; a file that cannot be written, or
    that changed since it was read, is a problem and keeps its old bytes, and the others are
    still written. Returns (written, problems)."""
    written: list[Rewrite] = []
    problems: list[Problem] = []
    for rewrite in rewrites:
        if rewrite.rewritten == rewrite.original:
            continue
        try:
            info = os.lstat(rewrite.path)
            if (info.st_ino, info.st_size, info.st_mtime_ns) != rewrite.stamp:
                problems.append(Problem(rewrite.path, 0, "changed since it was read; left "
                                        "unchanged (run again)", "write"))
                continue
            replace_file(rewrite.path, rewrite.rewritten)
        except OSError as exc:
            problems.append(Problem(rewrite.path, 0, "cannot write, left unchanged: "
                                    f"{exc.strerror or exc}", "write"))
            continue
        written.append(rewrite)
    return written, problems
