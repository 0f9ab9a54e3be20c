"""A serial build keeps at most a budget of doctrees between reading and writing (the others are
read back from the doctree folder) with the same site as a build that keeps them all; the
collector, paused while the environment loads, runs while pages are read and is left as it was
found."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from archdocs.sphinxext import footprint


def built(make_app: Callable[..., SphinxTestApp], srcdir: Path) -> tuple[Path, dict[str, Any]]:
    """Build ``srcdir``; what the collector and Sphinx's doctree cache were once reading ended."""
    app = make_app("html", srcdir=srcdir)
    seen: dict[str, Any] = {}

    def after_reading(app: Any, env: Any) -> list[str]:
        seen.update(kept=len(env._write_doc_doctree_cache), read=len(env.all_docs),
                    frozen=gc.get_freeze_count(), enabled=gc.isenabled())
        return []

    app.connect("env-updated", after_reading)
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir), seen


def test_doctrees_kept_for_writing_stay_within_the_budget_and_the_site_is_the_same(
        project: Callable[..., Path], make_app: Callable[..., SphinxTestApp],
        monkeypatch: pytest.MonkeyPatch) -> None:
    before = (gc.get_freeze_count(), gc.isenabled())
    whole, kept_all = built(make_app, project(dest="whole"))
    assert kept_all["kept"] == kept_all["read"] > 20  # the test root is far below the budget
    monkeypatch.setattr(footprint, "DOCTREE_CACHE_BUDGET", 1)
    budgeted, kept_few = built(make_app, project(dest="budgeted"))
    assert kept_few["kept"] == 1  # the page read last; every other one was dropped
    pages = sorted(p.relative_to(whole) for p in whole.rglob("*.html"))
    assert pages == sorted(p.relative_to(budgeted) for p in budgeted.rglob("*.html"))
    for page in pages:
        assert (whole / page).read_bytes() == (budgeted / page).read_bytes(), page
    # the collector ran while pages were read (paused only while the environment loaded), with
    # nothing left frozen; afterwards, as before
    assert kept_few["frozen"] == 0 and kept_few["enabled"]
    assert (gc.get_freeze_count(), gc.isenabled()) == before


def test_a_full_collection_runs_whenever_peak_memory_grew_by_the_step(
        project: Callable[..., Path], make_app: Callable[..., SphinxTestApp],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading and writing a page leave cyclic garbage only a full collection frees; with a step
    of 0 KB, one runs after each page read and each page resolved."""
    full: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(count)
    try:
        built(make_app, project(dest="default"))
        by_default = len(full)
        full.clear()
        monkeypatch.setattr(footprint, "GROWTH_KB", 0)
        _, stepped = built(make_app, project(dest="stepped"))
    finally:
        gc.callbacks.remove(count)
    assert len(full) >= 2 * stepped["read"] > by_default
