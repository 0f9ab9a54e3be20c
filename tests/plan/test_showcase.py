"""Our Phase 3 plan (conf/plan.toml) against the showcase history built by make_history.py: at
``midway`` every status a plan page can show appears, with the figures the sample README states."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers.paths import REPO

from archdocs.analysis.history import history, tagged_revisions
from archdocs.analysis.plan import DIVERGED, DONE, PENDING, SHIM, evaluate_plan, read_plan
from archdocs.reading.cache import FactsCache
from archdocs.reading.load import load_snapshot


@pytest.fixture(scope="module")
def showcase(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("showcase") / "history"
    subprocess.run([sys.executable, str(REPO / "docs/showcase/make_history.py"), str(dest)],
                   check=True, capture_output=True)
    return dest


def test_midway_shows_every_status(showcase: Path):
    plan, problems = read_plan(REPO / "conf/plan.toml")
    assert plan is not None and problems == []
    status = evaluate_plan(plan, load_snapshot(f"{showcase}@midway"),
                           load_snapshot(f"{showcase}@{plan.baseline}"))
    by_source = {m.move.source.removeprefix("bot_v2.orchestration."): m for m in status.moves}
    assert {m.status for m in status.moves} == {PENDING, DONE, SHIM, DIVERGED}
    assert by_source["session_guard"].status == DONE
    assert by_source["streaming_service"].status == SHIM
    assert by_source["configuration"].status == SHIM  # a split, with a PEP 562 shim
    broker = by_source["deterministic_broker"]
    assert broker.status == DIVERGED
    assert broker.where == ("bot_v2.features.brokerages.deterministic",)
    monitor = by_source["system_monitor"]
    assert monitor.status == PENDING
    assert monitor.package_imports == tuple(f"bot_v2.orchestration.{m}" for m in
                                            ("configuration", "perps_bot", "service_registry"))
    assert status.figures.modules == 28 and status.figures.shims == 7  # as the README says
    assert monitor.projected == 27


def test_history_of_the_plan(showcase: Path, tmp_path: Path):
    plan, _ = read_plan(REPO / "conf/plan.toml")
    assert plan is not None
    revisions = tagged_revisions(showcase)
    assert [r.label for r in revisions] == ["phase-0", "phase-1", "phase-2", "phase-3a", "phase-3b",
                                            "phase-3c / midway"]
    cache = FactsCache(tmp_path / "cache")
    points = history(showcase, revisions, plan.package, plan.targets.convention,
                     count_shims=plan.targets.count_shims, plan=plan, cache=cache)
    cache.close()
    assert points[2].figures.modules == 31  # phase-2: "31 modules without __init__.py"
    # deterministic_broker went elsewhere than planned (diverged): not counted as completed
    assert [p.moves_completed for p in points][2:] == [0, 3, 6, 9]
    assert [dict(p.figures.cycles)["import-time"] for p in points][2:] == [1, 1, 1, 1]
