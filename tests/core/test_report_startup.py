"""A text ``archdocs report`` imports what it prints with, not what other commands and formats
need: no TOML reader (the commands that read a configuration file import it) and no json (the
JSON format imports it)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CODE = Path(__file__).resolve().parent.parent / "roots" / "test-archdocs" / "code"


def imported(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "archdocs", *args],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return set(re.findall(r"\|\s+([\w.]+)$", result.stderr, re.MULTILINE))


def test_a_text_report_imports_no_toml_reader_nor_json() -> None:
    text = imported("report", "--no-cache", str(CODE))
    assert not text & {"tomllib", "archdocs.config.tomlfile", "json", "archdocs.render.json_"}
    assert "archdocs.render.text" in text  # the probe sees imports at all
    as_json = imported("report", "--no-cache", "--format", "json", str(CODE))
    assert "archdocs.render.json_" in as_json
