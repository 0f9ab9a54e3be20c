"""TOML files that remember where things are, so every config error can say ``file:line``.

:mod:`tomllib` gives values but no positions; :class:`TomlFile` adds a line index of table headers
and keys (``[plan]``, ``[[plan.move]]``, ``key = …``) found by a light scan of the text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archdocs.model import Problem

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")


class TomlError(Exception):
    """A TOML file that cannot be used at all; carries the :class:`Problem` to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class TomlFile:
    path: str  #: as given, for messages
    data: dict[str, Any]
    #: (table path, array index or -1, key or "") → line; arrays of tables count from 0
    lines: dict[tuple[str, int, str], int] = field(default_factory=dict)

    @classmethod
    def read(cls, path: str | Path) -> TomlFile:
        """The file at ``path``; TomlError when it is missing, unreadable, not UTF-8 or not TOML."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            why = "not found" if isinstance(exc, FileNotFoundError) else exc.strerror
            raise TomlError(Problem(str(path), 0, f"cannot read: {why}", "config")) from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise TomlError(Problem(str(path), line,
                                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                                    "TOML files are UTF-8: save it as UTF-8", "config")) from None
        return cls.parse(text, str(path))

    @classmethod
    def parse(cls, text: str, path: str) -> TomlFile:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            at = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
            raise TomlError(Problem(path, at, f"not valid TOML: {exc}", "config")) from None
        result = cls(path, data)
        table, index = "", -1
        counts: dict[str, int] = {}
        for number, line in enumerate(text.splitlines(), 1):
            header = _HEADER.match(line)
            if header:
                table = header.group(2).replace(" ", "")
                if header.group(1) == "[[":
                    index = counts.get(table, -1) + 1
                    counts[table] = index
                else:
                    index = -1
                result.lines.setdefault((table, index, ""), number)
                continue
            key = _KEY.match(line)
            if key:
                result.lines.setdefault((table, index, key.group(1).strip("\"'")), number)
        return result

    def line_of(self, table: str, index: int = -1, key: str = "") -> int:
        """Line of ``key`` in ``table`` (entry ``index`` of an array of tables), else of the
        table."""
        return self.lines.get((table, index, key)) or self.lines.get((table, index, ""), 0)

    def problem(self, message: str, table: str = "", index: int = -1, key: str = "",
                code: str = "config") -> Problem:
        return Problem(self.path, self.line_of(table, index, key), message, code)

    # --- shape, for the reader (archdocs.config.reader) and import-linter's tables ------------

    def tables(self, name: str, value: Any, problems: list[Problem],
               line: int) -> list[dict[str, Any]]:
        """``value`` as the array of tables ``[[name]]`` ([] when None); a problem at ``line``,
        and [], for anything else (``name = 5``, a list of strings)."""
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return value
        problems.append(Problem(self.path, line, f"{name} must be an array of tables: write "
                                f"[[{name}]]", "config"))
        return []
