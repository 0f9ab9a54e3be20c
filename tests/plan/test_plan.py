"""The plan evaluated against real git revisions: pending → done → done with a shim, and a move
that went elsewhere found by its definitions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import refactor_history as scripted
from tests.helpers.files import write
from tests.helpers.gitrepo import Repo

from archdocs.analysis.plan import (
    DIVERGED,
    DONE,
    PENDING,
    SHIM,
    UNRESOLVED,
    evaluate_plan,
    read_plan,
)
from archdocs.reading.load import load_snapshot

#: The scripted refactor's repository and its plan file.
History = tuple[Repo, Path]


@pytest.fixture
def history(repo: Repo, tmp_path: Path) -> History:
    scripted.build(repo)
    return repo, write(tmp_path / "plan.toml", scripted.PLAN)


def statuses(repo: Repo, plan_path: Path, rev: str, baseline: bool = True) -> dict[str, Any]:
    plan, problems = read_plan(plan_path)
    assert plan is not None and problems == []
    base = load_snapshot(f"{repo.path}@v0") if baseline else None
    status = evaluate_plan(plan, load_snapshot(f"{repo.path}@{rev}"), base)
    return {m.move.source.rpartition(".")[2]: m for m in status.moves} | {"_": status}


def test_before_any_move_every_move_is_pending_with_what_it_touches(history: History):
    found = statuses(*history, "v0")
    feed, store, engine = found["feed"], found["store"], found["engine"]
    assert [m.status for m in (feed, store, engine)] == [PENDING] * 3
    assert feed.lines == len(scripted.FEED.splitlines())
    assert feed.package_imports == ("app.core.store",)
    assert feed.importers == ("app.core.runner",)
    assert store.importers == ("app.core.engine", "app.core.feed")
    assert found["_"].figures.modules == 4  # engine, feed, runner, store (no __init__)
    assert [m.projected for m in (feed, store, engine)] == [3, 2, 1]


def test_moved_without_shim_is_done(history: History):
    found = statuses(*history, "v1")
    assert found["feed"].status == DONE and found["feed"].where == ("app.ext.feed",)
    assert found["store"].status == PENDING
    # the moved feed still imports the old store: an importer outside the package, still listed
    assert found["store"].importers == ("app.core.engine", "app.ext.feed")
    assert [found["store"].projected, found["engine"].projected] == [2, 1]
    assert found["_"].completed == 1


def test_moved_with_a_warning_reexport_left_is_done_with_shim(history: History):
    found = statuses(*history, "v2")
    store = found["store"]
    assert store.status == SHIM
    assert store.where == ("app.ext.store",)
    assert "warns" in store.detail and "does not" not in store.detail
    assert found["_"].figures.shims == 1


def test_code_that_went_elsewhere_is_diverged_and_says_where(history: History):
    found = statuses(*history, "v3")
    engine = found["engine"]
    assert engine.status == DIVERGED
    assert engine.where == ("app.other.engine",)
    assert "app.other.engine" in engine.detail and "app.ext.engine" in engine.detail
    assert found["_"].completed == 2  # feed done, store done with a shim; engine went elsewhere


def test_without_a_baseline_a_vanished_module_cannot_be_traced(history: History):
    engine = statuses(*history, "v3", baseline=False)["engine"]
    assert engine.status == UNRESOLVED
    assert "baseline" in engine.detail


def test_a_diverged_shim_points_to_where_it_reexports_from(repo: Repo, tmp_path: Path):
    scripted.build(repo)
    repo.commit({"app/core/engine.py": scripted.STORE_SHIM.replace("app.ext.store",
                                                                   "app.other.engine")
                 .replace("Store", "Engine")}, tag="v4")
    assert statuses(repo, write(tmp_path / "plan.toml", scripted.PLAN), "v4",
                    baseline=False)["engine"].where == ("app.other.engine",)


def test_split_is_done_when_every_destination_exists(history, tmp_path: Path):
    repo, _ = history
    plan_path = write(tmp_path / "split.toml", '''\
        [plan]
        package = "app"
        [[step]]
        [[step.move]]
        source = "app.core.store"
        destination = ["app.ext.store", "app.ext.missing"]
        ''')
    plan, _ = read_plan(plan_path)
    assert plan is not None
    status = evaluate_plan(plan, load_snapshot(f"{repo.path}@v2"))
    assert status.moves[0].status == DIVERGED  # a shim, but one destination is missing
    assert status.moves[0].where == ("app.ext.store",)


def test_plan_problems_are_located(tmp_path: Path):
    path = write(tmp_path / "bad.toml", '''\
        [plan]
        package = "app"
        colour = "red"

        [targets]
        modules = [5, 2]
        cycles = { nonsense = 1, all = -1 }

        [[step]]
        name = "one"

        [[step.move]]
        source = "app.a"

        [[step.move]]
        source = "app.b"
        destination = "app.c"
        priority = "high"
        ''')
    plan, problems = read_plan(path)
    assert plan is not None
    found = {(p.line, p.message.split(":")[0].split(" ")[0]) for p in problems}
    lines = sorted(p.line for p in problems)
    assert lines == [3, 6, 7, 7, 12, 18], problems
    assert len(plan.moves) == 1 and plan.moves[0].line == 15
    assert all(str(p).startswith(f"{path}:") for p in problems), found


def test_unreadable_plan_is_one_problem(tmp_path: Path):
    plan, problems = read_plan(write(tmp_path / "p.toml", "[plan\n"))
    assert plan is None and problems[0].line == 1 and "not valid TOML" in problems[0].message
    plan, problems = read_plan(write(tmp_path / "q.toml", "[targets]\nmodules = [1, 2]\n"))
    assert plan is None and "package" in problems[0].message


# --- issue #14, 7a-7c: a module split into a package, a renamed package, `archdocs plan` ----------

BIG_PLAN = '''\
    [plan]
    package = "app.core"
    baseline = "v0"

    [[step]]
    name = "split the engine"

    [[step.move]]
    source = "app.core.engine"
    destination = {destination}
    '''


def _split_history(repo: Repo) -> None:
    """v0: app/core/engine.py holds Engine and Store; v1: a same-named package whose __init__
    re-exports them from two submodules."""
    repo.commit({"app/__init__.py": "", "app/core/__init__.py": "",
                 "app/core/engine.py": scripted.ENGINE.replace("from app.core.store import Store\n",
                                                               "")
                 + "\n\n" + scripted.STORE}, tag="v0")
    repo.commit({"app/core/engine.py": None,
                 "app/core/engine/__init__.py": "from app.core.engine.alpha import Engine\n"
                                                "from app.core.engine.beta import Store\n\n"
                                                "__all__ = ['Engine', 'Store']\n",
                 "app/core/engine/alpha.py": scripted.ENGINE.replace("app.core.store",
                                                                     "app.core.engine.beta"),
                 "app/core/engine/beta.py": scripted.STORE}, tag="v1")


@pytest.mark.parametrize(("destination", "expected"), [
    ('["app.core.engine.alpha", "app.core.engine.beta"]', DONE),
    ('"app.core.runtime"', DIVERGED),
])
def test_module_split_into_a_same_named_package(repo: Repo, tmp_path: Path, destination, expected):
    """7a: the source became a package whose code moved into submodules: not "pending"."""
    _split_history(repo)
    plan_path = write(tmp_path / "plan.toml", BIG_PLAN.replace("{destination}", destination))
    move = statuses(repo, plan_path, "v1")["engine"]
    assert move.status == expected
    assert move.where == ("app.core.engine.alpha", "app.core.engine.beta")
    assert "split into a package: Engine → app.core.engine.alpha, Store → app.core.engine.beta" \
        in move.detail
    before = statuses(repo, plan_path, "v0")["engine"]
    assert before.status == PENDING


def test_a_renamed_package_is_followed(repo: Repo, tmp_path: Path):
    """7b: each move is evaluated against the renamed package, and the evidence says so."""
    scripted.rename_history(repo)
    found = statuses(repo, write(tmp_path / "plan.toml", scripted.RENAME_PLAN), "v1")
    assert found["_"].renamed == "app.newname"
    assert (found["feed"].status, found["feed"].where) == (DONE, ("app.newname.io.feed",))
    assert found["store"].status == PENDING
    assert "package app.oldname renamed app.newname" in found["feed"].detail
    assert found["_"].figures.modules == 3  # feed, runner and store, in the renamed package
    assert found["_"].completed == 1


def test_plan_command_prints_every_move(history, capsys):
    """7c: ``archdocs plan`` lists every move with status and evidence, as text and JSON."""
    from archdocs.cli import main

    repo, plan_path = history
    args = ["plan", f"{repo.path}@v3", "--plan", str(plan_path), "--no-cache"]
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "app.core.feed → app.ext.feed: done" in text
    assert "app.core.store → app.ext.store: done, shim left" in text
    assert "app.core.engine → app.ext.engine: diverged" in text
    assert "evidence: moved to app.other.engine, not app.ext.engine" in text
    assert text.endswith("\n2 of 3 moves completed (1 done, 1 with a shim left); 1 diverged (went "
                         "elsewhere), 0 pending.\n")
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(m["source"], m["status"]) for m in data["moves"]] == [
        ("app.core.feed", DONE), ("app.core.store", SHIM), ("app.core.engine", DIVERGED)]
    assert data["moves"][2]["where"] == ["app.other.engine"]
    assert main(["plan", f"{repo.path}@v0", "--plan", str(plan_path), "--no-cache"]) == 0
    assert "touches:" in capsys.readouterr().out


def test_plan_command_renamed_package_and_mistakes(repo: Repo, tmp_path: Path, capsys):
    from archdocs.cli import main

    scripted.rename_history(repo)
    plan_path = write(tmp_path / "plan.toml", scripted.RENAME_PLAN)
    assert main(["plan", f"{repo.path}@v1", "--plan", str(plan_path), "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "(app.oldname, now app.newname)" in out
    assert "app.oldname.feed → app.oldname.io.feed: done" in out
    bad = write(tmp_path / "bad.toml", "[plan]\npackage = 5\n")
    assert main(["plan", f"{repo.path}@v1", "--plan", str(bad), "--no-cache"]) == 2
    assert f"{bad}:2" in capsys.readouterr().err


def test_check_follows_a_renamed_package(repo: Repo, tmp_path: Path, capsys):
    """7b: ``check`` measures the renamed package and reports each move against it, instead of
    "package 'app.oldname' is not in the code"."""
    from archdocs.cli import main

    scripted.rename_history(repo)
    plan_path = write(tmp_path / "plan.toml", scripted.RENAME_PLAN.replace(
        "[[step]]", "[targets]\n    modules = [1, 2]\n\n    [[step]]") + '''
    [[step.move]]
    source = "app.oldname.ghost"
    destination = "app.oldname.nowhere"
    ''')
    assert main(["check", f"{repo.path}@v1", "--plan", str(plan_path), "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "package 'app.oldname' is not in the code" not in out
    assert "app.newname has 3 modules, outside the target range 1–2" in out
    assert ("plan move app.oldname.ghost → app.oldname.nowhere does not resolve: package "
            "app.oldname renamed app.newname: evaluated as app.newname.ghost → "
            "app.newname.nowhere" in out)
    # Without a baseline nothing says where the package went: that, with how to say it.
    write(plan_path, plan_path.read_text().replace('baseline = "v0"', ""))
    assert main(["check", f"{repo.path}@v1", "--plan", str(plan_path), "--no-cache"]) == 1
    assert "package 'app.oldname' is not in the code; give the plan a baseline revision" \
        in capsys.readouterr().out


def test_history_says_absent_and_follows_the_rename(repo: Repo, tmp_path: Path, capsys):
    """7b: a package that is not there at a revision is "absent", not 0 modules; with the plan, the
    renamed package is measured and its moves counted."""
    from archdocs.cli import main

    scripted.rename_history(repo)
    args = ["history", str(repo.path), "--refs", "v0", "v1", "--no-cache", "--format", "csv"]
    assert main([*args, "--package", "app.oldname"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[1].startswith("v0,2025-01-01,3,")
    assert rows[2] == "v1,2025-01-02,absent" + ",—" * (len(rows[0].split(",")) - 3)
    assert main([*args, "--plan", str(write(tmp_path / "plan.toml", scripted.RENAME_PLAN))]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[1].endswith(",0/2") and rows[2].startswith("v1,2025-01-02,3,") \
        and rows[2].endswith(",1/2")


def test_diverged_moves_are_not_completed(repo: Repo, tmp_path: Path, capsys):
    """7b: the package renamed and its modules moved elsewhere than planned: no planned move
    happened, so 0/2 moves completed (it said 2/2)."""
    from archdocs.cli import main

    engine = scripted.ENGINE.replace("from app.core.store import Store\n", "").replace(
        "store: Store", "store")
    feed = scripted.FEED.replace("app.core.store", "app.oldname.store")
    repo.commit({"app/__init__.py": "", "app/oldname/__init__.py": "",
                 "app/oldname/runner.py": scripted.RUN,
                 "app/oldname/engine.py": engine, "app/oldname/feed.py": feed,
                 "app/oldname/store.py": scripted.STORE}, tag="v0")
    repo.commit({"app/oldname/__init__.py": None, "app/oldname/runner.py": None,
                 "app/oldname/engine.py": None, "app/oldname/feed.py": None,
                 "app/oldname/store.py": None, "app/newname/__init__.py": "",
                 "app/newname/runner.py": scripted.RUN, "app/newname/engine.py": engine,
                 "app/newname/misc/__init__.py": "",
                 "app/newname/misc/feed.py": feed.replace("app.oldname", "app.newname.misc"),
                 "app/newname/misc/store.py": scripted.STORE}, tag="v1")
    found = statuses(repo, write(tmp_path / "plan.toml", scripted.RENAME_PLAN), "v1")
    assert found["_"].renamed == "app.newname"
    assert [found[m].status for m in ("feed", "store")] == [DIVERGED, DIVERGED]
    assert found["store"].where == ("app.newname.misc.store",)
    assert found["_"].completed == 0
    assert main(["history", str(repo.path), "--refs", "v1", "--no-cache", "--format", "csv",
                 "--plan", str(tmp_path / "plan.toml")]) == 0
    assert capsys.readouterr().out.splitlines()[1].endswith(",0/2")
