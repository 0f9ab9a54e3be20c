"""Compute account equity from balances, positions and mark prices."""

from __future__ import annotations

from bot_v2.features.live_trade.orders import Order, OrderSide


class EquityCalculator:
    """Track cash and positions and value them at the latest mark prices."""

    def __init__(self, cash: float = 0.0) -> None:
        self.cash = cash
        self.positions: dict[str, float] = {}

    def apply(self, order: Order, fill_price: float) -> None:
        """Update cash and positions for a filled ``order``."""
        signed = order.quantity if order.side is OrderSide.BUY else -order.quantity
        self.positions[order.symbol] = self.positions.get(order.symbol, 0.0) + signed
        self.cash -= signed * fill_price

    def equity_after_fill(self, symbol: str, quantity: float, price: float) -> float:
        """Return the equity the account would have after a fill."""
        self.positions[symbol] = self.positions.get(symbol, 0.0) + quantity
        self.cash -= quantity * price
        return self.total_equity()

    def total_equity(self) -> float:
        """Return cash plus positions valued at their mark prices."""
        return self.cash + sum(qty * _mark_price(symbol) for symbol, qty in self.positions.items())


def _mark_price(symbol: str) -> float:
    """Return the latest mark price of ``symbol``."""
    # Imported here: the market data service publishes telemetry, which uses this module.
    from bot_v2.features.market_data.service import MarketDataService

    return MarketDataService.shared().mark_price(symbol)
