"""Golden files, compared and rewritten one way. ``pytest --update-goldens`` rewrites every golden
file a test compares (then review the diff); without it a difference fails the test, and a missing
golden file is written and fails it, so a new one is always looked at before it is trusted.

A pytest plugin (listed in ``tests/conftest.py``): the option and the :func:`golden` fixture."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.helpers.paths import GOLDEN

OPTION = "--update-goldens"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(OPTION, action="store_true", default=False,
                     help="rewrite the golden files the tests compare, from the current output")


@dataclass(frozen=True)
class Goldens:
    """Compares output with golden files; ``update`` rewrites them instead."""

    update: bool
    folder: Path = GOLDEN

    def check(self, name: str, text: str) -> None:
        """``text`` must equal the golden file ``folder/name`` (UTF-8, bytes as written)."""
        path = self.folder / name
        if self.update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            if not self.update:
                pytest.fail(f"golden file {path} was missing and has been written; review it "
                            "and rerun", pytrace=False)
        assert text == path.read_bytes().decode("utf-8"), (
            f"output differs from {path}; if intended, rerun with pytest {OPTION} and review "
            "the diff")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Goldens:
    """``golden.check("name", text)`` against ``tests/golden/name``; under ``--update-goldens``
    it rewrites the file instead."""
    return Goldens(bool(request.config.getoption(OPTION)))
