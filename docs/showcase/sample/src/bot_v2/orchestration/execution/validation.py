"""Validate orders before they are submitted."""

from __future__ import annotations

from bot_v2.features.live_trade.orders import Order, OrderType
from bot_v2.orchestration.shared.symbol_utils import normalize_symbol

from .guards import RuntimeGuards


class OrderValidator:
    """Reject malformed orders and orders the runtime guards block."""

    def __init__(self, guards: RuntimeGuards) -> None:
        self._guards = guards

    def problem(self, order: Order) -> str:
        """Return why ``order`` must not be sent, or an empty string."""
        if order.quantity <= 0:
            return "quantity must be positive"
        if order.order_type is OrderType.LIMIT and order.limit_price is None:
            return "a limit order needs a limit price"
        if normalize_symbol(order.symbol) != order.symbol:
            return f"symbol {order.symbol!r} is not normalised"
        return self._guards.blocking_reason(order.symbol)
