"""Facts of unchanged modules stay encoded until read; damage found only then is reported, not
raised."""

from __future__ import annotations

from pathlib import Path

from tests.core.test_cache import TREE, damage, load


def test_warm_run_keeps_facts_encoded_until_read(make_tree, tmp_path: Path):
    root = make_tree(TREE)
    load(root, tmp_path / "cache")
    snap, stats = load(root, tmp_path / "cache")
    assert stats.parsed == 0 and stats.resolved == 0
    module = snap.get("pkg.a")
    assert isinstance(module.facts_source, bytes)
    assert [d.qualname for d in module.facts.classes] == ["A"]
    assert not isinstance(module.facts_source, bytes)


def test_damaged_facts_behind_a_valid_index_become_a_problem(make_tree, tmp_path: Path):
    root = make_tree(TREE)
    cache = tmp_path / "cache"
    load(root, cache)
    damage(cache, "UPDATE facts SET data = x'00ff00ff'")
    snap, stats = load(root, cache)  # the index is intact: nothing is decoded or resolved yet
    assert stats.resolved == 0
    assert {(i.importer, i.target) for i in snap.get("pkg.b").imports} == {("pkg.b", "pkg.c")}
    facts = snap.get("pkg.a").facts
    assert facts.definitions == ()
    assert "delete the archdocs cache" in facts.problems[0][1]
