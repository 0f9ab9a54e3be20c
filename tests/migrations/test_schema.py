"""The migrations JSON against its shipped, versioned schema
(``archdocs/schema/migrations.schema.json``): an inferred map with every kind of entry (moved,
renamed with evidence, removed, an external re-export, notes for skipped private modules), a
declared map with problems, and the merge."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
from tests.helpers.inference import ENABLED_V1, ENABLED_V2, NORM
from tests.helpers.paths import REPO, SAMPLE

from archdocs.cli import main
from archdocs.render.migrations import SCHEMA_VERSION


def schema() -> dict[str, Any]:
    """The schema as installed with the package (package data, not the source tree)."""
    text = resources.files("archdocs").joinpath("schema/migrations.schema.json").read_text("utf-8")
    loaded = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def validate(data: object) -> None:
    jsonschema.Draft202012Validator(schema()).validate(data)


def test_schema_version_matches_the_output():
    assert schema()["properties"]["schema"] == {"const": SCHEMA_VERSION,
                                                "description": "Version of this format."}


def test_inferred_map_validates(repo, capsys):
    r = repo()
    r.write({"pkg/__init__.py": "from markupsafe import Markup\n",
             "pkg/helpers.py": NORM + ENABLED_V1,
             "pkg/_private.py": "def hidden():\n    return 1\n"})
    r.release("v1")
    r.write({"pkg/__init__.py": "", "pkg/helpers.py": None, "pkg/_private.py": None,
             "pkg/shared/__init__.py": "", "pkg/shared/utils.py": NORM + ENABLED_V2})
    r.release("v2")
    assert main(["migrations", "--repo", str(r.path), "--from", "v1", "--to", "v2", "--format",
                 "json",
                 "--no-cache"]) == 0
    data = json.loads(capsys.readouterr().out)
    validate(data)
    assert data["schema"] == 1 and data["notes"]
    changes = {e["old_spec"]: (e["change"], e["reason"]) for e in data["entries"]}
    assert changes["pkg:Markup"][0] == "removed" and "markupsafe" in changes["pkg:Markup"][1]
    assert changes["pkg.helpers:enabled"][1].startswith("changed on the way")


def test_declared_map_with_problems_validates(tmp_path, capsys):
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[[migration]]\nold = "bot_v2.nowhere"\nnew = "bot_v2.nowhere.either"\n')
    assert main(["migrations", str(SAMPLE), "--declared", str(wrong), "--format", "json",
                 "--no-cache"]) == 1
    data = json.loads(capsys.readouterr().out)
    validate(data)
    assert data["problems"] and data["problems"][0]["line"] == 2


@pytest.mark.parametrize("broken", [
    {"schema": 2}, {"entries": [{"old": "a"}]}, {"notes": "one"},
])
def test_schema_rejects_what_the_format_is_not(broken):
    good = {"schema": 1, "label": "", "notes": [], "entries": [], "problems": []}
    validate(good)
    with pytest.raises(jsonschema.ValidationError):
        validate({**good, **broken})


def test_schema_is_declared_package_data():
    assert '"schema/*.json"' in (REPO / "pyproject.toml").read_text()
