"""The places that say which Pythons we support and how tests run agree with each other: the
GitHub matrix is the noxfile's list and starts at ``requires-python``; the workflow runs the nox
sessions; ``.ci/run`` runs exactly the README's test command."""

from __future__ import annotations

import ast
import re
import tomllib
from typing import Any

import yaml  # PyYAML comes with myst-parser, a dependency of archdocs
from tests.helpers.paths import REPO

WORKFLOW = REPO / ".github" / "workflows" / "tests.yml"


def workflow_jobs() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    jobs = data["jobs"]
    assert isinstance(jobs, dict)
    return jobs


def noxfile_constant(name: str) -> object:
    """A module-level constant of noxfile.py, read without importing nox."""
    tree = ast.parse((REPO / "noxfile.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == name for target in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"noxfile.py defines no {name}")


def runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_matrix_is_the_noxfile_pythons_from_requires_python() -> None:
    jobs = workflow_jobs()
    matrix = jobs["tests"]["strategy"]["matrix"]["python"]
    assert matrix == noxfile_constant("TEST_PYTHONS")
    with (REPO / "pyproject.toml").open("rb") as handle:
        requires = tomllib.load(handle)["project"]["requires-python"]
    assert requires == f">={matrix[0]}"
    assert matrix == ["3.11", "3.12", "3.13"]
    # one Python per job, named on the command line; nothing else would pick it
    (step,) = (step for step in jobs["tests"]["steps"]
               if step.get("run") == 'nox -s tests --python "$PYTHON"')
    assert step["env"]["PYTHON"] == "${{ matrix.python }}"
    assert jobs["tests"]["container"] == "python:${{ matrix.python }}-bookworm"


def test_plain_nox_tests_stays_on_the_oldest_python() -> None:
    """.ci/run and a developer's `nox -s tests` run one Python, where only 3.11 may be installed."""
    source = (REPO / "noxfile.py").read_text(encoding="utf-8")
    assert 'nox.options.pythons = ["3.11"]' in source


def test_lint_runs_in_ci() -> None:
    assert "nox -s lint" in runs(workflow_jobs()["lint"])


def test_workflow_scripts_take_expressions_through_env() -> None:
    for name, job in workflow_jobs().items():
        for script in runs(job):
            assert "${{" not in script, name


def test_ci_run_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (command,) = re.findall(r"^(.*nox -s tests)\s+#", readme, flags=re.MULTILINE)
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert lines[-1] == command.strip()
