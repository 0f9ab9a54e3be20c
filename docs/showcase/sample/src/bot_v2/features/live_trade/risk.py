"""Pre-trade risk checks: position limits and leverage."""

from __future__ import annotations

from dataclasses import dataclass

from bot_v2.features.live_trade.orders import Order
from bot_v2.orchestration.config.models import RiskConfig


@dataclass
class RiskDecision:
    """The outcome of a risk check."""

    allowed: bool
    reason: str = ""


class RiskGateValidator:
    """Reject orders that would break the configured risk limits."""

    def __init__(self, config: RiskConfig) -> None:
        self._config = config

    def check(self, order: Order, mark_price: float) -> RiskDecision:
        """Return whether ``order`` may be placed at ``mark_price``."""
        if order.notional(mark_price) > self._config.max_notional:
            return RiskDecision(False, "notional above limit")
        return RiskDecision(True)
