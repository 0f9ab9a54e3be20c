"""A broker that fills every order at a scripted price, for tests and paper trading."""

from __future__ import annotations

import itertools

from bot_v2.features.brokerages.base import Broker
from bot_v2.features.live_trade.orders import Order, OrderSide


class DeterministicBroker(Broker):
    """Fill orders immediately at fixed prices and keep balances in memory."""

    def __init__(self, prices: dict[str, float], cash: float = 10_000.0) -> None:
        self._prices = dict(prices)
        self._balances = {"USD": cash}
        self._ids = itertools.count(1)
        self.fills: list[tuple[str, Order, float]] = []

    def place_order(self, order: Order) -> str:
        """Fill ``order`` at the scripted price and return its id."""
        order_id = f"det-{next(self._ids)}"
        price = self._prices[order.symbol]
        sign = 1 if order.side is OrderSide.BUY else -1
        self._balances["USD"] -= sign * order.quantity * price
        self.fills.append((order_id, order, price))
        return order_id

    def cancel_order(self, order_id: str) -> None:
        """Do nothing: every order is already filled."""

    def balances(self) -> dict[str, float]:
        """Return the in-memory balances."""
        return dict(self._balances)
