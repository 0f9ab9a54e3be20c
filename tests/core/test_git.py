"""Git access: files of a revision are extracted by their literal paths."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.gitrepo import commit_all, init

from archdocs.reading.git import files_at, resolve_revision


def test_files_at_takes_paths_literally(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    init(repo)
    (repo / ":(glob)a.py").write_text("old = 1\n")  # pathspec magic, if git read it as such
    (repo / "b.py").write_text("b = 1\n")
    commit_all(repo, "first")
    (repo / ":(glob)a.py").write_text("new = 1\n")
    commit = resolve_revision(repo, "HEAD")
    with files_at(repo, commit, [":(glob)a.py"]) as (paths, folder):
        assert [Path(p).name for p in paths] == [":(glob)a.py"]
        assert Path(paths[0]).read_text() == "old = 1\n"
        assert not (Path(folder) / "b.py").exists()  # `*` matched nothing else
