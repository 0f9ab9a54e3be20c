"""Rewrite old imports in users' code to the new paths of a migration map, with LibCST.

LibCST keeps every byte it is not asked to change (comments, parentheses, blank lines), which is
what a codemod that people run on their own code must do. Handled: ``import a.b``, ``import a.b as
c``, ``from a import b`` (names and submodules, aliased or not, on one line or parenthesised over
several), and attribute uses ``a.b.Name`` / ``c.Name`` of imported modules. Relative imports are
left alone (they belong to the package that moved, not to its users). Running twice changes nothing
the second time: every rewritten path is a new one, which the map does not list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
import libcst.metadata

from archdocs.migrations.model import ImportPath, MigrationMap
from archdocs.model import Problem


@dataclass(frozen=True)
class Change:
    """One use of an old path: rewritten to ``new``, or (``new == ""``) removed with no replacement."""

    line: int
    old: str
    new: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.old} → {self.new or '(removed: no replacement)'}"


@dataclass(frozen=True)
class Rewrite:
    path: str
    before: str
    after: str
    changes: tuple[Change, ...]


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
        entry = self.migrations.lookup(module)
        if entry is None or entry.old.name or len(entry.new) != 1 or entry.change == "removed":
            return None
        return entry.new[0].module + module[len(entry.old.module):]

    def removed(self, dotted: str, module: str = "", name: str = "") -> bool:
        """True when the map says this module (or ``module.name``) is gone with no replacement."""
        entry = self.migrations.get(ImportPath(module, name) if name else ImportPath(dotted))
        return entry is not None and not entry.new

    def name(self, module: str, name: str) -> ImportPath | None:
        entry = self.migrations.get(ImportPath(module, name))
        if entry is not None:
            return entry.new[0] if len(entry.new) == 1 and entry.new[0].name else None
        new_module = self.module(module)
        return ImportPath(new_module, name) if new_module else None


def _alias_name(alias: cst.ImportAlias) -> str | None:
    return dotted(alias.name)  # type: ignore[arg-type]


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

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine
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
            new_alias = alias.with_changes(name=cst.Name(target.name), asname=None if target.name == local
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
                        if a is not aliases[-1] else a for a in aliases])]))
        return cst.FlattenSentinel(statements)

    @staticmethod
    def _last(node: cst.ImportFrom, alias: cst.ImportAlias) -> cst.ImportAlias:
        """A name that now ends a statement: no comma outside parentheses; inside them its comma
        (and comment) stays, with the indentation of the original closing line."""
        if not node.lpar:
            return alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        ending = node.names[-1].comma  # type: ignore[index]
        comma = alias.comma
        if (isinstance(comma, cst.Comma) and isinstance(ending, cst.Comma)
                and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)
                and isinstance(ending.whitespace_after, cst.ParenthesizedWhitespace)):
            return alias.with_changes(comma=comma.with_changes(
                whitespace_after=comma.whitespace_after.with_changes(
                    last_line=ending.whitespace_after.last_line)))
        return alias

    # -- a.b.Name, c.Name -----------------------------------------------------------------------
    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
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
                return updated  # ``import old as c`` became ``import new as c``: ``c.Name`` still works
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
                        index == 0 and isinstance(s, cst.Expr) and isinstance(s.value, cst.SimpleString))
                    for s in statement.body):
                at = index + 1
            else:
                break
        lines = [cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=chain(m))])])
                 for m in needed]
        return updated.with_changes(body=[*body[:at], *lines, *body[at:]])


def rewrite_source(code: str, migrations: MigrationMap) -> tuple[str, list[Change]]:
    """The rewritten code and what changed. Raises :class:`libcst.ParserSyntaxError` for code
    LibCST cannot parse (the caller reports it and leaves the file alone)."""
    module = cst.parse_module(code)
    bindings = _Bindings()
    module.visit(bindings)
    wrapper = libcst.metadata.MetadataWrapper(module, unsafe_skip_copy=True)
    rewriter = _Rewriter(Targets(migrations), bindings)
    result = wrapper.visit(rewriter)
    return result.code, rewriter.changes


def python_files(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for path in map(Path, paths):
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def rewrite_files(paths: Sequence[str | Path], migrations: MigrationMap) -> tuple[list[Rewrite], list[Problem]]:
    """Rewrites for every Python file under ``paths`` that uses an old path (uses of removed paths
    are listed but left as they are); files that cannot be read or parsed are problems and stay
    untouched."""
    rewrites: list[Rewrite] = []
    problems: list[Problem] = []
    for path in python_files(paths):
        try:
            before = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), 0, f"cannot read, left unchanged: {exc}", "read"))
            continue
        try:
            after, changes = rewrite_source(before, migrations)
        except cst.ParserSyntaxError as exc:
            problems.append(Problem(str(path), exc.raw_line, "cannot parse, left unchanged: "
                                    f"{exc.message}", "parse"))
            continue
        if changes:
            rewrites.append(Rewrite(str(path), before, after, tuple(changes)))
    return rewrites, problems
