"""The SARIF 2.1.0 JSON schema (OASIS; its notice sits next to it in tests/contracts/)."""

from __future__ import annotations

import json
from typing import Any

from tests.helpers.paths import REPO

SCHEMA: dict[str, Any] = json.loads(
    (REPO / "tests" / "contracts" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
