"""Our own layering, written as contracts in pyproject.toml, holds on our own source."""

from __future__ import annotations

import pytest
from tests.helpers.paths import REPO

from archdocs.cli import main


def test_archdocs_keeps_its_own_contracts(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(REPO / "src"), "--contracts", str(REPO / "pyproject.toml"),
                 "--no-cache"])
    assert code == 0, capsys.readouterr().out
