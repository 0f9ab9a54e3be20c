"""``archdocs diff`` on real git repositories made here: an added cycle and a broken layer give a
comment with the summary, the Mermaid of the changed imports and the lists; a move (with a shim,
or without) is one "moved" entry with its inferred migration entries, not an added and a removed
module; the touched modules' lines and fan-in/out; budgets of the config and the plan crossed
either way; a change that moves no import is one line; names from a contract file stay text in
the Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.helpers.gitrepo import commit_all
from tests.helpers.golden import Goldens
from tests.helpers.layered_repo import repo

from archdocs.analysis.archdiff import ArchDiff
from archdocs.cli import main
from archdocs.render.markdown import md
from archdocs.render.prcomment import MAX_COMMENT, render_comment


def diff(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["diff", str(root), "--base", "HEAD", "--no-cache",
                 "--contracts", str(root / "contracts.toml"), *extra]) == 0
    return capsys.readouterr().out


def test_cycle_and_broken_layer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    (root / "src/app/data.py").write_text("from app import ui\n")  # a cycle, and data → ui
    (root / "src/app/extra.py").write_text("")
    out = diff(root, capsys)
    lines = out.splitlines()
    assert re.fullmatch(r"\*\*archdocs diff\*\* HEAD \\\([0-9a-f]{10}\\\) → the working tree: "
                        r"\+1 module, \+1 import, 1 new cycle, 1 contract breach new\.", lines[0])
    assert lines[1:3] == ["", "```mermaid"]
    assert '  n_app_data -->|added| n_app_ui' in lines
    assert "  linkStyle 0 stroke:#1a7f37,color:#1a7f37" in lines
    assert "- `app.extra`" in lines
    assert "- `app.data` → `app.ui`" in lines
    # one cycle: new at import time, so not said again for the wider kind sets
    assert "- `app.data`, `app.domain`, `app.ui` (import-time)" in lines
    broken = [line for line in lines if line.startswith("- src/app/data\\.py:1: ")]
    assert broken == [("- src/app/data\\.py:1: contract 'layers &lt;b&gt;\\*bold\\*&lt;/b&gt;' "
                      "broken: app\\.data is not allowed to import app\\.ui: app\\.data imports "
                      "app\\.ui")]
    assert "<b>" not in out
    # the modules the change touches: the new one, and both ends of the new import
    table = out[out.index("### Modules touched"):].splitlines()
    assert table[2:] == [
        "| module | lines | fan-in | fan-out |",
        "|---|--:|--:|--:|",
        "| `app.data` | 0 → 1 | 1 | 0 → 1 |",
        "| `app.extra` | new: 0 | new: 0 | new: 0 |",
        "| `app.ui` | 1 | 0 → 1 | 1 |",
    ]
    assert diff(root, capsys) == out  # deterministic

    data = json.loads(diff(root, capsys, "--format", "json"))
    assert data["unchanged"] is False
    assert data["added_imports"] == [["app.data", "app.ui"]]
    assert data["cycles"] == [{"kinds": "import-time", "status": "new", "before": [],
                               "members": ["app.data", "app.domain", "app.ui"]}]
    assert data["inventory"][0] == {"module": "app.data",
                                    "before": {"lines": 0, "fan_in": 1, "fan_out": 0},
                                    "after": {"lines": 1, "fan_in": 1, "fan_out": 1}}
    assert data["inventory"][1]["before"] is None


def test_no_architectural_change_is_one_line(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    # more lines, same imports: the inventory changed, the architecture did not
    (root / "src/app/ui.py").write_text("# a comment\n\nfrom app import domain\n\nX = 1\n")
    out = diff(root, capsys)
    assert out.count("\n") == 1 and out.endswith(": no architectural change.\n")
    data = json.loads(diff(root, capsys, "--format", "json"))
    assert data["unchanged"] is True and data["inventory"] == []


def test_fixed_breach_and_head_revision(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = repo(tmp_path)
    (root / "src/app/data.py").write_text("from app import ui\n")
    commit_all(root, "break", "2024-01-02T00:00:00+00:00")
    (root / "src/app/data.py").write_text("")
    commit_all(root, "fix", "2024-01-03T00:00:00+00:00")
    out = diff(root, capsys, "--base", "HEAD~1", "--head", "HEAD")
    assert re.fullmatch(r"\*\*archdocs diff\*\* HEAD\\~1 \\\(\w{10}\\\) → HEAD \\\(\w{10}\\\): "
                        r"−1 import, 1 cycle gone, 1 contract breach fixed\.",
                        out.splitlines()[0])
    assert "  n_app_data -.->|removed| n_app_ui" in out


OLD = '''\
"""Data access."""
from app import data


class Store:
    def get(self, key):
        value = data.read(key)
        if value is None:
            raise KeyError(key)
        return value


def connect(url):
    parts = url.split("/")
    host = parts[2]
    return Store()
'''

def test_move_without_shim_golden(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  golden: Goldens) -> None:
    """A module moved into a new package, its importer updated: one move with the entries of its
    names (the new package itself is an added module)."""
    root = repo(tmp_path)
    (root / "src/app/storage.py").write_text(OLD)
    (root / "src/app/domain.py").write_text("from app import data\nfrom app import storage\n")
    base = commit_all(root, "storage")
    (root / "src/app/storage.py").unlink()
    (root / "src/app/db").mkdir()
    (root / "src/app/db/__init__.py").write_text("")
    (root / "src/app/db/store.py").write_text(OLD)
    (root / "src/app/domain.py").write_text("from app import data\nfrom app.db import store\n")
    out = diff(root, capsys)
    golden.check("contracts/diff-move.md", out.replace(base[:10], "SHA"))  # SHA: the base commit


def test_move_with_shim(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The old module stays as a shim re-exporting the new one: still one move (the old path
    works), and the JSON carries the migration entries."""
    root = repo(tmp_path)
    (root / "src/app/storage.py").write_text(OLD)
    commit_all(root, "storage")
    (root / "src/app/persistence.py").write_text(OLD)
    (root / "src/app/storage.py").write_text(
        '"""Moved to app.persistence."""\nfrom app.persistence import Store, connect\n\n'
        '__all__ = ["Store", "connect"]\n')
    out = diff(root, capsys)
    first = out.splitlines()[0]
    assert "1 module moved" in first and "module," not in first  # not also "+1 module"
    assert "### Modules added" not in out  # the new home is the move, not an added module
    assert ("- `app.storage` → `app.persistence` (moved; old path still works \\(re\\-exported\\))"
            ": write `from app import persistence`") in out
    data = json.loads(diff(root, capsys, "--format", "json"))
    assert data["added_modules"] == [] and data["removed_modules"] == []
    (move,) = data["moved"]
    assert (move["old"], move["new"], move["change"], move["status"]) == (
        "app.storage", ["app.persistence"], "moved", "works")
    assert [(n["old"], n["new"]) for n in move["names"]] == [
        ("app.storage:Store", ["app.persistence:Store"]),
        ("app.storage:connect", ["app.persistence:connect"])]


def test_budgets_crossed_both_ways(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The config's cycle budget and the plan's module range: said when the change crosses them
    (and when a later change brings the code back within them); silent while they hold."""
    root = repo(tmp_path)
    (root / "plan.toml").write_text('[plan]\ntitle = "Keep app small"\npackage = "app"\n\n'
                                    "[targets]\nmodules = [3, 4]\n")
    (root / "archdocs.toml").write_text('[check]\nplan = "plan.toml"\n\n'
                                        "[check.cycles]\nimport-time = 0\n")
    commit_all(root, "budgets")
    options = ("--config", str(root / "archdocs.toml"))
    (root / "src/app/data.py").write_text("from app import ui\n")  # a cycle
    (root / "src/app/extra.py").write_text("")
    (root / "src/app/more.py").write_text("")  # 5 modules (no __init__ counted): over 4
    out = diff(root, capsys, *options)
    assert ", 2 budgets crossed." in out.splitlines()[0]
    section = out[out.index("### Budgets crossed"):].split("\n\n")[1].splitlines()
    config, plan = md(f"{root / 'archdocs.toml'}:5"), md(f"{root / 'plan.toml'}:6")
    assert section == [
        f"- **crossed**: import\\-time cycles in the code: 0 → 1, the budget is at most 0 "
        f"({config})",
        f"- **crossed**: modules in app \\(modules not counting \\_\\_init\\_\\_\\.py files; "
        f"physical lines\\): 3 → 5, the budget is between 3 and 4 ({plan})",
    ]
    commit_all(root, "over")
    (root / "src/app/data.py").write_text("")
    (root / "src/app/more.py").unlink()
    (root / "src/app/extra.py").unlink()
    back = diff(root, capsys, *options)
    assert ", 2 budgets kept again." in back.splitlines()[0]
    assert back.count("- kept again: ") == 2
    # a change that crosses nothing says nothing about budgets
    (root / "src/app/data.py").write_text("from app import ui\n")
    (root / "src/app/extra.py").write_text("")
    (root / "src/app/more.py").write_text("")
    assert "Budgets" not in diff(root, capsys, *options)
    data = json.loads(diff(root, capsys, "--format", "json", *options))
    assert data["budgets"] == []


def test_cycles_per_kind_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A cycle closed by a function-local import is new for no-type-checking (and not said again
    for all imports), one closed under TYPE_CHECKING only for all imports; a cycle that grows is
    changed, not gone and new."""
    root = repo(tmp_path)
    (root / "src/app/data.py").write_text("def later():\n    from app import ui\n")
    (root / "src/app/x.py").write_text("from app import y\n")
    (root / "src/app/y.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from app import x\n")
    data = json.loads(diff(root, capsys, "--format", "json"))
    assert [(c["kinds"], c["status"], c["members"]) for c in data["cycles"]] == [
        ("no-type-checking", "new", ["app.data", "app.domain", "app.ui"]),
        ("all", "new", ["app.x", "app.y"]),
    ]
    out = diff(root, capsys)
    assert ": +2 modules, +3 imports, 2 new cycles, " in out.splitlines()[0]
    assert "- `app.x`, `app.y` (all)" in out.splitlines()
    commit_all(root, "cycles", "2024-01-02T00:00:00+00:00")
    (root / "src/app/y.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from app import x, z\n")
    (root / "src/app/z.py").write_text("from app import x\n")
    out = diff(root, capsys)
    assert ": +1 module, +2 imports, 1 changed cycle." in out.splitlines()[0]
    assert "- `app.x`, `app.y` → `app.x`, `app.y`, `app.z` (all)" in out.splitlines()


def test_neighbours_folded_when_too_many(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """48 modules of six packages start importing app.data: the diagram folds those unchanged
    neighbours into their packages (one counted edge each) and stays within 40 boxes; the list
    still names every import. A new module keeps its own box."""
    root = repo(tmp_path)
    for feature in range(6):
        (root / f"src/app/f{feature}").mkdir()
        for number in range(8):
            (root / f"src/app/f{feature}/m{number}.py").write_text("")
        (root / f"src/app/f{feature}/__init__.py").write_text("")
    commit_all(root, "features", "2024-01-02T00:00:00+00:00")
    for feature in range(6):
        for number in range(8):
            (root / f"src/app/f{feature}/m{number}.py").write_text("from app import data\n")
    (root / "src/app/f0/new.py").write_text("from app import data\n")
    out = diff(root, capsys)
    drawing = out[out.index("```mermaid"):out.index("```\n", 12)]
    boxes = re.findall(r'^  (n_\w+)\["([^"]*)"\]$', drawing, re.MULTILINE)
    assert [label for _, label in boxes] == [
        "app.data", "app.f0/", "app.f0.new", *(f"app.f{n}/" for n in range(1, 6))]
    assert "  n_app_f3 -->|8 added| n_app_data" in drawing.splitlines()
    assert "  n_app_f0_new -->|added| n_app_data" in drawing.splitlines()
    assert "drawn as their packages (a name ending in /), to keep the diagram within 40" in out
    assert out.count("→ `app.data`") == 49


def test_a_huge_change_is_cut_to_what_github_takes() -> None:
    """GitHub refuses comments over 65,536 characters: the lists are cut at a whole line, after
    the summary, and the comment says how much is left out."""
    modules = tuple(f"app.generated.module_{number:05}" for number in range(5000))
    comment = render_comment(ArchDiff("base", "head", modules, (), (), (), ()))
    assert len(comment) <= MAX_COMMENT < 65_536
    lines = comment.splitlines()
    assert lines[0] == "**archdocs diff** base → head: +5000 modules."
    shown = len(lines) - 6  # the summary, a blank, the title, a blank ... a blank, the note
    assert lines[-2:] == ["", f"… and {5000 - shown} more lines: a comment holds at most 60,000 "
                              "characters here; `archdocs diff --format json` has everything."]
    assert lines[-3] == f"- `{modules[shown - 1]}`"  # whole lines only
    assert render_comment(ArchDiff("base", "head", modules[:10], (), (), (), ())).endswith(
        f"- `{modules[9]}`\n")


def test_config_entries_diff_does_not_use(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The config's migration map and deprecated-import paths are check's business: a map or a
    path that is not there does not stop ``archdocs diff`` (its budgets still count)."""
    root = repo(tmp_path)
    (root / "archdocs.toml").write_text('[check]\nmigrations = "missing.toml"\n'
                                        'deprecated_imports = ["nowhere"]\n\n'
                                        "[check.cycles]\nimport-time = 0\n")
    (root / "src/app/data.py").write_text("from app import ui\n")  # a cycle
    out = diff(root, capsys, "--config", str(root / "archdocs.toml"))
    assert ", 1 budget crossed." in out.splitlines()[0]


SO = ".cpython-311-x86_64-linux-gnu.so"


def test_moves_read_as_migrations_reads_them(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A module rewritten in Cython (only its ``.so`` in the working tree) whose source was also
    copied elsewhere is still there for ``archdocs migrations``, so ``archdocs diff`` does not
    call it moved either."""
    root = repo(tmp_path)
    (root / "src/app/storage.py").write_text(OLD)
    commit_all(root, "storage")
    (root / "src/app/storage.py").unlink()
    (root / f"src/app/storage{SO}").write_text("not a shared object: never opened\n")
    (root / "src/app/persistence.py").write_text(OLD)
    assert main(["migrations", str(root), "--from", "HEAD", "--private", "--format", "json",
                 "--no-cache"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert "app.storage" not in {e["old"] for e in entries}
    data = json.loads(diff(root, capsys, "--format", "json"))
    assert data["moved"] == []
