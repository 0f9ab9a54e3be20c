"""Modules a release ships only compiled (issue #14): ``.so``/``.pyd`` in a wheel, ``.pyx`` in an
sdist. Their names come from the file listing (the files are never opened: the ``.so`` files here
are not even valid), so an old path that is still a compiled module is not "removed", a shim may
forward to one, and a compiled module that is gone is.
"""

from __future__ import annotations

import json
import os
import tarfile
import zipfile
from pathlib import Path

import pytest
from tests.helpers.sphinx_build import migration_rows

from archdocs.analysis.migrations.compiled import extension_name
from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.model import ImportPath
from archdocs.analysis.migrations.release import load_release
from archdocs.cli import main

SO = ".cpython-311-x86_64-linux-gnu.so"
NOT_ELF = "not a shared object: archdocs must not open it\n"


def wheel(path: Path, version: str, files: dict[str, str]) -> Path:
    out = path / f"shop-{version}-cp311-cp311-manylinux_2_17_x86_64.whl"
    with zipfile.ZipFile(out, "w") as archive:
        for rel, text in files.items():
            archive.writestr(rel, text)
        archive.writestr(f"shop-{version}.dist-info/METADATA",
                         f"Metadata-Version: 2.1\nName: shop\nVersion: {version}\n")
    return out


@pytest.mark.parametrize(("filename", "module"), [
    (f"_weight_vector{SO}", "_weight_vector"),
    ("speedups.abi3.so", "speedups"),
    ("speedups.so", "speedups"),
    ("speedups.cp311-win_amd64.pyd", "speedups"),
    ("speedups.pyd", "speedups"),
    ("_fast.pyx", "_fast"),
    ("_seq_dataset.pyx.tp", "_seq_dataset"),
    ("_fast.pxd", None),  # Cython declarations, not a module
    ("fast.py", None),
    ("libfoo.so.1", None),
    ("2fast.so", None),  # no import statement can name it
    ("my-ext.so", None),
])
def test_extension_file_names(filename, module):
    assert extension_name(filename) == module


@pytest.fixture
def releases(tmp_path):
    old = wheel(tmp_path, "1.0", {
        "shop/__init__.py": "",
        f"shop/fast{SO}": NOT_ELF,  # 1.0: compiled under its public name
        f"shop/gone{SO}": NOT_ELF,
        "shop/speed.py": "def total(items):\n    return sum(items)\n",
        f"shop/_private{SO}": NOT_ELF,
    })
    new = wheel(tmp_path, "2.0", {
        "shop/__init__.py": "",
        f"shop/_fast{SO}": NOT_ELF,  # 2.0: renamed private, a shim forwards the old path
        "shop/fast.py": "from . import _fast\n\n\ndef __getattr__(name):\n"
                        "    return getattr(_fast, name)\n",
        f"shop/speed{SO}": NOT_ELF,  # rewritten in Cython under the same name
        f"shop/_private{SO}": NOT_ELF,
    })
    return old, new


def test_compiled_modules_of_a_wheel(releases):
    old, new = (load_release(str(path)) for path in releases)
    assert old.compiled == {"shop.fast", "shop.gone", "shop._private"}
    assert new.compiled == {"shop._fast", "shop.speed", "shop._private"}
    migrations = infer_map(old, new)
    got = {e.old.spec: ([p.spec for p in e.new], e.change, e.status) for e in migrations.entries}
    assert got == {
        "shop.fast": (["shop._fast"], "moved", "deprecated"),  # the hook serves old callers
        "shop.gone": ([], "removed", "removed"),
        # shop.speed:total is not listed: the compiled module may well define it
    }
    # A name of a compiled module goes where its module went (what the codemod rewrites).
    assert migrations.step(ImportPath("shop.fast", "Vector")) == (
        ImportPath("shop._fast", "Vector"), migrations.get(ImportPath("shop.fast")))
    assert migrations.notes == (
        "1 private modules (0 names) were not compared; --private includes them",
        "2 compiled modules (.so, .pyd, .pyx) were compared as whole modules: their names cannot "
        "be read without importing them")
    # Read as Python source alone, the Cython rewrite looks like a removal and the rest is unseen.
    plain = {e.old.spec: e.status for e in infer_map(old.snapshot, new.snapshot).entries}
    assert plain == {"shop.speed": "removed", "shop.speed:total": "removed"}


def test_compiled_modules_on_the_command_line(releases, capsys):
    old, new = releases
    assert main(["migrations", "--from", str(old), "--to", str(new), "--format", "json",
                 "--no-cache"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(e["old"], e["new"], e["status"]) for e in data["entries"]] == [
        ("shop.fast", ["shop._fast"], "deprecated"), ("shop.gone", [], "removed")]
    assert any("2 compiled modules" in note for note in data["notes"])


def test_cython_sources_of_an_sdist_and_their_stubs(tmp_path):
    """An sdist lists ``.pyx`` files (and templates); a ``.pyi`` beside a compiled module says
    which names it has, so those are the only ones that resolve."""
    src = tmp_path / "shop-1.0" / "src" / "shop"
    src.mkdir(parents=True)
    (src / "__init__.py").write_text("")
    (src / "_fast.pyx").write_text("def thing():\n    pass\n")
    (src / "_fast.pyi").write_text("def thing() -> None: ...\n")
    (src / "_seq.pyx.tp").write_text("{{py: pass}}\n")
    (src / "_fast.pxd").write_text("cdef int x\n")
    (tmp_path / "shop-1.0" / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: shop\n"
                                                    "Version: 1.0\n")
    sdist = tmp_path / "shop-1.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive:
        archive.add(tmp_path / "shop-1.0", arcname="shop-1.0")
    release = load_release(str(sdist))
    assert release.snapshot.label == "shop 1.0"  # from PKG-INFO, not the temporary folder
    assert release.compiled == {"shop._fast", "shop._seq"}
    api = release.api()
    assert api.resolve("shop._fast", "thing") is not None
    assert api.resolve("shop._fast", "other") is None  # the stub says what it has
    assert api.resolve("shop._seq", "anything") is not None  # no stub: it may have it


def test_only_named_regular_files_in_selected_folders(tmp_path):
    """A FIFO or a symbolic link called ``x.so`` is no module (and is never opened), nor is an
    extension in a folder the analysis skips (tests) or outside every package."""
    root = tmp_path / "project"
    (root / "shop" / "tests").mkdir(parents=True)
    (root / "shop" / "__init__.py").write_text("")
    (root / "shop" / "tests" / "__init__.py").write_text("")
    (root / "shop" / f"real{SO}").write_text(NOT_ELF)
    os.mkfifo(root / "shop" / f"pipe{SO}")
    (root / "shop" / f"link{SO}").symlink_to(root / "shop" / f"real{SO}")
    (root / "shop" / "tests" / f"helper{SO}").write_text(NOT_ELF)
    (root / "shop" / "data").mkdir()
    (root / "shop" / "data" / f"loose{SO}").write_text(NOT_ELF)
    assert load_release(str(root)).compiled == {"shop.real"}
    # Given the package folder itself, the paths are the same (relative to its parent).
    assert load_release(str(root / "shop")).compiled == {"shop.real"}


def test_migrate_rewrites_by_the_same_map(releases, tmp_path, capsys):
    """``archdocs migrate`` infers the map ``archdocs migrations`` prints (compiled modules
    included), says on stderr what it left out, and compares private modules with ``--private``."""
    old, new = releases
    user = tmp_path / "user.py"
    user.write_text("from shop.fast import Vector\nfrom shop import _private\n")
    assert main(["migrate", str(user), "--from", str(old), "--to", str(new), "--no-cache"]) == 0
    out = capsys.readouterr()
    assert "+from shop._fast import Vector" in out.out
    assert "1 private modules (0 names) were not compared; --private includes them" in out.err
    assert "2 compiled modules" in out.err
    assert main(["migrate", str(user), "--from", str(old), "--to", str(new), "--private",
                 "--no-cache"]) == 0
    assert "--private includes them" not in capsys.readouterr().err


def test_the_directive_reads_compiled_modules_and_stubs(tmp_path, make_app, capsys):
    """``archdocs-migrations`` with ``:from:`` reads the documented folder as the command line
    does: a module rewritten in Cython is not removed, and its stub says which names it kept."""
    files = {
        "conf.py": 'extensions = ["archdocs"]\nexclude_patterns = ["_build", "code", "old"]\n'
                   'archdocs_sources = ["code"]\n',
        "index.rst": "Guide\n=====\n\n.. archdocs-migrations:: shop\n   :from: old\n",
        "old/shop/__init__.py": "", "old/shop/gone.py": "",
        "old/shop/speed.py": "def total(items):\n    return sum(items)\n",
        "old/shop/typed.py": "def kept():\n    pass\n\n\ndef dropped():\n    pass\n",
        "code/shop/__init__.py": "", f"code/shop/speed{SO}": NOT_ELF,
        f"code/shop/typed{SO}": NOT_ELF, "code/shop/typed.pyi": "def kept() -> None: ...\n",
    }
    rows = migration_rows(make_app, tmp_path / "proj", files)
    assert sorted(rows) == ["migration-shop-gone", "migration-shop-typed-dropped"]
    proj = tmp_path / "proj"
    assert main(["migrations", "--from", str(proj / "old"), "--to", str(proj / "code"),
                 "--format", "json", "--no-cache"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert sorted(e["old"] for e in entries) == ["shop.gone", "shop.typed.dropped"]
