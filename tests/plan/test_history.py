"""History over a scripted sequence of commits: the expected series, and a second run that parses
nothing again."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import refactor_history as scripted
from tests.helpers.files import write
from tests.helpers.gitrepo import Repo

from archdocs.analysis.history import (
    HistoryStats,
    history,
    revisions_for_refs,
    revisions_since,
    tagged_revisions,
)
from archdocs.analysis.metrics import Convention
from archdocs.analysis.plan import read_plan
from archdocs.cli import main
from archdocs.reading.cache import FactsCache


def test_series_over_tags(repo: Repo, tmp_path: Path):
    scripted.build(repo)
    plan, _ = read_plan(write(tmp_path / "plan.toml", scripted.PLAN))
    revisions = tagged_revisions(repo.path)
    assert [r.label for r in revisions] == ["v0", "v1", "v2", "v3"]
    points = history(repo.path, revisions, "app.core", Convention(), plan=plan)
    assert [p.figures.modules for p in points] == [4, 3, 3, 2]  # the shim counts (count_shims)
    assert [p.figures.shims for p in points] == [0, 0, 1, 1]
    assert [p.moves_completed for p in points] == [0, 1, 2, 2]  # v3's engine diverged: not done
    assert {p.moves_total for p in points} == {3}
    assert [p.figures.internal_edges for p in points] == [4, 2, 2, 0]
    with_init = history(repo.path, revisions[:1], "app.core", Convention(include_init=True))
    assert with_init[0].figures.modules == 5


def test_second_run_parses_nothing(repo: Repo, tmp_path: Path):
    scripted.build(repo)
    revisions = revisions_for_refs(repo.path, ["v0", "v1", "v2", "v3"])
    runs = []
    for _ in range(2):
        cache = FactsCache(tmp_path / "cache")
        stats = HistoryStats()
        history(repo.path, revisions, "app", Convention(), cache=cache, stats=stats)
        runs.append((stats, cache.hits, cache.misses))
        cache.close()
    (first, _, _), (second, second_hits, second_misses) = runs
    assert first.parsed == 10  # 7 files at v0, then one new blob per file changed or added
    assert second.parsed == 0 and second_misses == 0
    assert second.cached == first.cached + first.parsed and second_hits >= second.cached > 0


def test_since_every(repo: Repo):
    scripted.build(repo)
    every_other = revisions_since(repo.path, "2024-12-31", every=2)
    assert [r.commit for r in every_other] == [
        repo.git("rev-parse", f"{t}^{{commit}}") for t in ("v0", "v2", "v3")]


def test_cli_table_and_json(repo: Repo, tmp_path: Path, capsys):
    scripted.build(repo)
    plan = write(tmp_path / "plan.toml", scripted.PLAN)
    assert main(["history", str(repo.path), "--refs", "v0", "v3", "--plan", str(plan),
                 "--no-cache", "--format", "markdown"]) == 0
    out = capsys.readouterr()
    assert "| v0 | 2025-01-01 | 4 |" in out.out and "| 0/3 |" in out.out and "| 2/3 |" in out.out
    assert "2 revisions" in out.err
    assert main(["history", str(repo.path), "--refs", "nope", "--no-cache"]) == 2
    assert "unknown git revision 'nope'" in capsys.readouterr().err


def test_a_revision_whose_code_did_not_change_is_not_read_again(repo: Repo, tmp_path: Path):
    scripted.build(repo)
    repo.commit({"README.md": "docs only\n"}, tag="docs")
    stats = HistoryStats()
    points = history(repo.path, revisions_for_refs(repo.path, ["v3", "docs"]), "app",
                     Convention(), subdir="app", stats=stats)
    assert stats.unchanged == 1 and stats.revisions == 2
    assert points[0].figures == points[1].figures and points[1].revision.label == "docs"
    moved = history(repo.path, revisions_for_refs(repo.path, ["v2", "v3"]), "app", Convention(),
                    subdir="app", stats=HistoryStats())
    assert moved[0].figures != moved[1].figures


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "2030-01-01"], "no commits of HEAD since 2030-01-01"),
    (["--since", "2020-01-01", "--every", "0"], "--every must be 1 or more"),
    (["--plan", "missing.toml"], "missing.toml: cannot read"),
    ([], "no tags in"),
])
def test_cli_usage_errors(repo: Repo, capsys, args, message):
    repo.commit({"a.py": ""})
    assert main(["history", str(repo.path), "--no-cache", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("archdocs: error: ") and message in err and err.count("\n") == 1


def test_cli_not_a_repository(tmp_path: Path, capsys):
    assert main(["history", str(tmp_path), "--no-cache"]) == 2
    assert "not a git repository" in capsys.readouterr().err


def test_progress_bar_only_on_a_terminal(repo: Repo, capsys, monkeypatch):
    scripted.build(repo)
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(["history", str(repo.path), "--no-cache", "--format", "csv"]) == 0
    err = capsys.readouterr().err
    assert "\r[" in err and "] 4/4 v3" in err
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert main(["history", str(repo.path), "--no-cache", "--format", "csv"]) == 0
    assert "\r[" not in capsys.readouterr().err


def test_cli_subdir_that_is_nowhere(repo: Repo, capsys):
    scripted.build(repo)
    assert main(["history", str(repo.path), "--subdir", "nope", "--no-cache"]) == 2
    assert "'nope' is not a folder of" in capsys.readouterr().err
