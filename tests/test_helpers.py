"""The shared test helpers that decide whether a test passes: goldens compare (and are rewritten
only when asked), an oracle that cannot be had fails under CI, and a scripted repository has the
same shas every run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tests.helpers.ci import import_or_skip, in_ci, skip_or_fail
from tests.helpers.gitrepo import Repo, git
from tests.helpers.golden import OPTION, Goldens

pytest_plugins = ("pytester",)


@pytest.mark.parametrize("value", ["true", "1", "yes", "True"])
def test_an_oracle_that_cannot_be_had_fails_under_ci(monkeypatch: pytest.MonkeyPatch,
                                                     value: str) -> None:
    monkeypatch.setenv("CI", value)
    assert in_ci()
    with pytest.raises(pytest.fail.Exception, match="no wheel"):
        skip_or_fail("no wheel")


@pytest.mark.parametrize("value", [None, "", "0", "false", "no"])
def test_an_oracle_that_cannot_be_had_skips_elsewhere(monkeypatch: pytest.MonkeyPatch,
                                                      value: str | None) -> None:
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert not in_ci()
    with pytest.raises(pytest.skip.Exception, match="no wheel"):
        skip_or_fail("no wheel")


def test_a_missing_oracle_module_skips_or_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    assert import_or_skip("json").dumps([1]) == "[1]"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no_such_oracle cannot be imported"):
        import_or_skip("no_such_oracle")
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="no_such_oracle cannot be imported"):
        import_or_skip("no_such_oracle")


def test_a_golden_file_that_differs_fails_and_stays(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>old</p>\n")
    with pytest.raises(AssertionError, match="--update-goldens"):
        Goldens(update=False, folder=tmp_path).check("page.html", "<p>new</p>\n")
    assert (tmp_path / "page.html").read_text() == "<p>old</p>\n"
    Goldens(update=False, folder=tmp_path).check("page.html", "<p>old</p>\n")


def test_a_missing_golden_file_is_written_and_fails(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="was missing"):
        Goldens(update=False, folder=tmp_path).check("sub/new.txt", "first\r\n")
    assert (tmp_path / "sub/new.txt").read_bytes() == b"first\r\n"  # bytes kept as given
    Goldens(update=False, folder=tmp_path).check("sub/new.txt", "first\r\n")


def test_update_goldens_rewrites_and_passes(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>old</p>\n")
    Goldens(update=True, folder=tmp_path).check("page.html", "<p>new</p>\n")
    assert (tmp_path / "page.html").read_text() == "<p>new</p>\n"


def test_the_option_reaches_the_fixture(pytester: pytest.Pytester) -> None:
    """``pytest --update-goldens`` (the only way goldens are rewritten) sets the fixture's flag."""
    pytester.makepyfile(test_flag="def test_flag(golden, request):\n"
                                  "    assert golden.update is request.config.getoption('check')\n")
    pytester.makeconftest("def pytest_addoption(parser):\n"
                          "    parser.addoption('--check', action='store_true')\n")
    plugin = ("-p", "tests.helpers.golden")
    pytester.runpytest(*plugin).assert_outcomes(passed=1)
    pytester.runpytest(*plugin, OPTION, "--check").assert_outcomes(passed=1)


def test_a_scripted_repository_has_the_same_shas_every_run(tmp_path: Path) -> None:
    shas = []
    for name in ("one", "two"):
        repo = Repo(tmp_path / name)
        repo.commit({"pkg/__init__.py": "", "pkg/a.py": "import pkg\n"}, tag="v1")
        repo.commit({"pkg/a.py": None, "pkg/b.py": "    x = 1\n"})
        assert repo.release("v2") == f"{repo.path}@v2"
        shas.append(git(repo.path, "rev-list", "--all"))
        assert git(repo.path, "ls-tree", "-r", "--name-only", "v2").split() == [
            "pkg/__init__.py", "pkg/b.py"]
        assert (repo.path / "pkg/b.py").read_text() == "x = 1\n"  # dedented
        assert git(repo.path, "branch", "--show-current") == "main"
    assert shas[0] == shas[1] and len(shas[0].split()) == 3


def test_test_modules_import_helpers_never_each_other() -> None:
    """What tests share lives in tests/helpers/: a test module (or conftest) that imports another
    test module breaks when that one is moved or deleted."""
    tests = Path(__file__).resolve().parent
    wrong = []
    for path in sorted(tests.rglob("*.py")):
        if "helpers" in path.relative_to(tests).parts[:1] or "roots" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.ImportFrom):
                names = ["." * node.level + (node.module or "")]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            # A bare ``test_x``/``conftest`` works only because pytest put its folder on sys.path.
            wrong += [f"{path.relative_to(tests)}:{node.lineno}: {name}" for name in names
                      if name.startswith(".")
                      or name.split(".")[0].startswith(("test_", "conftest"))
                      or (name.split(".")[0] == "tests" and name.split(".")[1:2] != ["helpers"])]
    assert wrong == []
