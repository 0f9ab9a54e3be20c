"""Real packages the oracle tests share (``tests.core.oracles``): wheels unpacked into pytest's cache
(read, never imported), and their snapshots read once per test session (transformers alone takes
~20 s to read on 2 cores)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from tests.core.test_grimp_oracle import unpacked_wheel

from archdocs.model import Snapshot
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection

#: two TYPE_CHECKING-heavy packages; pure-Python wheels (sqlalchemy's compiled parts are not read)
WHEELS = {"sqlalchemy": "sqlalchemy==2.0.44", "transformers": "transformers==4.57.1"}


def wheel_folder(config: pytest.Config, package: str) -> Path:
    """The folder holding ``package`` (fetched on first use; fails under CI when it cannot be)."""
    return unpacked_wheel(config, WHEELS[package])


@functools.cache
def _snapshot(folder: Path, package: str) -> Snapshot:
    return load_snapshot(folder / package, Selection(include_tests=True))


def wheel_snapshot(config: pytest.Config, package: str) -> tuple[Path, Snapshot]:
    folder = wheel_folder(config, package)
    return folder, _snapshot(folder, package)
