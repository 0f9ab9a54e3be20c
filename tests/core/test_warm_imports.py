"""A warm ``archdocs report`` of unchanged files resolves no module, so it does not import what
resolving takes (the resolver, the work units, the worker pool); a cold one does."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CODE = Path(__file__).resolve().parent.parent / "roots" / "test-archdocs" / "code"
RESOLVING = {"archdocs.reading._resolve", "archdocs.reading._units", "archdocs.reading._pool"}


def imported(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "archdocs", *args],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return set(re.findall(r"\|\s+([\w.]+)$", result.stderr, re.MULTILINE))


def test_a_warm_report_imports_nothing_that_resolves(tmp_path: Path) -> None:
    args = ("report", "--cache-dir", str(tmp_path / "cache"), str(CODE))
    cold = imported(*args)
    assert cold >= RESOLVING  # the probe sees them when they are used
    warm = imported(*args)
    assert "archdocs.reading.load" in warm and not warm & RESOLVING
