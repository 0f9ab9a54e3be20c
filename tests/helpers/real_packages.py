"""Real packages the oracle tests read: installed ones located without importing them, wheels
unpacked into pytest's cache, and their snapshots read once per test session (transformers alone
takes about 20 s to read on 2 cores)."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path

import pytest
from tests.helpers.ci import skip_or_fail
from tests.helpers.downloads import unpacked_wheel

from archdocs.model import Snapshot
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection

#: homeassistant (about 8,000 modules, much of it syntax newer than 3.11) needs Python 3.13 to
#: install, so its wheel is unpacked instead.
HOMEASSISTANT = "homeassistant==2025.4.4"
#: two TYPE_CHECKING-heavy packages; pure-Python wheels (sqlalchemy's compiled parts are not read)
WHEELS = {"sqlalchemy": "sqlalchemy==2.0.44", "transformers": "transformers==4.57.1"}


def location(package: str, config: pytest.Config) -> Path:
    """The folder of an installed package (``nox -s tests`` installs django and sympy), or of
    homeassistant's unpacked wheel, which is then put on ``sys.path`` for grimp's ``find_spec``
    (nothing imports it)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        if package != "homeassistant":
            skip_or_fail(f"{package} is not installed (nox -s tests installs it)")
        folder = unpacked_wheel(config, HOMEASSISTANT)
        sys.path.insert(0, str(folder))
        importlib.invalidate_caches()
        return folder / package
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _snapshot(folder: Path, package: str) -> Snapshot:
    return load_snapshot(folder / package, Selection(include_tests=True))


def wheel_snapshot(config: pytest.Config, package: str) -> tuple[Path, Snapshot]:
    """The folder holding one of :data:`WHEELS` and its snapshot."""
    folder = unpacked_wheel(config, WHEELS[package])
    return folder, _snapshot(folder, package)
