"""Turn strategy decisions into orders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot_v2.features.live_trade.orders import Order, OrderSide

if TYPE_CHECKING:
    from bot_v2.orchestration.live_execution import LiveExecutionEngine


class StrategyExecutor:
    """Translate ``(symbol, signed quantity)`` decisions into orders."""

    def __init__(self, engine: LiveExecutionEngine | None = None) -> None:
        self._engine = engine

    def to_orders(self, decisions: list[tuple[str, float]]) -> list[Order]:
        """Return one order per non-zero decision."""
        return [
            Order(symbol, OrderSide.BUY if quantity > 0 else OrderSide.SELL, abs(quantity))
            for symbol, quantity in decisions
            if quantity
        ]
