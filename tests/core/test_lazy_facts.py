"""Facts of unchanged modules stay encoded until read; damage found only then is reported, not
raised."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers.cached_load import TREE, count_decodes, damage, load

from archdocs.analysis.graph import build_graph
from archdocs.model import Module, Snapshot
from archdocs.reading import cache as cache_layer
from archdocs.reading.load import load_snapshot


@pytest.fixture
def decoded(monkeypatch) -> list[bytes]:
    """The encoded facts decoded so far."""
    return count_decodes(monkeypatch)


def module(snapshot: Snapshot, name: str) -> Module:
    found = snapshot.get(name)
    assert found is not None, name
    return found


def test_warm_run_keeps_facts_encoded_until_read(make_tree, tmp_path: Path, decoded):
    root = make_tree(TREE)
    load(root, tmp_path / "cache")
    decoded.clear()
    snap, stats = load(root, tmp_path / "cache")
    assert stats.parsed == 0 and stats.resolved == 0
    build_graph(snap)
    assert decoded == []  # the graph needs none
    assert [d.qualname for d in module(snap, "pkg.a").facts.classes] == ["A"]
    assert [d.qualname for d in module(snap, "pkg.a").facts.classes] == ["A"]
    assert len(decoded) == 1  # decoded once, then kept


def test_loads_sharing_a_cache_decode_a_blob_once(make_tree, tmp_path: Path, decoded):
    """The revisions of a history share one cache: an unchanged file's facts are decoded once."""
    root = make_tree(TREE)
    cache = cache_layer.FactsCache(tmp_path / "cache")
    first = module(load_snapshot(root, cache=cache, jobs=1), "pkg.a")
    second = module(load_snapshot(root, cache=cache, jobs=1), "pkg.a")
    decoded.clear()
    assert first.facts is second.facts
    assert len(decoded) == 1


def test_damaged_facts_behind_a_valid_index_become_a_problem(make_tree, tmp_path: Path):
    root = make_tree(TREE)
    cache = tmp_path / "cache"
    load(root, cache)
    damage(cache, "UPDATE facts SET data = x'00ff00ff'")
    snap, stats = load(root, cache)  # the index is intact: nothing is decoded or resolved yet
    assert stats.resolved == 0
    assert {(i.importer, i.target) for i in module(snap, "pkg.b").imports} == {("pkg.b", "pkg.c")}
    facts = module(snap, "pkg.a").facts
    assert facts.definitions == ()
    assert "delete the archdocs cache" in facts.problems[0][1]
