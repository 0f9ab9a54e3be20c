"""The house keeps its shape: the stage layering in ``pyproject.toml`` holds (checked by
import-linter and by archdocs itself), a forbidden import breaks it, and each stage package's
public surface is pinned: other stages import only the modules its ``__all__`` lists."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import archdocs.analysis
import archdocs.config
import archdocs.reading
import archdocs.reading.fast
import archdocs.render
from archdocs.cli import main
from archdocs.reading.load import load_snapshot

REPO = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

#: The public modules of each stage. Changing one is a decision: update this table with it.
SURFACES = {
    "archdocs.reading": ["cache", "errors", "fast", "git", "load", "sources"],
    "archdocs.reading.fast": ["facts", "gcpause"],
    "archdocs.config": ["reader", "schema", "tomlfile"],
    "archdocs.analysis": ["archdiff", "checks", "contracts", "cycles", "graph", "history",
                          "matrix", "metrics", "migrations", "plan", "ratchet", "report", "views"],
    "archdocs.render": ["chart", "diagram", "dot", "explorer", "json_", "layers", "mermaid",
                        "migrations", "prcomment", "sarif", "text"],
}
STAGES = {"archdocs.reading": archdocs.reading, "archdocs.reading.fast": archdocs.reading.fast,
          "archdocs.config": archdocs.config, "archdocs.analysis": archdocs.analysis,
          "archdocs.render": archdocs.render}


def lint_imports(config: Path, src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=config.parent, check=False)


def test_import_linter_keeps_our_contracts() -> None:
    result = lint_imports(REPO / "pyproject.toml", REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


def test_archdocs_check_keeps_our_contracts(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(REPO / "src"), "--contracts", str(REPO / "pyproject.toml"),
                 "--no-cache"])
    assert code == 0, capsys.readouterr().out


@pytest.fixture
def house_with_sphinx_in_reading(tmp_path: Path) -> Path:
    """A copy of our source and configuration where a reading module imports Sphinx."""
    shutil.copytree(REPO / "src" / "archdocs", tmp_path / "src" / "archdocs",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    sources = tmp_path / "src" / "archdocs" / "reading" / "sources.py"
    sources.write_text(sources.read_text() + "\nimport sphinx.util  # a forbidden import\n")
    return tmp_path


def test_a_forbidden_import_breaks_the_contracts(house_with_sphinx_in_reading: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = house_with_sphinx_in_reading
    result = lint_imports(root / "pyproject.toml", root / "src")
    assert result.returncode == 1
    assert "archdocs.reading.sources -> sphinx" in result.stdout
    assert main(["check", str(root / "src"), "--contracts", str(root / "pyproject.toml"),
                 "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "reading/sources.py" in out and "Only the Sphinx adapter imports Sphinx" in out


@pytest.mark.parametrize("stage", sorted(SURFACES))
def test_public_surface_of_each_stage_is_pinned(stage: str) -> None:
    assert STAGES[stage].__all__ == SURFACES[stage]
    folder = REPO / "src" / Path(*stage.split("."))
    for name in SURFACES[stage]:
        assert (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()


def _stage_of(module: str) -> str:
    """The deepest pinned stage package holding ``module`` ("" for the adapters and the root)."""
    owners = [s for s in SURFACES if module.startswith(s + ".")]
    return max(owners, key=len, default="")


def test_stages_import_each_other_only_through_their_public_modules() -> None:
    snapshot = load_snapshot(str(REPO / "src"), jobs=1)
    outside: list[str] = []
    for module in snapshot.modules:
        for imp in module.imports:
            stage = _stage_of(imp.target)
            if not imp.internal or not stage or module.name.startswith(stage + "."):
                continue
            public = imp.target.removeprefix(stage + ".").split(".")[0]
            if public not in SURFACES[stage]:
                outside.append(f"{module.path}:{imp.line}: {module.name} -> {imp.target}")
    assert outside == []
