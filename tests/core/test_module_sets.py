"""Which files make the module set, and what the listing says about the ones it leaves out
(issue 13, items 11-14): shadowed modules, test folders, unimportable names, stray ``src``
packages, namespace families."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.gitrepo import commit_all, init
from tests.helpers.snapshots import targets

from archdocs.reading.load import load_snapshot


def _from_git(make_tree, tmp_path: Path, files: dict[str, str]):
    repo = make_tree(files, tmp_path / "repo")
    init(repo)
    commit_all(repo, "one", "2024-01-01T00:00:00+00:00")
    return load_snapshot(f"{repo}@main")


# --- 11: a module file beside a package of the same name ---------------------------------------

SHADOWED = {"p/__init__.py": "", "p/foo.py": "import json\nclass Lost: pass\n",
            "p/foo/__init__.py": "from p import bar\n", "p/bar.py": "def f(): pass\n"}


def test_a_package_shadows_the_module_file_of_its_name(analyse, make_tree, tmp_path):
    for snap in (analyse(SHADOWED), _from_git(make_tree, tmp_path, SHADOWED)):
        assert [m.name for m in snap.modules] == ["p", "p.bar", "p.foo"]
        assert snap.get("p.foo").path == "p/foo/__init__.py" and snap.get("p.foo").is_package
        assert targets(snap, "p.foo") == {"p.bar": "runtime"}
        assert [(p.path, p.code) for p in snap.problems] == [("p/foo.py", "shadowed")]
        assert "p/foo/__init__.py" in snap.problems[0].message


# --- 13: what the test exclusion drops, names no import can reach, one counting convention -----

TESTS_AND_NAMES = {"p/__init__.py": "", "p/test_utils/__init__.py": "from p.test_utils import h\n",
                   "p/test_utils/h.py": "", "p/tests/test_a.py": "import p\n",
                   "p/test_b.py": "", "p/b_test.py": "", "p/conftest.py": "", "tests/test_c.py": "",
                   "p/with space.py": "import os\n", "p/my-mod.py": "", "p/sub-dir/x.py": "",
                   "p/sub-dir/y.py": ""}


def test_the_test_exclusion_keeps_a_package_named_test_something(analyse, make_tree, tmp_path):
    for snap in (analyse(TESTS_AND_NAMES), _from_git(make_tree, tmp_path, TESTS_AND_NAMES)):
        assert [m.name for m in snap.modules] == ["p", "p.test_utils", "p.test_utils.h"]
    with_tests = analyse(TESTS_AND_NAMES, include_tests=True)
    assert [m.name for m in with_tests.modules] == [
        "p", "p.b_test", "p.conftest", "p.test_b", "p.test_utils", "p.test_utils.h",
        "p.tests.test_a", "tests.test_c"]


def test_file_and_folder_names_no_import_can_name_are_problems(analyse, make_tree, tmp_path):
    for snap in (analyse(TESTS_AND_NAMES), _from_git(make_tree, tmp_path, TESTS_AND_NAMES)):
        found = [(p.path, p.code) for p in snap.problems]
        assert found == [("p/my-mod.py", "name"), ("p/sub-dir", "name"),
                         ("p/with space.py", "name")]
        messages = {p.path: p.message for p in snap.problems}
        assert "'my-mod'" in messages["p/my-mod.py"] and "not read" in messages["p/my-mod.py"]
        assert "2 files" in messages["p/sub-dir"]
    # excluded files say nothing
    snap = analyse(TESTS_AND_NAMES, exclude=("p/my-mod.py", "p/with space.py", "p/sub-dir/*"))
    assert snap.problems == ()


INIT_DEFINES = {"pkg/__init__.py": "class Base: pass\ndef helper(): pass\n",
                "pkg/a.py": "class A: pass\n"}


def test_every_summary_figure_follows_the_counting_convention(analyse):
    from archdocs.analysis.metrics import Convention, summarize

    snap = analyse(INIT_DEFINES)
    without = summarize(snap, "pkg", Convention(include_init=False))
    assert (without.modules, without.lines, without.classes, without.functions) == (1, 1, 1, 0)
    with_init = summarize(snap, "pkg", Convention(include_init=True))
    assert (with_init.modules, with_init.lines, with_init.classes, with_init.functions) == (2, 3, 2,
                                                                                            1)


# --- 12: a stray src/__init__.py ---------------------------------------------------------------

STRAY_SRC = {"src/__init__.py": "", "src/mypkg/__init__.py": "",
             "src/mypkg/a.py": "from mypkg import b\n", "src/mypkg/b.py": "from mypkg import a\n"}


def test_root_wins_over_a_stray_src_init(make_tree, tmp_path, capsys):
    from archdocs.cli import main
    from archdocs.reading.sources import Selection

    root = make_tree(STRAY_SRC)
    repo = make_tree(STRAY_SRC, tmp_path / "repo")
    init(repo)
    commit_all(repo, "one", "2024-01-01T00:00:00+00:00")
    for snap in (load_snapshot(root / "src", Selection(roots=(".",)), jobs=1),
                 load_snapshot(f"{repo}@main:src", Selection(roots=(".",)), jobs=1)):
        assert [m.name for m in snap.modules] == ["mypkg", "mypkg.a", "mypkg.b"]
        assert targets(snap, "mypkg.a") == {"mypkg.b": "runtime"}
        assert snap.problems == ()
    assert main(["check", str(root / "src"), "--root", ".", "--no-cache"]) != 0  # the real cycle
    assert "mypkg.a" in capsys.readouterr().out


def test_a_top_level_src_package_is_a_suspicious_problem(analyse):
    for snap in (analyse(STRAY_SRC, base="src"), analyse(STRAY_SRC, roots=(".",))):
        assert "src.mypkg.a" in snap.names
        found = [(p.path, p.code) for p in snap.problems]
        assert found == [("src/__init__.py", "suspicious")]
        assert "--root src" in snap.problems[0].message
    # the src layout itself reads the packages inside src, and says nothing
    snap = analyse(STRAY_SRC)
    assert [m.name for m in snap.modules] == ["mypkg", "mypkg.a", "mypkg.b"] and snap.problems == ()


# --- 14: namespace-package families --------------------------------------------------------------

FAMILY = {"google/cloud/mine/__init__.py": "",
          "google/cloud/mine/a.py": ("import google.auth.transport\n"
                                     "from google.protobuf import message\n"
                                     "from google import oauth2\n"
                                     "from google.cloud import storage, mine\n"
                                     "from google.cloud.mine import b\n"
                                     "import google.cloud\n"),
          "google/cloud/mine/b.py": ""}


def test_a_namespace_portion_outside_the_sources_is_an_external_dependency(analyse, make_tree,
                                                                           tmp_path):
    for snap in (analyse(FAMILY), _from_git(make_tree, tmp_path, FAMILY)):
        imports = {(i.target, i.line, i.internal) for i in snap.get("google.cloud.mine.a").imports}
        assert imports == {("google.auth", 1, False), ("google.protobuf", 2, False),
                           ("google.oauth2", 3, False), ("google.cloud.storage", 4, False),
                           ("google.cloud.mine", 4, True), ("google.cloud.mine.b", 5, True)}
        assert snap.problems == ()
