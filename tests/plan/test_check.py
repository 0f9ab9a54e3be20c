"""``archdocs check``: exit codes and file:line messages for every budget, and the ratchet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.helpers import refactor_history as scripted
from tests.helpers.files import write
from tests.helpers.gitrepo import Repo

from archdocs.cli import main

CYCLE = {"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "pkg/b.py": "import pkg.a\n"}
TYPE_ONLY = {"pkg/__init__.py": "",
             "pkg/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
             "    import pkg.d\n", "pkg/d.py": "import pkg.c\n"}


def tree(base: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        write(base / rel, text)
    return base


def check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args, "--no-cache"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_default_budget_is_zero_import_time_cycles(tmp_path, capsys):
    src = tree(tmp_path / "src", CYCLE)
    code, out, err = check(capsys, str(src))
    assert code == 1
    path = Path(out.split(":")[0])
    assert path.name == "a.py" and (Path.cwd() / path).resolve() == (src / "pkg/a.py").resolve()
    assert ":1: import cycle (import-time): pkg.a → pkg.b → pkg.a; 1 import-time cycle" in out
    assert "1 budget broken" in err
    only_types = tree(tmp_path / "types", TYPE_ONLY)
    assert check(capsys, str(only_types))[0] == 0


def test_plan_module_count_cycles_and_unresolved_moves(tmp_path, capsys):
    src = tree(tmp_path / "src", {**CYCLE, **TYPE_ONLY})
    plan = write(tmp_path / "plan.toml", '''\
        [plan]
        package = "pkg"

        [targets]
        modules = [1, 2]
        cycles = { import-time = 1, all = 1 }

        [[step]]
        [[step.move]]
        source = "pkg.gone"
        destination = "pkg.nowhere"
        ''')
    code, out, _ = check(capsys, str(src), "--plan", str(plan))
    assert code == 1
    lines = out.splitlines()
    assert f"{plan}:5: pkg has 4 modules, outside the target range 1–2 (modules not counting " \
           "__init__.py files; physical lines)" in lines
    # the import-time budget (1) holds; counting every kind there are 2 cycles, budget 1
    cycles = [line for line in lines if "import cycle" in line]
    assert len(cycles) == 2 and all(f"budget set at {plan}:6" in c for c in cycles)
    assert any(c.split(":")[0].endswith("c.py") and ":3: import cycle (all)" in c for c in cycles)
    assert any(line.startswith(f"{plan}:9: plan move pkg.gone → pkg.nowhere does not resolve")
               for line in lines)


def test_formats(tmp_path, capsys):
    src = tree(tmp_path / "src", CYCLE)
    code, out, _ = check(capsys, str(src), "--format", "github")
    assert code == 1 and out.startswith("::error file=") and ",line=1::import cycle" in out
    code, out, _ = check(capsys, str(src), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["problems"][0]["code"] == "cycle"
    assert data["problems"][0]["line"] == 1


def test_config_table(tmp_path, capsys):
    src = tree(tmp_path / "src", TYPE_ONLY)
    config = write(tmp_path / "conf" / "archdocs.toml", '''\
        [check]
        package = "pkg"
        cycles = { all = 0 }
        colour = "red"
        migrations = 3
        deprecated_imports = "src"
        ''')
    code, out, err = check(capsys, str(src), "--config", str(config))
    assert code == 2 and out == ""  # a config with mistakes is a usage error: nothing is checked
    assert err.splitlines() == [
        (f"archdocs: error: {config}:4: [check] unknown key 'colour'; allowed: contracts, cycles, "
        "deprecated_imports, migrations, package, plan"),
        f"archdocs: error: {config}:5: [check] migrations must be a string",
        (f"archdocs: error: {config}:6: [check] deprecated_imports must be a list of paths "
        "(relative to this file)")]
    write(config, "[check]\npackage = \"pkg\"\ncycles = { all = 0 }\n")
    code, out, _ = check(capsys, str(src), "--config", str(config))
    assert code == 1 and f"budget set at {config}:3" in out
    bad = write(tmp_path / "bad.toml", "[check\n")
    code, _, err = check(capsys, str(src), "--config", str(bad))
    assert code == 2 and "not valid TOML" in err


def test_deprecated_imports_and_map_entries(tmp_path, capsys):
    src = tree(tmp_path / "src", {"pkg/__init__.py": "", "pkg/new.py": "class Thing:\n    pass\n",
                                  "pkg/user.py": "from pkg.old import Thing\n"})
    mapping = write(tmp_path / "migrations.toml", '''\
        [[migration]]
        old = "pkg.old"
        new = "pkg.new"

        [[migration]]
        old = "pkg.older"
        new = "pkg.missing"
        ''')
    code, out, _ = check(capsys, str(src), "--migrations", str(mapping), "--deprecated-imports",
                         str(src / "pkg"))
    assert code == 1
    assert f"{src / 'pkg' / 'user.py'}:1: pkg.old" in out and "use pkg.new" in out
    assert f"{mapping}:6: new path pkg.missing does not exist" in out
    code, _, err = check(capsys, str(src), "--deprecated-imports", str(src))
    assert code == 2 and "--migrations" in err


def test_ratchet_fails_only_on_what_got_worse(repo: Repo, capsys):
    repo.commit(CYCLE, tag="base")
    repo.commit(TYPE_ONLY | {"pkg/d.py": "import pkg.c\nimport pkg.e\n", "pkg/e.py": ""})
    # the old cycle is tolerated
    assert check(capsys, f"{repo.path}@HEAD", "--base", "base")[0] == 0
    assert check(capsys, f"{repo.path}@HEAD")[0] == 1
    repo.commit({"pkg/e.py": "import pkg.d\n"})
    code, out, err = check(capsys, f"{repo.path}@HEAD", "--base", "base")
    assert code == 1 and "pkg.d → pkg.e → pkg.d" in out and "pkg.a" not in out
    assert out.startswith("pkg/d.py:2:")  # repository-relative, as GitHub annotations want
    assert "got worse since base" in err
    code, out, _ = check(capsys, str(repo.path), "--base", "HEAD")  # a work tree, same as HEAD
    assert code == 0


def test_ratchet_counts_deprecated_uses(repo: Repo, capsys, monkeypatch):
    files = {"pkg/__init__.py": "", "pkg/new.py": "class Thing:\n    pass\n",
             "pkg/user.py": "from pkg.old import Thing\n", "migrations.toml":
             '[[migration]]\nold = "pkg.old"\nnew = "pkg.new"\n'}
    repo.commit(files, tag="base")
    monkeypatch.chdir(repo.path)
    args = (".", "--migrations", "migrations.toml", "--deprecated-imports", "pkg", "--base", "base")
    assert check(capsys, *args)[0] == 0
    repo.commit({"pkg/other.py": "import pkg.old\n"})
    code, out, _ = check(capsys, *args)
    # the removed module is also missing: Python would raise ImportError there (#13)
    assert code == 1 and out.splitlines() == ["pkg/other.py:1: imports missing module pkg.old",
                                              "pkg/other.py:1: pkg.old: removed; use pkg.new"]


def test_plan_on_the_scripted_history_with_its_baseline(repo: Repo, tmp_path, capsys):
    scripted.build(repo)
    plan = write(tmp_path / "plan.toml", scripted.PLAN)
    code, out, _ = check(capsys, f"{repo.path}@v3", "--plan", str(plan))
    assert code == 0, out  # engine diverged, found through the baseline v0; 2 modules in range
    code, out, _ = check(capsys, f"{repo.path}@v0", "--plan", str(plan))
    assert code == 1 and "app.core has 4 modules, outside the target range 1–2" in out


@pytest.mark.parametrize("args", [["--plan", "missing.toml"], ["--package", "nope"]])
def test_usage_errors(tmp_path, capsys, args):
    src = tree(tmp_path / "src", CYCLE)
    code, _, err = check(capsys, str(src), *args)
    assert code == 2 and err.startswith("archdocs: error:")


def test_ratchet_a_cycle_that_shrank_is_progress(repo: Repo, capsys):
    repo.commit({"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n", "pkg/b.py": "import pkg.c\n",
                 "pkg/c.py": "import pkg.a\n"}, tag="base")
    repo.commit({"pkg/b.py": "import pkg.a\n", "pkg/c.py": ""})  # a → b → c → a is now a ↔ b
    assert check(capsys, f"{repo.path}@HEAD", "--base", "base")[0] == 0
    repo.commit({"pkg/c.py": "import pkg.b\n", "pkg/b.py": "import pkg.a\nimport pkg.c\n"})
    code, out, _ = check(capsys, f"{repo.path}@HEAD", "--base", "base")  # a ↔ b ↔ c: not within
    assert code == 0, out  # {a, b, c} was one cycle at the base: no worse
    repo.commit({"pkg/d.py": "import pkg.a\n", "pkg/a.py": "import pkg.b\nimport pkg.d\n"})
    code, out, _ = check(capsys, f"{repo.path}@HEAD", "--base", "base")
    assert code == 1 and "pkg.d" in out  # the cycle grew to hold d


def test_an_unreadable_baseline_is_a_warning_only_when_a_move_needs_it(tmp_path, capsys):
    src = tree(tmp_path / "src", {"pkg/__init__.py": "", "pkg/a.py": ""})
    plan = write(tmp_path / "plan.toml", '''\
        [plan]
        package = "pkg"
        baseline = "v1"

        [[step]]
        [[step.move]]
        source = "pkg.a"
        destination = "pkg.b"
        ''')
    code, _, err = check(capsys, str(src), "--plan", str(plan))
    assert code == 0 and "warning" not in err  # pkg.a is pending: no need for the baseline
    write(plan, plan.read_text().replace('"pkg.a"', '"pkg.gone"'))
    code, out, err = check(capsys, str(src), "--plan", str(plan))
    assert code == 1 and "baseline 'v1' cannot be read" in err and "does not resolve" in out


def test_ratchet_deprecated_paths_outside_the_repository(repo: Repo, tmp_path, capsys):
    repo.commit(CYCLE | {"migrations.toml": '[[migration]]\nold = "pkg.old"\nnew = "pkg.a"\n'})
    elsewhere = tree(tmp_path / "elsewhere", {"x.py": ""})
    code, _, err = check(capsys, str(repo.path), "--migrations", str(repo.path / "migrations.toml"),
                         "--deprecated-imports", str(elsewhere), "--base", "HEAD")
    assert code == 2 and "is not in that repository" in err


def test_github_annotations_keep_a_file_name_whole(tmp_path, capsys):
    """A folder named with ``,`` and ``::`` cannot add properties or end the file value."""
    src = tree(tmp_path / "odd,line=9::x" / "src", CYCLE)
    code, out, _ = check(capsys, str(src), "--format", "github")
    first = out.splitlines()[0]
    assert code == 1 and first.startswith("::error file=")
    assert "odd%2Cline=9%3A%3Ax" in first and first.count(",line=") == 1
    assert first.count("::") == 2  # the command's opening and the message's separator
