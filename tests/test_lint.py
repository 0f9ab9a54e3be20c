"""Lint is part of the test suite, because CI runs only the suite (`nox -s tests`): ruff with the
rules of pyproject.toml over src/ and tests/, and mypy with its settings there (strict on src/,
the tests type-checked without annotating every test). `nox -s lint` and the pre-commit hooks run
the same commands; the layering contracts are tests/test_house.py's.

Each tool also gets a file that breaks one of our rules, so a config that silently stopped
selecting them (a renamed table, a lost `strict`) fails here instead of passing everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m <tool> ...`` with this interpreter: the tools of the environment under test."""
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


def test_ruff_passes_on_src_and_tests() -> None:
    result = run("ruff", "check", "--no-cache", "src", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_passes_strict_on_src_and_on_tests() -> None:
    # `files` in pyproject.toml: src and tests (strict; tests.* relax only the annotation demands)
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_selects_our_rules(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import sys\nimport os\n\n\n"  # I001: unsorted
                   "def pairs(a: list[int], b: list[int]) -> object:\n"
                   "    return list(zip(a, b))\n"  # B905: zip() without strict=
                   f"LONG = {'x' * 100!r}\n")  # E501 at 100 columns
    result = run("ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                 "--output-format", "concise", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    for code in ("I001", "B905", "E501", "F401"):
        assert f" {code} " in result.stdout, (code, result.stdout)


def test_mypy_is_strict_outside_the_tests(tmp_path: Path) -> None:
    (tmp_path / "loose.py").write_text("def untyped(x):\n    return x\n")
    # the project's cache: the standard library is not checked again for one small file
    result = run("mypy", "--config-file", str(ROOT / "pyproject.toml"),
                 "--cache-dir", str(ROOT / ".mypy_cache"), "loose.py", cwd=tmp_path)
    assert result.returncode == 1
    assert "[no-untyped-def]" in result.stdout, result.stdout
