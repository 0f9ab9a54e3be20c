"""Load process settings from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from bot_v2.config.constants import DEFAULT_PROFILE


@dataclass(frozen=True)
class Settings:
    """Settings that do not change while the bot runs."""

    profile: str = DEFAULT_PROFILE
    data_dir: Path = field(default_factory=lambda: Path("var") / "bot_v2")
    dry_run: bool = True


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build :class:`Settings` from ``environ`` (default: ``os.environ``)."""
    env = os.environ if environ is None else environ
    return Settings(
        profile=env.get("BOT_PROFILE", DEFAULT_PROFILE),
        data_dir=Path(env.get("BOT_DATA_DIR", "var/bot_v2")),
        dry_run=env.get("BOT_DRY_RUN", "1") != "0",
    )
