"""import-linter as the oracle: its ``lint-imports`` run on a tree (it reads the code statically
with grimp; nothing imports the analysed package), and archdocs's answer in the same shape."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from archdocs.analysis.contracts.evaluate import check_contracts
from archdocs.analysis.contracts.read import read_contracts
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
_STATUS = re.compile(r"^(.+) (KEPT|BROKEN)(?: \(\d+ ignored imports?\))?$")
_PAIR = re.compile(r"^(\S+) is not allowed to import (\S+):$")
_LINK = re.compile(r"^-\s+(\S+) -> (\S+) \(")

#: contract name → (kept, "X is not allowed to import Y" pairs, protected "a -> b" links)
Verdicts = dict[str, tuple[bool, frozenset[str], frozenset[str]]]


def theirs(root: Path, config: str, pythonpath: Path | None = None) -> Verdicts:
    """import-linter's verdicts, read from the report ``lint-imports`` prints."""
    env = {**os.environ, "PYTHONPATH": str(pythonpath or root), "NO_COLOR": "1"}
    done = subprocess.run([str(LINT_IMPORTS), "--config", config, "--no-cache"], cwd=root,
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    kept: dict[str, bool] = {}
    pairs: dict[str, set[str]] = {}
    links: dict[str, set[str]] = {}
    current, protected = "", False
    lines = done.stdout.splitlines()
    for number, line in enumerate(lines):
        if (status := _STATUS.match(line)) and status.group(1) not in kept:
            kept[status.group(1)] = status.group(2) == "KEPT"
            pairs[status.group(1)], links[status.group(1)] = set(), set()
        elif line in kept and number + 1 < len(lines) and set(lines[number + 1]) == {"-"}:
            current, protected = line, False  # the heading of a broken contract's section
        elif line.startswith("Illegal imports of protected package"):
            protected = True
        elif current and (pair := _PAIR.match(line)):
            pairs[current].add(f"{pair.group(1)} -> {pair.group(2)}")
        elif protected and (link := _LINK.match(line)):
            links[current].add(f"{link.group(1)} -> {link.group(2)}")
    return {n: (k, frozenset(pairs[n]), frozenset(links[n])) for n, k in kept.items()}


def ours(root: Path, config: str, source: Path | None = None) -> Verdicts:
    """archdocs's verdicts on the same contract file, in the shape of :func:`theirs`."""
    contracts, problems = read_contracts(str(root / config))
    assert not problems, problems
    snapshot = load_snapshot(source or root, Selection(), jobs=1)
    verdicts: dict[str, tuple[bool, set[str], set[str]]] = {c.name: (True, set(), set())
                                                           for c in contracts}
    for breach in check_contracts(contracts, snapshot):
        _, pairs, links = verdicts[breach.contract.name]
        verdicts[breach.contract.name] = (False, pairs, links)
        if pair := re.search(r"broken: (\S+) is not allowed to import (\S+?)[:( ]", breach.message):
            if breach.contract.type == "protected":
                links.add(f"{breach.chain[0].importer} -> {breach.chain[0].target}")
            else:
                pairs.add(f"{pair.group(1)} -> {pair.group(2)}")
    return {n: (k, frozenset(p), frozenset(lk)) for n, (k, p, lk) in verdicts.items()}
