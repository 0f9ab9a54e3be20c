"""Old paths that are not definitions of the package itself (issue #14, part 2): names a package
re-exports from another distribution, names only imported under ``TYPE_CHECKING``, private
modules (skipped with a note, or compared with ``--private``), and the labels of distributions."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from archdocs.analysis.migrations.codemod import rewrite_source
from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.release import load_source
from archdocs.analysis.migrations.usage import deprecated_uses
from archdocs.cli import main
from archdocs.reading.load import load_snapshot


def test_external_reexport_removed_says_where_to_import_it(repo):
    """flask 3.0 dropped ``from markupsafe import Markup`` from its ``__init__``: the old import
    is removed, the entry names the original source, and the codemod rewrites to it. A standard
    library name the package only uses (``from typing import Any``) is not its API."""
    r = repo()
    r.write({"pkg/__init__.py": "from typing import Any\nfrom markupsafe import Markup, escape\n"
                                "from pkg.app import App as App\n",
             "pkg/app.py": "class App:\n    pass\n"})
    old = r.release("v1")
    r.write({"pkg/__init__.py": "from pkg.app import App as App\n"})
    new = r.release("v2")
    migrations = infer_map(load_snapshot(old), load_snapshot(new))
    got = {e.old.spec: e for e in migrations.entries}
    assert set(got) == {"pkg:Markup", "pkg:escape"}
    markup = got["pkg:Markup"]
    assert ([p.spec for p in markup.new], markup.change, markup.status) == (
        ["markupsafe:Markup"], "removed", "removed")
    assert "import it from markupsafe" in markup.reason
    code, changes = rewrite_source("from pkg import Markup, App\n", migrations)
    assert "from markupsafe import Markup" in code and "from pkg import App" in code, code
    assert changes


def test_deprecated_import_check_reads_the_external_entry(repo, tmp_path, capsys):
    """The deprecated-import check finds uses with the codemod's rewriter, so the inferred
    external entry flags ``from pkg import Markup`` with the import to write; written down as a
    declared entry, its new path in another distribution is not a "does not exist" problem."""
    r = repo()
    r.write({"pkg/__init__.py": "from markupsafe import Markup\n", "pkg/app.py": "X = 1\n"})
    old = r.release("v1")
    r.write({"pkg/__init__.py": "", "pkg/user.py": "from pkg import Markup\n"})
    new = r.release("v2")
    migrations = infer_map(load_snapshot(old), load_snapshot(new))
    [use] = deprecated_uses([r.path / "pkg" / "user.py"], migrations)
    assert (use.line, use.message) == (1, "pkg.Markup: removed; use markupsafe.Markup")
    declared = tmp_path / "migrations.toml"
    declared.write_text('[[migration]]\nold = "pkg:Markup"\nnew = "markupsafe:Markup"\n')
    code = main(["check", str(r.path / "pkg"), "--migrations", str(declared),
                 "--deprecated-imports", str(r.path / "pkg"), "--no-cache"])
    out = capsys.readouterr().out
    assert code == 1 and "does not exist" not in out
    assert "user.py:1: pkg.Markup: removed; use markupsafe.Markup" in out, out


def test_type_checking_names_are_not_old_paths(repo):
    """flask 2.2's ``globals`` imported ``Flask`` only under ``if TYPE_CHECKING:`` beside a
    ``__getattr__`` that serves something else: ``from flask.globals import Flask`` never worked,
    so no entry sends it anywhere when the hook goes."""
    r = repo()
    r.write({"pkg/__init__.py": "",
             "pkg/app.py": "class Flask:\n    def run(self):\n        return 1\n",
             "pkg/globals.py": '''\
                 import typing as t
                 if t.TYPE_CHECKING:
                     from .app import Flask


                 def current() -> "Flask":
                     return None


                 def __getattr__(name):
                     if name == "_app_ctx_stack":
                         return 1
                     raise AttributeError(name)
                 '''})
    old = r.release("v1")
    r.write({"pkg/globals.py": '''\
        import typing as t
        if t.TYPE_CHECKING:
            from .app import Flask


        def current() -> "Flask":
            return None
        '''})
    new = r.release("v2")
    assert [e.old.spec for e in infer_map(load_snapshot(old), load_snapshot(new)).entries] == []


def _private_repo(repo):
    r = repo()
    r.write({"pkg/__init__.py": "", "pkg/_internal/__init__.py": "",
             "pkg/_internal/models.py": "def link(url):\n    return url\n\n\n"
                                        "def other():\n    return 2\n"})
    old = r.release("v1")
    r.write({"pkg/_internal/models.py": None})
    return old, r.release("v2"), r


def test_private_modules_skipped_with_a_note_or_compared(repo, capsys):
    old, new, r = _private_repo(repo)
    skipped = infer_map(load_snapshot(old), load_snapshot(new))
    assert skipped.entries == ()
    assert skipped.notes == (
        "2 private modules (2 names) were not compared; --private includes them",)
    compared = infer_map(load_snapshot(old), load_snapshot(new), private=True)
    assert [(e.old.spec, e.change) for e in compared.entries] == [
        ("pkg._internal.models", "removed"), ("pkg._internal.models:link", "removed"),
        ("pkg._internal.models:other", "removed")]
    assert compared.notes == ()

    args = ["migrations", "--repo", str(r.path), "--from", "v1", "--to", "v2", "--no-cache"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "> 2 private modules (2 names) were not compared; --private includes them" in out
    assert "No import path changed." in out
    assert main([*args, "--private", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["notes"] == [] and len(data["entries"]) == 3


def _wheel(path: Path, name: str, version: str, files: dict[str, str]) -> Path:
    wheel = path / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        for rel, text in files.items():
            archive.writestr(rel, text)
        archive.writestr(f"{name}-{version}.dist-info/METADATA",
                         f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    return wheel


def test_distributions_labelled_by_name_and_version(tmp_path, capsys):
    """Two runs over the same wheels print the same bytes: the title names the distributions,
    not the temporary folders they were unpacked into."""
    one = _wheel(tmp_path, "Shop", "1.0", {"shop/__init__.py": "", "shop/a.py": "X = 1\n"})
    two = _wheel(tmp_path, "Shop", "2.0", {"shop/__init__.py": ""})
    assert load_source(str(one)).label == "Shop 1.0"
    outputs = []
    for _ in range(2):
        assert main(["migrations", "--from", str(one), "--to", str(two), "--no-cache"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith("# Migration guide: Shop 1.0 → Shop 2.0\n")
    assert "archdocs-dist-" not in outputs[0]


def test_names_only_a_stub_declares(tmp_path, capsys):
    """numpy 1.x builds ``float_`` and friends with ``globals()[key] = …``: only the ``.pyi`` the
    release ships declares them, and the CLI reads it (as text) on both sides. A stub's plain
    ``from typing import IO`` is its own use, not a re-export."""
    old, new = tmp_path / "old", tmp_path / "new"
    for side, names in ((old, ("float_", "kept")), (new, ("kept",))):
        (side / "pkg").mkdir(parents=True)
        (side / "pkg" / "__init__.py").write_text(
            f"for key in {names!r}:\n    globals()[key] = float\n")
        (side / "pkg" / "__init__.pyi").write_text(
            "from typing import IO\nfrom pkg.sub import helper as helper\n"
            + "".join(f"{n}: type\n" for n in names))
        (side / "pkg" / "sub.py").write_text("def helper():\n    return 1\n")
    assert main(["migrations", "--from", str(old), "--to", str(new), "--format", "json",
                 "--no-cache"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["old_spec"], e["change"], e["status"]) for e in entries] == [
        ("pkg:float_", "removed", "removed")]
