"""Watch the health of the running bot and raise alerts."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bot_v2.monitoring.alerts import Alert, AlertDispatcher
from bot_v2.orchestration.configuration import BotConfig
from bot_v2.orchestration.perps_bot import PerpsBot
from bot_v2.orchestration.service_registry import ServiceRegistry


@dataclass
class HealthReport:
    """The result of one health check."""

    healthy: bool
    problems: list[str] = field(default_factory=list)
    checked_at: float = field(default_factory=time.time)


class SystemMonitor:
    """Check the bot, its services and its configuration; alert on problems."""

    def __init__(self, bot: PerpsBot, config: BotConfig, services: ServiceRegistry, alerts: AlertDispatcher) -> None:
        self._bot = bot
        self._config = config
        self._services = services
        self._alerts = alerts

    def check(self) -> HealthReport:
        """Run every health check once."""
        problems = []
        if not self._bot.running:
            problems.append("bot is not running")
        problems.extend(f"service {name} missing" for name in ("broker", "market_data") if name not in self._services)
        for problem in problems:
            self._alerts.dispatch(Alert("warning", problem))
        return HealthReport(healthy=not problems, problems=problems)
