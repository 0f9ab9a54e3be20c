"""The protocol every broker adapter implements."""

from __future__ import annotations

from typing import Protocol

from ..live_trade.orders import Order


class BrokerError(RuntimeError):
    """The broker rejected a request."""


class Broker(Protocol):
    """What the bot needs from a broker."""

    def place_order(self, order: Order) -> str:
        """Send ``order`` and return the broker's order id."""
        ...

    def cancel_order(self, order_id: str) -> None:
        """Cancel the order ``order_id``."""
        ...

    def balances(self) -> dict[str, float]:
        """Return the balance per currency."""
        ...
