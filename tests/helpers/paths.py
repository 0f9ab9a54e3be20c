"""Where things are: the checkout, the showcase's sample code base, the Sphinx test roots, the
golden files."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "docs" / "showcase" / "sample"
ROOTS = REPO / "tests" / "roots"
GOLDEN = REPO / "tests" / "golden"
