"""Persist the bot's state between runs as a JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot_v2.config.settings import Settings


class StateStore:
    """Read and write a JSON document in the bot's data directory."""

    def __init__(self, settings: Settings, filename: str = "state.json") -> None:
        self.path = Path(settings.data_dir) / filename

    def load(self) -> dict[str, Any]:
        """Return the stored state, or an empty one."""
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def save(self, state: dict[str, Any]) -> None:
        """Replace the stored state with ``state``."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(state, indent=2, sort_keys=True), encoding="utf-8")
