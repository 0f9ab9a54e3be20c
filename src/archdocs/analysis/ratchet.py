"""The ratchet by identity: findings now against findings at a base (a git revision, or a
baseline file written earlier), matched by what they are, never by where: the import's two ends
and kind, the cycle's modules, the contract and its edge
(:attr:`~archdocs.analysis.checks.Finding.key` and ``scope``). Code moving inside a file is never a
new finding.

Each finding is *new* (it fails), *still there* (tolerated), or, for one of the base, *fixed*.
A baseline entry that matches nothing now is *stale*: it fails too, because it would let the
finding come back unnoticed; the baseline only shrinks, so a fixed finding cannot quietly return.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Required, TypedDict

from archdocs.analysis.checks import Finding, worse
from archdocs.atomic import replace_file
from archdocs.model import Problem

#: The first key of a baseline file: a file without it is not ours and is never overwritten.
MARKER = "archdocs-baseline"


class BaselineError(Exception):
    """A baseline file that cannot be used: the one-line message says why."""


@dataclass(frozen=True)
class Comparison:
    new: tuple[Finding, ...]  #: not at the base, or further beyond its budget
    still: tuple[Finding, ...]  #: at the base too
    gone: tuple[Finding, ...]  #: of the base, matched by nothing now: fixed (or stale entries)


def identity(finding: Finding) -> str:
    """A finding's name across revisions and line shifts (also its SARIF fingerprint)."""
    return finding.key + ("|" + ",".join(sorted(finding.scope)) if finding.scope else "")


def compare(current: Sequence[Finding], base: Sequence[Finding]) -> Comparison:
    new = worse(current, base)
    fresh = {id(f) for f in new}
    return Comparison(tuple(new), tuple(f for f in current if id(f) not in fresh),
                      tuple(_unmatched(base, current)))


def _unmatched(base: Sequence[Finding], current: Sequence[Finding]) -> list[Finding]:
    """Findings of ``base`` that nothing in ``current`` is: a cycle is still there while a cycle
    of its key lies within its modules; repeated keys are matched one for one."""
    left = Counter(f.key for f in current if not f.scope)
    out = []
    for finding in base:
        if finding.scope:
            if not any(c.key == finding.key and c.scope and c.scope <= finding.scope
                       for c in current):
                out.append(finding)
        elif left[finding.key] > 0:
            left[finding.key] -= 1
        else:
            out.append(finding)
    return out


def dump_baseline(findings: Sequence[Finding], shown: Sequence[Problem]) -> bytes:
    """The baseline file: identities, plus where each finding was and what it said (for people;
    matching never reads them). Sorted, so that the same findings give the same bytes."""
    entries = sorted(({"key": f.key, "scope": sorted(f.scope), "excess": f.excess,
                       "code": p.code, "path": p.path, "line": p.line, "message": p.message}
                      for f, p in zip(findings, shown, strict=True)),
                     key=lambda e: (e["key"], e["scope"], e["path"], e["line"], e["message"]))
    return (json.dumps({MARKER: 1, "findings": entries}, indent=2, ensure_ascii=False)
            + "\n").encode("utf-8")


class _Entry(TypedDict, total=False):
    """A finding of a baseline file, as :func:`_parse` has checked it."""

    key: Required[str]
    scope: list[str]
    excess: int
    path: str
    line: int
    message: str


def _parse(path: str, data: bytes) -> list[_Entry]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not an archdocs baseline (not JSON: {exc})") from None
    if (not isinstance(doc, dict) or doc.get(MARKER) != 1
            or not isinstance(doc.get("findings"), list)):
        raise BaselineError(f"{path}: not an archdocs baseline (no \"{MARKER}\": 1 and findings)")
    entries: list[_Entry] = doc["findings"]
    for number, entry in enumerate(entries, 1):
        if not (isinstance(entry, dict) and isinstance(entry.get("key"), str)
                and isinstance(entry.get("scope", []), list)
                and isinstance(entry.get("excess", 1), int)):
            raise BaselineError(f"{path}: finding {number} is not {{\"key\": ..., \"scope\": "
                                "[...], \"excess\": N}")
    return entries


def read_baseline(path: str) -> list[Finding]:
    """The findings recorded in the baseline at ``path``; each keeps its recorded place and
    message, which is what a stale entry is reported with."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BaselineError(f"--baseline {path}: {exc.strerror} (write one with "
                            "--write-baseline)") from None
    return [Finding(Problem(path, 0, f"stale baseline entry (fixed: remove it, or write the "
                            f"baseline again with --write-baseline): {e.get('path')}:"
                            f"{e.get('line')}: {e.get('message')}", "stale-baseline"),
                    e["key"], e.get("excess", 1), frozenset(map(str, e.get("scope", []))))
            for e in _parse(path, data)]


def write_baseline(path: str, data: bytes) -> None:
    """Write the baseline: a new file is created exclusively; an existing one is replaced
    atomically only when it is an archdocs baseline (never a file we did not write)."""
    target = Path(path)
    if os.path.lexists(target):
        try:
            _parse(path, target.read_bytes())
        except OSError as exc:
            raise BaselineError(f"--baseline {path}: {exc.strerror}") from None
        except BaselineError as exc:
            raise BaselineError(f"{exc} — not overwritten: name another file") from None
        try:
            replace_file(target, data)
        except OSError as exc:
            raise BaselineError(f"--baseline {path}: cannot replace it: {exc}") from None
        return
    try:
        with open(target, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        raise BaselineError(f"--baseline {path}: cannot write it: {exc.strerror}") from None
