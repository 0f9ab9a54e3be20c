"""Trading gates: the kill switch, the daily loss limit and the paper-trading gate."""

from __future__ import annotations

from dataclasses import dataclass

from bot_v2.features.brokerages.deterministic import DeterministicBroker
from bot_v2.orchestration.config.models import BotConfig


@dataclass
class GuardrailViolation:
    """A gate that refused to let the bot trade."""

    gate: str
    detail: str


class TradingGates:
    """Decide, before every cycle, whether the bot may trade at all."""

    def __init__(self, config: BotConfig, broker: object | None = None) -> None:
        self._config = config
        self._broker = broker
        self.kill_switch = False

    def check(self, daily_pnl: float) -> GuardrailViolation | None:
        """Return the first gate that blocks trading, or ``None``."""
        if self.kill_switch:
            return GuardrailViolation("kill_switch", "trading disabled by operator")
        if daily_pnl < -self._config.risk.max_daily_loss:
            return GuardrailViolation("daily_loss", f"daily PnL {daily_pnl:.2f}")
        if self._config.paper_only and not isinstance(self._broker, DeterministicBroker):
            return GuardrailViolation("paper_only", "a live broker is configured for a paper profile")
        return None
