"""Bad arguments and bad config files on the command line: one located line each, exit 2, never a
traceback, and nothing touched. Revisions are resolved before git sees them (an argument is never
an option), a gate that found nothing fails, and every TOML reader refuses the same mistakes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers.files import write
from tests.helpers.gitrepo import Repo

from archdocs.cli import main

CODE = {"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "pkg/b.py": "import os\n"}
LATIN1 = b'[check]\npackage = "caf\xe9"\n'  # not UTF-8 on line 2


@pytest.fixture
def code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean package in the working directory (no cycle: every budget is kept)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARCHDOCS_CACHE_DIR", str(tmp_path / "cache"))
    for rel, text in CODE.items():
        write(tmp_path / "code" / rel, text)
    return tmp_path / "code"


@pytest.fixture
def tagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """The same package committed and tagged v1, the repository being the working directory."""
    repo = Repo(tmp_path / "repo")
    repo.commit({f"src/{rel}": text for rel, text in CODE.items()}, tag="v1")
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("ARCHDOCS_CACHE_DIR", str(tmp_path / "cache"))
    return repo


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run ``archdocs argv``; assert exit 2 with one ``archdocs: error:`` line; return it."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.startswith("archdocs: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and out == ""
    return err


def error_lines(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """Like :func:`usage_error` for a config with several mistakes: each on its own error line."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    lines = err.splitlines()
    assert lines and all(line.startswith("archdocs: error: ") for line in lines), err
    assert "Traceback" not in err
    return lines


# --- arguments are never options ---------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ("check", ".", "--base=--output=p.txt"),
    ("report", "{repo}@--output=p.txt"),
    ("history", ".", "--refs=--output=p.txt"),
    ("history", ".", "--since", "2000-01-01", "--branch=--output=p.txt"),
    ("migrations", ".", "--from=--output=p.txt", "--repo", "."),
])
def test_an_option_shaped_revision_is_an_unknown_revision_and_writes_nothing(
        tagged: Repo, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    victim = tagged.path / "p.txt"
    victim.write_bytes(b"a user's bytes\n")
    err = usage_error(capsys, *(a.format(repo=tagged.path) for a in argv))
    assert "unknown git revision '--output=p.txt'" in err
    assert victim.read_bytes() == b"a user's bytes\n"
    assert sorted(p.name for p in tagged.path.iterdir()) == [".git", "p.txt", "src"]


@pytest.mark.parametrize("argv", [
    ("check", ".", "--base=--output=p.txt"),
    ("report", "{repo}@--output=p.txt"),
    ("history", ".", "--refs=--output=p.txt"),
    ("history", ".", "--since", "2000-01-01", "--branch=--output=p.txt"),
    ("history", "."),  # every tag
])
def test_a_tag_named_like_an_option_is_read_as_a_revision(
        tagged: Repo, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    tagged.git("update-ref", "refs/tags/--output=p.txt", tagged.git("rev-parse", "v1"))
    assert main([*(a.format(repo=tagged.path) for a in argv), "--no-cache"]) == 0
    assert "error" not in capsys.readouterr().err
    assert sorted(p.name for p in tagged.path.iterdir()) == [".git", "src"]


def test_the_ratchet_reads_the_base_by_its_commit(tagged: Repo,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # a tag whose name git would take for an option if it reached a git command line as given
    tagged.git("update-ref", "refs/tags/-v1", tagged.git("rev-parse", "v1"))
    assert main(["check", ".", "--base=-v1", "--no-cache"]) == 0
    assert "all budgets kept (compared with -v1)" in capsys.readouterr().err


# --- a gate that found nothing fails -----------------------------------------------------------


def test_a_missing_root_is_a_usage_error_for_every_command(
        code: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "check", "code", "--root", "nosuch")
    assert "--root nosuch: no such folder in code" in err
    assert "no such folder" in usage_error(capsys, "report", "code", "--root", "nosuch")
    assert "no such folder" in usage_error(capsys, "graph", "code", "--root", "nosuch")
    err = usage_error(capsys, "migrations", "code", "--root", "nosuch", "--from", "code")
    assert "--root nosuch: no such folder in code" in err


def test_a_missing_subfolder_of_a_revision_is_a_usage_error(
        tagged: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "check", f"{tagged.path}@v1:nosub")
    assert f"nosub: no such folder in {tagged.path} at v1" in err
    err = usage_error(capsys, "check", f"{tagged.path}@v1", "--root", "nosuch")
    assert "--root nosuch: no such folder" in err
    assert main(["check", f"{tagged.path}@v1:src", "--no-cache"]) == 0  # what is there works


@pytest.mark.parametrize("extra", [("--include", "nomatch*"), ("--exclude", "*")])
def test_a_check_of_no_module_fails(code: Path, capsys: pytest.CaptureFixture[str],
                                    extra: tuple[str, ...]) -> None:
    err = usage_error(capsys, "check", "code", *extra)
    assert "no module to check in code" in err


def test_a_check_of_an_empty_folder_fails(code: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (code.parent / "empty").mkdir()
    assert "no module to check in empty" in usage_error(capsys, "check", "empty")


# --- one-line errors for every bad config ------------------------------------------------------


@pytest.mark.parametrize("option", [
    ("check", "code", "--config"), ("check", "code", "--plan"), ("check", "code", "--migrations"),
    ("migrations", "code", "--declared"), ("history", ".", "--plan"),
])
def test_a_toml_file_that_is_not_utf8_is_one_located_line(
        tagged: Repo, capsys: pytest.CaptureFixture[str], option: tuple[str, ...]) -> None:
    (tagged.path / "code").symlink_to(tagged.path / "src")
    (tagged.path / "bad.toml").write_bytes(LATIN1)
    err = usage_error(capsys, *option, "bad.toml")
    assert "bad.toml:2: not UTF-8 text" in err


def test_bad_config_tables_exit_2_with_a_line_each(code: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    config = write(code.parent / "archdocs.toml", '''\
        archdocs = 5
        colour = "red"

        [check]
        cycles = 3
        size = 1
        ''')
    lines = error_lines(capsys, "check", "code", "--config", str(config))
    assert lines == [
        f"archdocs: error: {config}:1: archdocs must be a table ([archdocs]), not 5",
        (f"archdocs: error: {config}:2: unknown key or table 'colour'; allowed: archdocs, check, "
         "contract"),
        (f"archdocs: error: {config}:5: [check] cycles must be a table of kind set = maximum, "
        "e.g. { import-time = 0 }"),
        (f"archdocs: error: {config}:6: [check] unknown key 'size'; allowed: contracts, "
        "cycles, deprecated_imports, migrations, package, plan"),
    ]


def test_a_plan_with_mistakes_fails_the_check_with_exit_2(
        code: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = write(code.parent / "plan.toml", '''\
        [plan]
        package = "pkg"
        colour = "red"
        ''')
    lines = error_lines(capsys, "check", "code", "--plan", str(plan))
    assert lines == [(f"archdocs: error: {plan}:3: [plan] unknown key 'colour'; allowed: "
                     "baseline, package, title")]
    assert error_lines(capsys, "history", ".", "--plan", str(plan)) == lines


PLAN = '[plan]\npackage = "pkg"\n'


@pytest.mark.parametrize(("text", "line", "message"), [
    ('step = ["a"]\n' + PLAN, 1, "step must be an array of tables: write [[step]]"),
    (PLAN + "[[step]]\nmove = 5\n", 4, "step.move must be an array of tables: write [[step.move]]"),
    ("targets = 5\n" + PLAN, 1, "targets must be a table ([targets]), not 5"),
])
def test_plan_tables_of_the_wrong_type(code: Path, capsys: pytest.CaptureFixture[str], text: str,
                                       line: int, message: str) -> None:
    plan = write(code.parent / "plan.toml", text)
    assert error_lines(capsys, "check", "code", "--plan", str(plan)) == [
        f"archdocs: error: {plan}:{line}: {message}"]


def test_a_declared_map_that_is_not_there(code: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "migrations", "code", "--declared", "missing.toml")
    assert "missing.toml: cannot read: not found" in err
    err = usage_error(capsys, "check", "code", "--migrations", "missing.toml")
    assert "missing.toml: cannot read: not found" in err


def test_a_missing_distribution_file_is_not_a_revision(code: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "migrations", "code", "--from", "/nonexistent.whl")
    assert "--from /nonexistent.whl: no such file or folder" in err
    err = usage_error(capsys, "migrations", "code", "--from", "./old-code")
    assert "--from ./old-code: no such file or folder" in err


def test_the_installed_command_prints_no_traceback(tagged: Repo) -> None:
    (tagged.path / "bad.toml").write_bytes(LATIN1)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    for argv in (["check", ".", "--plan", "bad.toml"], ["check", ".", "--base=--output=p.txt"]):
        result = subprocess.run([sys.executable, "-m", "archdocs", *argv, "--no-cache"],
                                capture_output=True, text=True, check=False, env=env)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tagged.path / "p.txt").exists()


def test_deprecated_import_paths_that_are_not_there(code: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    mapping = write(code.parent / "m.toml", '[[migration]]\nold = "pkg.old"\nnew = "pkg.a"\n')
    err = usage_error(capsys, "check", "code", "--migrations", str(mapping),
                      "--deprecated-imports", "code", "nowhere")
    assert "--deprecated-imports nowhere: no such file or folder" in err
    config = write(code.parent / "archdocs.toml", '''\
        [check]
        migrations = "m.toml"
        deprecated_imports = ["code", "nowhere"]
        ''')
    assert error_lines(capsys, "check", "code", "--config", str(config)) == [
        (f"archdocs: error: {config}:3: [check] deprecated_imports must be existing paths "
        "(relative to this file): 'nowhere' not found")]
