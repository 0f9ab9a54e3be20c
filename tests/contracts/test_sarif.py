"""``archdocs check --format sarif``: valid against the official SARIF 2.1.0 schema (vendored
beside this file, see its NOTICE), one rule per finding kind, paths relative to the repository
root, fingerprints that survive a line shift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.helpers.contract_cases import CASES
from tests.helpers.files import write_tree
from tests.helpers.gitrepo import init
from tests.helpers.sarif import SCHEMA

from archdocs.cli import main


def sarif(root: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["check", str(root / "src"), "--contracts", str(root / ".importlinter"),
                 "--format", "sarif", "--no-cache"]) == 1
    log: dict[str, Any] = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log


def test_sarif_valid_rules_paths_fingerprints(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    tree, config = CASES["layers"]
    root = write_tree(tmp_path / "repo", {**{f"src/{k}": v for k, v in tree.items()},
                                     ".importlinter": config.replace("pkg.ui\n", "pkg.ui\n    "
                                                                     "(pkg.gone)\n")
                                     + "ignore_imports = pkg.nowhere -> pkg.ui\n"})
    init(root)
    monkeypatch.chdir(tmp_path)  # paths must come out relative to the repository, not here
    run = sarif(root, capsys)["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(set(rules)) == ["contract", "contract-ignore"]
    where = sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                    r["locations"][0]["physicalLocation"].get("region", {}).get("startLine"),
                    r["ruleId"]) for r in run["results"])
    assert where == [(".importlinter", 12, "contract-ignore"),
                     ("src/pkg/data/repo.py", 5, "contract"),
                     ("src/pkg/data/typed.py", 4, "contract"),
                     ("src/pkg/domain/service.py", 3, "contract")]
    before = {r["partialFingerprints"]["archdocsIdentity/v1"] for r in run["results"]}
    assert len(before) == 4
    # two lines pushed in above every import: same fingerprints, new lines
    for path in (root / "src/pkg").rglob("*.py"):
        path.write_text("# moved\n# down\n" + path.read_text())
    after = sarif(root, capsys)["runs"][0]["results"]
    assert {r["partialFingerprints"]["archdocsIdentity/v1"] for r in after} == before
    assert sorted(r["locations"][0]["physicalLocation"].get("region", {}).get("startLine")
                  for r in after) == [5, 6, 7, 12]
