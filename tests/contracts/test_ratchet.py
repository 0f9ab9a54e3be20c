"""The ratchet by identity: a line shift is never a new finding; findings are new, still there
or fixed; a baseline file works without git, and its stale entries fail (it only shrinks)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from tests.helpers.files import write_tree
from tests.helpers.gitrepo import commit_all, init
from tests.helpers.sarif import SCHEMA

from archdocs.cli import main

CONFIG = """
[check]
cycles = { import-time = 0 }

[[contract]]
name = "layers"
type = "layers"
layers = ["app.ui", "app.domain", "app.data"]
"""
TREE = {
    "app/__init__.py": "",
    "app/ui.py": "from app import domain\n",
    "app/domain.py": "from app import data\n",
    "app/data.py": "from app import domain\nfrom app import ui\n",  # a cycle, and a breach
    "arch.toml": CONFIG,
}


def check(root: Path, *extra: str) -> int:
    return main(["check", str(root / "app"), "--config", str(root / "arch.toml"),
                 "--no-cache", *extra])


def shift(path: Path, lines: int = 3) -> None:
    path.write_text("# pushed down\n" * lines + path.read_text())


def test_baseline_line_shift_new_and_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path, TREE)
    monkeypatch.chdir(root)
    baseline = tmp_path / "baseline.json"
    assert check(root) == 1
    capsys.readouterr()
    assert check(root, "--baseline", str(baseline), "--write-baseline") == 0
    first = baseline.read_bytes()
    entries = json.loads(first)["findings"]
    assert sorted(e["code"] for e in entries) == ["contract", "contract", "cycle"]
    assert check(root, "--baseline", str(baseline), "--write-baseline") == 0
    assert baseline.read_bytes() == first  # same findings, same bytes

    for module in ("ui", "domain", "data"):  # every import moves down
        shift(root / "app" / f"{module}.py")
    capsys.readouterr()
    assert check(root, "--baseline", str(baseline)) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("still there: ") == 3
    assert ("app/data.py:5: contract 'layers' broken: app.data is not allowed to import app.ui"
            in err)

    (root / "app" / "ui.py").write_text("from app import domain\nfrom app import data\n")
    assert check(root, "--baseline", str(baseline)) == 0  # a higher layer may import a lower
    assert capsys.readouterr().out == ""
    (root / "app" / "domain.py").write_text("from app import data\nfrom app import ui\n")
    assert check(root, "--baseline", str(baseline)) == 1
    out, _ = capsys.readouterr()
    assert out.splitlines() == [("app/domain.py:2: contract 'layers' broken: app.domain is not "
                                "allowed to import app.ui: app.domain imports app.ui")]


def test_fixed_entry_is_stale_until_the_baseline_shrinks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path, TREE)
    baseline = tmp_path / "baseline.json"
    assert check(root, "--baseline", str(baseline), "--write-baseline") == 0
    (root / "app" / "data.py").write_text("from app import domain\n")  # the breach is fixed
    capsys.readouterr()
    assert check(root, "--baseline", str(baseline)) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith(f"{baseline}: stale baseline entry (fixed: ")
    assert "app.data is not allowed to import app.ui" in out[0]
    assert check(root, "--baseline", str(baseline), "--write-baseline") == 0
    assert check(root, "--baseline", str(baseline)) == 0
    assert len(json.loads(baseline.read_text())["findings"]) == 2


def test_base_revision_names_new_still_and_fixed(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree(tmp_path / "repo", TREE)
    init(root)
    commit_all(root, "start", "2024-01-01T00:00:00+00:00")
    shift(root / "app" / "data.py")
    (root / "app" / "data.py").write_text((root / "app" / "data.py").read_text()
                                          .replace("from app import ui\n", ""))
    (root / "app" / "domain.py").write_text("from app import data\nfrom app import ui\n")
    monkeypatch.chdir(root)
    assert check(root, "--base", "HEAD", "--format", "json") == 1
    data = json.loads(capsys.readouterr().out)
    assert [p["message"].split(": ", 1)[1] for p in data["problems"]] == [
        "app.domain is not allowed to import app.ui: app.domain imports app.ui"]
    # the same cycle and data → domain, their lines moved
    assert sorted(p["code"] for p in data["still_there"]) == ["contract", "cycle"]
    assert [p["message"].split(": ", 2)[1] for p in data["fixed"]] == [
        "app.data is not allowed to import app.ui"]


def test_never_overwrites_a_file_it_did_not_write(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path, TREE)
    precious = tmp_path / "notes.json"
    precious.write_text('{"mine": true}\n')
    assert check(root, "--baseline", str(precious), "--write-baseline") == 2
    assert "not an archdocs baseline" in capsys.readouterr().err
    assert precious.read_text() == '{"mine": true}\n'
    assert check(root, "--write-baseline") == 2
    assert check(root, "--baseline", str(tmp_path / "absent.json")) == 2
    assert "--baseline" in capsys.readouterr().err


def test_sarif_baseline_states(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path, TREE)
    baseline = tmp_path / "baseline.json"
    assert check(root, "--baseline", str(baseline), "--write-baseline") == 0
    shift(root / "app" / "data.py")
    (root / "app" / "domain.py").write_text("from app import data\nfrom app import ui\n")
    capsys.readouterr()
    assert check(root, "--baseline", str(baseline), "--format", "sarif") == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    states = sorted((r["baselineState"], r["ruleId"]) for r in log["runs"][0]["results"])
    assert states == [("new", "contract"), ("unchanged", "contract"), ("unchanged", "contract"),
                      ("unchanged", "cycle")]
