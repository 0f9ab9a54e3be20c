"""Order value objects shared by brokers, risk checks and execution."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class OrderSide(enum.Enum):
    """Which way an order trades."""

    BUY = "buy"
    SELL = "sell"


class OrderType(enum.Enum):
    """How an order is priced."""

    MARKET = "market"
    LIMIT = "limit"


@dataclass(frozen=True)
class Order:
    """An order as the bot intends to place it."""

    symbol: str
    side: OrderSide
    quantity: float
    order_type: OrderType = OrderType.MARKET
    limit_price: float | None = None

    def notional(self, mark_price: float) -> float:
        """Return the order's value at ``mark_price``."""
        return abs(self.quantity) * (self.limit_price or mark_price)
