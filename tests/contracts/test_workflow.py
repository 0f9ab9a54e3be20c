"""Our GitHub workflows are valid YAML, and the steps of architecture.yml do what they say when
their shell scripts run verbatim (bash, the installed ``archdocs``) in a real git repository: a
broken contract fails the check, still gives a SARIF file with the finding, and a pull request's
``archdocs diff`` asks for a comment, while a change that moves nothing architectural does not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml  # PyYAML comes with myst-parser, a dependency of archdocs
from tests.helpers.files import write_tree
from tests.helpers.gitrepo import commit_all, init
from tests.helpers.paths import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
CONTRACTS = """\
[[contract]]
name = "No cycles between archdocs's subpackages"
type = "acyclic_siblings"
ancestors = ["archdocs"]
"""


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def steps() -> dict[str, dict[str, Any]]:
    job = load(REPO / ".github/workflows/architecture.yml")["jobs"]["contracts"]
    return {step["name"]: step for step in job["steps"] if "name" in step}


def test_workflows_are_valid_yaml() -> None:
    assert WORKFLOWS
    for path in WORKFLOWS:
        data = load(path)
        assert data["jobs"], path
        assert data.get("on", data.get(True)), path  # YAML 1.1 reads the bare key on as True


def test_architecture_runs_on_pushes_and_pull_requests() -> None:
    data = load(REPO / ".github/workflows/architecture.yml")
    assert {"push", "pull_request"} <= set(data.get("on") or data[True])
    by_name = steps()
    upload = by_name["Upload SARIF to code scanning"]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "archdocs.sarif"
    script = by_name[
        "Post or update the pull request's one archdocs diff comment"]["with"]["script"]
    assert 'const marker = "<!-- archdocs-diff -->";' in script
    for step in by_name.values():  # event text reaches scripts through env, never pasted in
        assert "${{" not in step.get("run", ""), step["name"]


def run_step(name: str, repo: Path, tmp_path: Path, **env: str) -> tuple[int, dict[str, str]]:
    """Run a step's script as Actions does (bash -e); its outputs as a dict."""
    outputs = tmp_path / "outputs"
    outputs.write_text("")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "ARCHDOCS_CACHE_DIR": str(tmp_path / "cache"), "GITHUB_OUTPUT": str(outputs),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), **env}
    result = subprocess.run(["bash", "-e", "-c", steps()[name]["run"]], check=False, cwd=repo,
                            capture_output=True, text=True, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    pairs = (line.partition("=") for line in outputs.read_text().splitlines())
    return result.returncode, {key: value for key, _, value in pairs}


def test_steps_on_a_pull_request(tmp_path: Path) -> None:
    repo = write_tree(tmp_path / "repo", {
        "src/archdocs/__init__.py": "", "src/archdocs/a/__init__.py": "",
        "src/archdocs/b/__init__.py": "from archdocs import a\n",
        "pyproject.toml": CONTRACTS})
    init(repo)
    commit_all(repo, "base", "2024-01-01T00:00:00+00:00")
    (repo / "src/archdocs/a/__init__.py").write_text("from archdocs import b\n")  # a cycle
    commit_all(repo, "pull request", "2024-01-02T00:00:00+00:00")

    code, _ = run_step("Contracts (exit 1 on a breach, annotated at the import)", repo, tmp_path)
    assert code == 1
    code, _ = run_step("Contracts as SARIF (written even when a contract is broken)", repo,
                       tmp_path)
    assert code == 0
    sarif = json.loads((repo / "archdocs.sarif").read_text())
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"]] == ["src/archdocs/a/__init__.py"]

    name = "What the pull request does to the architecture (archdocs diff)"
    assert run_step(name, repo, tmp_path, BASE="HEAD~1") == (0, {"changed": "true"})
    summary = (tmp_path / "summary.md").read_text()
    assert "```mermaid" in summary and "Contracts newly broken" in summary
    assert run_step(name, repo, tmp_path, BASE="HEAD") == (0, {"changed": "false"})
