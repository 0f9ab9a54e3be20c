"""What keeps a site of a large code base cheap: whole-snapshot analyses computed once per build and
kind set (not per directive), shared read-only, recomputed when the code changes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.sphinx.conftest import Build
from tests.sphinx.test_incremental import touch

from archdocs.metrics import GraphFacts
from archdocs.model import KIND_SETS, ImportKind, Snapshot


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch,
             tmp_path: Path) -> list[tuple[int, frozenset[ImportKind]]]:
    """Every whole-graph computation of the build in this process: (snapshot id, kinds); every
    process (forked ``-j`` workers too) also appends its pid to ``tmp_path / "pids"``."""
    calls: list[tuple[int, frozenset[ImportKind]]] = []
    original = GraphFacts.of.__func__  # type: ignore[attr-defined]
    pids = tmp_path / "pids"

    def counting(cls: type[GraphFacts], snapshot: Snapshot,
                 kinds: frozenset[ImportKind]) -> GraphFacts:
        calls.append((id(snapshot), kinds))
        with pids.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return original(cls, snapshot, kinds)  # type: ignore[no-any-return]

    monkeypatch.setattr(GraphFacts, "of", classmethod(counting))
    return calls


def test_whole_graph_is_computed_once_per_build_and_kind_set(
        project: Callable[..., Path], build: Callable[..., Build],
        computed: list[tuple[int, frozenset[ImportKind]]]) -> None:
    """Twenty-odd pages of inventories, module cards and diagrams; the graph is built once per
    kind set. Without the memo every inventory and card rebuilt it (minutes on 8,000 modules)."""
    srcdir = project()
    first = build(srcdir)
    assert len(first.read) > 20
    whole = [c for c in computed if c[1] == KIND_SETS["all"]]
    assert len(whole) == 1, computed
    assert len(computed) == len(set(computed)), f"computed twice: {computed}"
    # the code changes: the next build has a new snapshot and computes afresh (no stale memo)
    views = srcdir / "code/src/shop/api/views.py"
    touch(views, views.read_text() + "\n\nfrom shop import cart\n")
    computed.clear()
    second = build(srcdir)
    assert second.read and len([c for c in computed if c[1] == KIND_SETS["all"]]) == 1
    assert "shop.cart" in second.html("_generated/archdocs/shop.api")


def test_shared_results_cannot_be_changed_by_a_page(project: Callable[..., Path],
                                                    build: Callable[..., Build]) -> None:
    from archdocs.sphinxext.analysis import graph_facts, snapshot_for

    result = build(project())
    env = result.app.env
    snapshot = snapshot_for(env)
    facts = graph_facts(env, snapshot, KIND_SETS["all"])
    assert graph_facts(env, snapshot, KIND_SETS["all"]) is facts
    with pytest.raises(TypeError):
        facts.predecessors["shop.cart"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        facts.dependents["shop.cart"] = 0  # type: ignore[index]
    assert all(isinstance(v, tuple) for v in facts.successors.values())


def test_parallel_read_workers_inherit_the_whole_graph(
        project: Callable[..., Path], build: Callable[..., Build],
        computed: list[tuple[int, frozenset[ImportKind]]]) -> None:
    """``-j 2`` forks a worker per chunk of documents: the main process computes the graph facts
    of the default kind sets before forking, so no worker recomputes them per chunk."""
    srcdir = project()
    result = build(srcdir, parallel=2)
    assert result.merged > 0, "the -j 2 build did not read in parallel"
    assert {KIND_SETS["all"], KIND_SETS["import-time"]} <= {kinds for _, kinds in computed}
    pids = (srcdir.parent / "pids").read_text().split()
    assert set(pids) == {str(os.getpid())}, "a read worker recomputed the whole graph"
