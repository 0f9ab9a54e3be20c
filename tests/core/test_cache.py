"""The facts cache: a second run parses nothing, a one-file edit parses one file, git blobs are
shared across revisions and paths, warm results equal cold ones, corruption and concurrency are
harmless."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from tests.helpers.cached_load import TREE, damage, load
from tests.helpers.files import age
from tests.helpers.gitrepo import commit_all, git

from archdocs.cli import main
from archdocs.reading.cache import blob_ids
from archdocs.reading.load import LoadStats, load_snapshot


def same(a, b) -> bool:
    """Same modules, facts, imports, re-exports and problems."""
    def key(s):
        return ([(m.name, m.path, m.blob, m.imports, m.reexports, m.facts) for m in s.modules],
                s.problems)
    return key(a) == key(b)


def test_blob_ids_are_gits_with_either_sha1():
    """A few bytes are hashed by CPython's own SHA-1, a megabyte by OpenSSL's: both are git's
    ids."""
    def git_id(data: bytes) -> str:
        return subprocess.run(["git", "hash-object", "--stdin"], input=data, capture_output=True,
                              check=True).stdout.decode().strip()

    small, large = b"hello\n", b"x = 1\n" * 200_000
    assert blob_ids([small]) == [git_id(small)]
    assert blob_ids([small, large]) == [git_id(small), git_id(large)]


def test_second_run_parses_nothing_and_equals_the_first(make_tree, tmp_path: Path):
    root = make_tree(TREE)
    cold, stats = load(root, tmp_path / "cache")
    assert (stats.files, stats.parsed) == (6, 6)
    warm, stats = load(root, tmp_path / "cache")
    assert (stats.parsed, stats.cached) == (0, 6)
    assert stats.read == 6  # written just now: their stats are not trusted yet (see below)
    age(root)
    load(root, tmp_path / "cache")
    warm, stats = load(root, tmp_path / "cache")
    assert (stats.parsed, stats.cached, stats.read) == (0, 6, 0)  # not even read
    assert same(cold, warm)
    assert same(warm, load_snapshot(root))  # and equals an uncached run


def test_editing_one_file_parses_exactly_that_file(make_tree, tmp_path: Path):
    root = make_tree(TREE)
    load(root, tmp_path / "cache")
    (root / "pkg" / "b.py").write_text("import pkg.c\nimport pkg.e\n")
    snap, stats = load(root, tmp_path / "cache")
    assert stats.parsed == 1
    assert [i.target for i in snap.get("pkg.b").imports] == ["pkg.c", "pkg.e"]
    assert same(snap, load_snapshot(root))


def test_edits_that_change_other_modules_resolution_are_seen(make_tree, tmp_path: Path):
    root = make_tree(TREE)
    load(root, tmp_path / "cache")
    # the star-imported module changes its public names: its importer re-exports the new ones
    (root / "pkg" / "d.py").write_text("__all__ = ['X', 'Y']\nX = Y = 1\n")
    snap, stats = load(root, tmp_path / "cache")
    assert stats.parsed == 1
    assert [r.name for r in snap.get("pkg.c").reexports] == ["X", "Y"]
    # a module disappears: the import of it now resolves to its package
    (root / "pkg" / "c.py").unlink()
    snap, stats = load(root, tmp_path / "cache")
    assert stats.parsed == 0 and "pkg.c" not in snap
    assert [(i.target, i.names) for i in snap.get("pkg.b").imports] == [("pkg", ())]
    # it comes back: the import names it again (its bytes were seen before: nothing to parse)
    (root / "pkg" / "c.py").write_text(TREE["pkg/c.py"])
    snap, stats = load(root, tmp_path / "cache")
    assert stats.parsed == 0
    assert [i.target for i in snap.get("pkg.b").imports] == ["pkg.c"]
    assert same(snap, load_snapshot(root))


def test_modules_added_and_removed_deep_in_unchanged_folders_are_seen(make_tree, tmp_path: Path):
    """A warm run stats every folder it listed before, also folders that hold no Python (a
    package's data folders): a module added in one, or a sub-package removed, is seen."""
    root = make_tree({**TREE, "pkg/locale/en/LC_MESSAGES/django.po": ""})
    age(root)  # stats old enough to be trusted: the next run walks nothing unless a folder changed
    load(root, tmp_path / "cache")
    (root / "pkg" / "locale" / "en" / "LC_MESSAGES" / "extra.py").write_text("import pkg.a\n")
    snap, stats = load(root, tmp_path / "cache")
    assert stats.parsed == 1 and "pkg.locale.en.LC_MESSAGES.extra" in snap
    shutil.rmtree(root / "pkg" / "locale" / "en")
    snap, stats = load(root, tmp_path / "cache")
    assert stats.parsed == 0 and not any(m.name.startswith("pkg.locale") for m in snap.modules)
    assert same(snap, load_snapshot(root))


def test_an_edit_within_the_same_mtime_as_the_last_run_is_seen(make_tree, tmp_path: Path):
    """A file or folder changed again within one timestamp tick keeps its mtime: stats taken
    shortly after a change are not trusted by the next run (git's racily clean entries)."""
    root = make_tree(TREE)
    load(root, tmp_path / "cache")
    for path, text in ((root / "pkg" / "b.py", "import pkg.e\n"), (root / "pkg" / "new.py", "")):
        folder = os.stat(path.parent)
        before = os.stat(path) if path.exists() else None
        path.write_text(text)  # same size as before for b.py: only the mtime could tell
        if before is not None:
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.utime(path.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))
        snap, _ = load(root, tmp_path / "cache")
        assert same(snap, load_snapshot(root)), path


def test_facts_are_shared_by_content_across_paths_and_revisions(make_tree, tmp_path: Path):
    repo = make_tree(TREE, tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    first = commit_all(repo, "one", "2024-01-01T00:00:00+00:00")
    (repo / "pkg" / "b.py").write_text("import pkg.d\n")
    (repo / "pkg" / "new.py").write_text("import pkg.b\n")
    second = commit_all(repo, "two", "2024-01-02T00:00:00+00:00")
    cache = tmp_path / "cache"
    snap, stats = load(f"{repo}@{first}", cache)
    assert stats.parsed == 6
    snap, stats = load(f"{repo}@{second}", cache)
    assert stats.parsed == 2  # only the changed and the new blob
    assert snap.revision == second and "pkg.new" in snap
    assert [i.target for i in snap.get("pkg.b").imports] == ["pkg.d"]
    # the work tree holds the second revision's bytes: nothing to parse
    snap_disk, stats = load(repo, cache)
    assert stats.parsed == 0 and same(snap, snap_disk)
    # and a copy of the tree elsewhere reuses them too
    copy = make_tree({f"pkg/{p.name}": p.read_text() for p in (repo / "pkg").glob("*.py")},
                     tmp_path / "copy")
    _, stats = load(copy, cache)
    assert stats.parsed == 0


def test_a_corrupt_cache_gives_one_warning_and_correct_results(make_tree, tmp_path: Path):
    root = make_tree(TREE)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "facts.sqlite3").write_bytes(b"this is not a database" * 100)
    warnings: list[str] = []
    snap, stats = load(root, cache, warnings)
    assert len(warnings) == 1 and f"{cache / 'facts.sqlite3'} was unreadable" in warnings[0]
    assert (cache / "facts.sqlite3.damaged").read_bytes() == b"this is not a database" * 100
    assert same(snap, load_snapshot(root))
    # the fresh cache works afterwards, silently
    warnings.clear()
    _, stats = load(root, cache, warnings)
    assert warnings == [] and stats.parsed == 0


def test_damaged_index_rows_are_rebuilt(make_tree, tmp_path: Path):
    root = make_tree(TREE)
    cache = tmp_path / "cache"
    load(root, cache)
    damage(cache, "UPDATE indexes SET data = x'00ff00ff'")
    snap, _ = load(root, cache)
    assert same(snap, load_snapshot(root))


def test_a_damaged_facts_row_is_parsed_again(make_tree, tmp_path: Path):
    root = make_tree(TREE)
    cache = tmp_path / "cache"
    load(root, cache)
    damage(cache, "UPDATE facts SET data = x'00ff00ff'")
    damage(cache, "DELETE FROM indexes")
    snap, _ = load(root, cache)
    assert same(snap, load_snapshot(root))


def _load_in_child(args: tuple[str, str]) -> list[tuple[str, str]]:
    root, cache = args
    snap, _ = load(root, Path(cache))
    return sorted((i.importer, i.target) for m in snap.modules for i in m.imports)


def test_two_processes_loading_at_once_both_succeed(make_tree, tmp_path: Path):
    files = dict(TREE)
    files.update({f"pkg/gen{i}.py": f"import pkg.gen{i - 1}\n" * (i % 5) + f"X{i} = {i}\n"
                  for i in range(1, 200)})
    root = make_tree(files)
    cache = tmp_path / "cache"
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.map(_load_in_child, [(str(root), str(cache))] * 4, chunksize=1)
    assert all(r == results[0] for r in results) and len(results[0]) > 150
    _, stats = load(root, cache)
    assert stats.parsed == 0


def test_worker_processes_give_the_same_snapshot_as_one_process(make_tree):
    files = dict(TREE)
    files.update({f"pkg/gen{i}.py": f"from pkg import gen{i - 1}\n" * (i % 3)
                                    + f"class C{i}: pass\n"
                  for i in range(1, 220)})
    root = make_tree(files)
    serial = load_snapshot(root, jobs=1)
    stats = LoadStats()
    parallel = load_snapshot(root, jobs=2, stats=stats)
    assert stats.parsed == len(files) > 150  # enough files for worker processes to start
    assert same(serial, parallel)


def test_a_cache_damaged_mid_run_warns_once_names_the_cache_in_use_and_is_set_aside(
        make_tree, tmp_path: Path, monkeypatch, capsys):
    """A bad page opens fine and fails a query: one warning naming the --cache-dir given (not
    $ARCHDOCS_CACHE_DIR), the file moved aside, correct results, and the next run is silent."""
    files = dict(TREE)
    files.update({f"pkg/gen{i}.py": f'"""Module {i}."""\nimport pkg.gen{i - 1}\n'
                                    + "def f(): pass\n" * 20
                  for i in range(1, 300)})
    root = make_tree(files)
    cache = tmp_path / "given-cache"
    monkeypatch.setenv("ARCHDOCS_CACHE_DIR", str(tmp_path / "env-cache"))
    command = ["report", str(root), "--cache-dir", str(cache), "--format", "json", "--jobs", "1"]
    assert main(command) == 0
    expected = capsys.readouterr().out
    database = cache / "facts.sqlite3"
    schema = sqlite3.connect(database)
    [facts_page] = schema.execute(
        "SELECT rootpage FROM sqlite_master WHERE name='facts'").fetchone()
    [size] = schema.execute("PRAGMA page_size").fetchone()
    schema.close()
    data = bytearray(database.read_bytes())
    for start in range((facts_page - 1) * size, len(data), size):  # the facts table's pages on
        data[start:start + size] = b"\xa5" * size
    database.write_bytes(bytes(data))
    assert main(command) == 0
    out, err = capsys.readouterr()
    assert out == expected
    [warning] = err.splitlines()
    assert f"archdocs cache {database} is damaged" in warning
    assert f"moved it to {database}.damaged" in warning and "env-cache" not in warning
    assert (cache / "facts.sqlite3.damaged").exists() and not (tmp_path / "env-cache").exists()
    assert main(command) == 0
    assert capsys.readouterr() == (expected, "")  # a fresh cache: no warning again
    assert main(command) == 0
    assert capsys.readouterr() == (expected, "")
