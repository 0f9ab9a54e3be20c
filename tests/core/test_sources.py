"""Which files are modules and what they are called: package folders, project roots, src layouts,
namespace packages, selection globs, skipped folders and git revisions read without a checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.helpers.gitrepo import commit_all, git, init
from tests.helpers.snapshots import internal_edges, targets

from archdocs.cli import main
from archdocs.reading.errors import SourceError
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection


def test_a_package_folder_names_its_modules_below_the_package(analyse):
    snap = analyse({"proj/pkg/__init__.py": "", "proj/pkg/a.py": "from . import b\n",
                    "proj/pkg/b.py": ""}, base="proj/pkg")
    assert sorted(snap.names) == ["pkg", "pkg.a", "pkg.b"]
    assert snap.get("pkg.a").path == "pkg/a.py"
    assert snap.get("pkg").is_package and not snap.get("pkg.a").is_package


def test_src_layout_is_detected(analyse):
    snap = analyse({"src/pkg/__init__.py": "", "src/pkg/a.py": "import pkg\n", "setup.py": "",
                    "noxfile.py": ""})
    assert sorted(snap.names) == ["pkg", "pkg.a"]
    assert snap.roots == ("src",)
    assert snap.get("pkg.a").path == "src/pkg/a.py"


def test_a_project_root_with_several_top_level_packages(analyse):
    snap = analyse({"alpha/__init__.py": "", "alpha/core.py": "import beta.util\n",
                    "beta/__init__.py": "", "beta/util.py": "from alpha import core\n",
                    "tool.py": "import alpha\n"})
    assert sorted(snap.names) == ["alpha", "alpha.core", "beta", "beta.util", "tool"]
    assert internal_edges(snap) == {("alpha.core", "beta.util"), ("beta.util", "alpha.core"),
                                    ("tool", "alpha")}
    assert [m.name for m in snap.in_package("alpha")] == ["alpha", "alpha.core"]


def test_namespace_packages_without_init(analyse):
    snap = analyse({"ns/part/__init__.py": "",
                    "ns/part/a.py": "from ns.other import b\nimport ns.part\n",
                    "ns/other/b.py": "from ns import part\nimport ns\n"})
    assert sorted(snap.names) == ["ns.other.b", "ns.part", "ns.part.a"]
    assert snap.is_package_name("ns") and snap.is_package_name("ns.other")
    assert not snap.is_package_name("ns.other.b")
    assert targets(snap, "ns.part.a") == {"ns.other.b": "runtime", "ns.part": "runtime"}
    # ``import ns`` names a namespace package (no module to point at): no edge, and no problem
    assert targets(snap, "ns.other.b") == {"ns.part": "runtime"}
    assert [p for p in snap.problems if p.code == "resolve"] == []
    assert [m.name for m in snap.in_package("ns.part")] == ["ns.part", "ns.part.a"]


def test_a_top_level_name_that_is_not_ours_is_external(analyse):
    snap = analyse({"pkg/__init__.py": "", "other/__init__.py": "", "other/x.py": "import pkgz\n"})
    assert targets(snap, "other.x") == {"pkgz": "runtime"}
    assert snap.get("other.x").imports[0].internal is False


def test_an_import_below_a_namespace_package_that_names_no_module_is_another_portion(analyse):
    """A namespace package (PEP 420) may be spread over distributions: a name below it that no
    module of ours is on is another distribution's portion, an external dependency (issue 13
    item 14; this was a "resolve" problem per import: 466 of them on one family)."""
    snap = analyse({"ns/a.py": "import ns.missing\nfrom ns.gone import x\nimport ns\n"})
    assert targets(snap, "ns.a") == {"ns.missing": "runtime", "ns.gone": "runtime"}
    assert not any(i.internal for i in snap.get("ns.a").imports)
    assert snap.problems == ()


def test_tests_are_skipped_by_default_and_included_on_request(analyse):
    files = {"pkg/__init__.py": "", "pkg/a.py": "", "pkg/tests/__init__.py": "",
             "pkg/tests/test_a.py": "import pkg.a\n", "pkg/test_b.py": "", "pkg/b_test.py": "",
             "pkg/conftest.py": "", "tests/test_top.py": "", "conftest.py": ""}
    assert sorted(analyse(files).names) == ["pkg", "pkg.a"]
    assert sorted(analyse(files, include_tests=True).names) == [
        "conftest", "pkg", "pkg.a", "pkg.b_test", "pkg.conftest", "pkg.test_b", "pkg.tests",
        "pkg.tests.test_a", "tests.test_top"]


def test_include_and_exclude_globs(analyse):
    files = {"pkg/__init__.py": "", "pkg/a.py": "", "pkg/gen/__init__.py": "",
             "pkg/gen/x_pb2.py": "",
             "pkg/gen/y.py": "", "other/__init__.py": ""}
    assert sorted(analyse(files, exclude=("pkg/gen/*",)).names) == ["other", "pkg", "pkg.a"]
    assert sorted(analyse(files, exclude=("*_pb2.py",)).names) == [
        "other", "pkg", "pkg.a", "pkg.gen", "pkg.gen.y"]
    assert sorted(analyse(files, include=("pkg/*",)).names) == [
        "pkg", "pkg.a", "pkg.gen", "pkg.gen.x_pb2", "pkg.gen.y"]
    assert sorted(analyse(files, include=("pkg/*",), exclude=("pkg/gen/*",)).names) == ["pkg",
                                                                                        "pkg.a"]


def test_globs_match_the_paths_reports_show_also_for_a_package_folder(analyse, make_tree, tmp_path):
    files = {"pkg/__init__.py": "", "pkg/a.py": "", "pkg/gen/__init__.py": "", "pkg/gen/x.py": "",
             "pkg/tests/test_a.py": ""}
    # reading the package folder itself names paths pkg/...; the same globs work as on its parent
    snap = analyse(files, base="pkg", exclude=("pkg/gen/*",))
    assert sorted(snap.names) == ["pkg", "pkg.a"]
    assert sorted(analyse(files, base="pkg", include=("pkg/gen/*",)).names) == ["pkg.gen",
                                                                                "pkg.gen.x"]
    assert sorted(analyse(files, exclude=("pkg/gen/*",)).names) == ["pkg", "pkg.a"]
    # and the pruned folder is not even listed
    root = tmp_path / "tree"
    (root / "pkg" / "gen" / "broken.py").symlink_to(root / "nowhere")
    snap = load_snapshot(root / "pkg", Selection(exclude=("pkg/gen/*",)))
    assert snap.problems == ()
    snap = load_snapshot(root / "pkg")
    assert [(p.path, p.code) for p in snap.problems] == [("pkg/gen/broken.py", "read")]


def test_tool_hidden_and_environment_folders_are_skipped(analyse):
    snap = analyse({"pkg/__init__.py": "", ".venv/lib/x.py": "", "venv/y.py": "",
                    "pkg/__pycache__/z.py": "", "build/lib/pkg/__init__.py": "",
                    "node_modules/n.py": "", "pkg/.hidden/h.py": "", "docs/conf.py": "",
                    "my-script.py": "", "pkg.egg-info/e.py": ""})
    assert sorted(snap.names) == ["pkg"]


def test_a_package_named_like_a_virtual_environment_is_read(analyse, make_tree, tmp_path):
    files = {"app/__init__.py": "", "app/env/__init__.py": "", "app/env/settings.py": "",
             "app/venv/x.py": "", "env/lib/y.py": "",
             "app/main.py": "from app.env import settings\n"}
    snap = analyse(files)
    assert sorted(snap.names) == ["app", "app.env", "app.env.settings", "app.main"]
    assert targets(snap, "app.main") == {"app.env.settings": "runtime"}
    repo = make_tree(files, tmp_path / "repo")
    init(repo)
    commit_all(repo, "one", "2024-01-01T00:00:00+00:00")
    assert comparable(load_snapshot(f"{repo}@main")) == comparable(load_snapshot(repo))


def test_inside_a_package_folder_build_and_docs_are_subpackages(analyse):
    snap = analyse({"pkg/__init__.py": "", "pkg/build/__init__.py": "", "pkg/docs/x.py": ""},
                   base="pkg")
    assert sorted(snap.names) == ["pkg", "pkg.build", "pkg.docs.x"]


def test_explicit_roots(analyse):
    snap = analyse({"lib/one/__init__.py": "", "app/two/__init__.py": "import one\n"},
                   roots=("lib", "app"))
    assert sorted(snap.names) == ["one", "two"]
    assert internal_edges(snap) == {("two", "one")}


def test_missing_path_raises_a_source_error(tmp_path: Path):
    with pytest.raises(SourceError, match="no such file or directory"):
        load_snapshot(tmp_path / "nothere")


# --- git revisions --------------------------------------------------------------------------------

V1 = {"src/pkg/__init__.py": "from .a import A\n",
      "src/pkg/a.py": "from pkg import b\nclass A: pass\n",
      "src/pkg/b.py": "import pkg.a\n", "src/pkg/c.py": "def f():\n    import pkg.b\n",
      "tests/test_a.py": "import pkg.a\n", "README.md": "hello\n"}
V2 = {"src/pkg/b.py": "import json\n", "src/pkg/d.py": "from . import c\n"}


@pytest.fixture
def repo(make_tree, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A repository with tags v1 and v2 (b changed, d added); the work tree is at v2."""
    path = make_tree(V1, tmp_path / "repo")
    init(path)
    shas = {"v1": commit_all(path, "v1", "2024-01-01T00:00:00+00:00")}
    git(path, "tag", "v1")
    make_tree(V2, path)
    shas["v2"] = commit_all(path, "v2", "2024-02-01T00:00:00+00:00")
    git(path, "tag", "v2")
    return path, shas


def comparable(snapshot):
    return ([(m.name, m.path, m.is_package, m.blob, m.imports, m.reexports, m.facts)
             for m in snapshot.modules], snapshot.problems, snapshot.roots)


def test_a_revision_equals_the_analysis_of_its_checkout(repo, tmp_path: Path):
    path, shas = repo
    checkout = tmp_path / "checkout"
    git(path, "worktree", "add", "-q", "--detach", str(checkout), "v1")
    from_git = load_snapshot(f"{path}@v1")
    from_disk = load_snapshot(checkout)
    assert from_git.revision == shas["v1"]
    assert sorted(from_git.names) == ["pkg", "pkg.a", "pkg.b", "pkg.c"]
    assert comparable(from_git) == comparable(from_disk)
    assert internal_edges(load_snapshot(f"{path}@v2")) == {
        ("pkg", "pkg.a"), ("pkg.a", "pkg.b"), ("pkg.c", "pkg.b"), ("pkg.d", "pkg.c")}


def test_a_revision_with_a_subdirectory(repo):
    path, _ = repo
    snap = load_snapshot(f"{path}@v1:src/pkg")
    assert sorted(snap.names) == ["pkg", "pkg.a", "pkg.b", "pkg.c"]
    assert internal_edges(snap) == internal_edges(load_snapshot(f"{path}@v1"))


def test_unknown_revision_and_missing_path_exit_2_with_one_line(repo, tmp_path: Path, capsys):
    path, _ = repo
    assert main(["report", f"{path}@no-such-tag", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown git revision 'no-such-tag'" in err
    assert main(["report", str(tmp_path / "missing"), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file or directory" in err
    plain = tmp_path / "plain"
    plain.mkdir()
    assert main(["report", f"{plain}@main", "--no-cache"]) == 2
    assert "not a git repository" in capsys.readouterr().err
    with pytest.raises(SourceError, match="unknown git revision"):
        load_snapshot(f"{path}@deadbeef")


def test_symlinked_modules_and_package_subfolders_read_from_git_as_from_a_checkout(make_tree,
                                                                                   tmp_path):
    path = make_tree({"lib/pkg/__init__.py": "", "lib/pkg/real.py": "X = 1\n",
                      "lib/pkg/a.py": "import pkg.alias\nfrom pkg.docs import guide\n",
                      "lib/pkg/docs/__init__.py": "", "lib/pkg/docs/guide.py": "",
                      "lib/pkg/build/__init__.py": ""}, tmp_path / "repo")
    os.symlink("real.py", path / "lib" / "pkg" / "alias.py")
    init(path)
    commit_all(path, "one", "2024-01-01T00:00:00+00:00")
    checkout = tmp_path / "checkout"
    git(path, "worktree", "add", "-q", "--detach", str(checkout), "HEAD")
    from_git = load_snapshot(f"{path}@HEAD:lib/pkg")
    from_disk = load_snapshot(checkout / "lib" / "pkg")
    assert sorted(from_git.names) == ["pkg", "pkg.a", "pkg.alias", "pkg.build", "pkg.docs",
                                      "pkg.docs.guide", "pkg.real"]
    assert comparable(from_git) == comparable(from_disk)
    assert from_git.get("pkg.alias").blob == from_git.get("pkg.real").blob
