"""import-linter's own ``.importlinter`` on import-linter's own source (its sdist from PyPI, in
pytest's cache; read statically by both tools, never imported), as written and with its layers
reversed (so that agreement is measured on a broken contract too)."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from tests.contracts.oracle import ours, theirs

pytestmark = pytest.mark.slow

SDIST = "import-linter==2.17"


def sdist(config: pytest.Config, requirement: str) -> Path:
    folder = config.cache.mkdir("sdist-" + requirement.replace("=", "-"))
    unpacked = [p for p in folder.iterdir() if p.is_dir()]
    if not unpacked:
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                               "--no-binary", ":all:", "-d", str(folder), requirement],
                              capture_output=True, text=True, check=False)
        archives = list(folder.glob("*.tar.gz"))
        if done.returncode or not archives:
            pytest.skip(f"could not download {requirement}: {done.stderr.strip()[-200:]}")
        with tarfile.open(archives[0]) as archive:
            archive.extractall(folder, filter="data")
        unpacked = [p for p in folder.iterdir() if p.is_dir()]
    return unpacked[0]


def reversed_layers(text: str) -> str:
    """The contract file with each layers list upside down."""
    def flip(match: re.Match[str]) -> str:
        items = match.group(2).rstrip("\n").splitlines()
        return match.group(1) + "\n".join(reversed(items)) + "\n"
    return re.sub(r"(layers\s*=\s*\n)((?:[ \t]+\S.*\n?)+)", flip, text).replace(
        "name=Layered architecture", "name=Layered architecture, reversed")


def test_import_linter_own_contracts(pytestconfig: pytest.Config) -> None:
    root = sdist(pytestconfig, SDIST)
    text = (root / ".importlinter").read_text()
    (root / "reversed.ini").write_text(reversed_layers(text))
    for config in (".importlinter", "reversed.ini"):
        verdicts = theirs(root, config, root / "src")
        assert len(verdicts) == 2, config
        assert ours(root, config, root / "src") == verdicts, config
    broken = theirs(root, "reversed.ini", root / "src")["Layered architecture, reversed"]
    assert not broken[0] and len(broken[1]) >= 10  # the reversed stack breaks many pairs
