"""Which files make the module set, and what the listing says about the ones it leaves out
(issue 13, items 11-14): shadowed modules, test folders, unimportable names, stray ``src``
packages, namespace families."""

from __future__ import annotations

from pathlib import Path

from tests.core.coretools import commit_all, git, targets

from archdocs.load import load_snapshot


def _from_git(make_tree, tmp_path: Path, files: dict[str, str]):
    repo = make_tree(files, tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
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
