"""import-linter's module expressions: ``*`` stands for one name, ``**`` for one or more
(``pkg.*.models``, ``pkg.**``); anything else is a module name matched as written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


def is_wildcard(expression: str) -> bool:
    return "*" in expression


@lru_cache(maxsize=1024)
def _compiled(expression: str) -> re.Pattern[str]:
    parts = []
    for part in expression.split("."):
        if part == "**":
            parts.append(r"[^.]+(?:\.[^.]+)*")
        elif part == "*":
            parts.append(r"[^.]+")
        else:
            parts.append(re.escape(part))
    return re.compile(r"\.".join(parts) + r"\Z")


def valid(expression: str) -> bool:
    """A wildcard replaces a whole name (``pkg.foo*`` is not an expression); no name is empty."""
    parts = expression.split(".")
    return all(p and ("*" not in p or p in ("*", "**")) for p in parts)


def matches(expression: str, name: str) -> bool:
    if not is_wildcard(expression):
        return expression == name
    return _compiled(expression).match(name) is not None


def expand(expressions: Iterable[str], names: Iterable[str]) -> set[str]:
    """The names an expression denotes: itself when it has no wildcard (present or not, so that
    its absence can be reported), else every matching name."""
    pool = list(names)
    found: set[str] = set()
    for expression in expressions:
        if is_wildcard(expression):
            found.update(n for n in pool if matches(expression, n))
        else:
            found.add(expression)
    return found


def within(name: str, package: str) -> bool:
    """``name`` is ``package`` or below it."""
    return name == package or name.startswith(package + ".")
