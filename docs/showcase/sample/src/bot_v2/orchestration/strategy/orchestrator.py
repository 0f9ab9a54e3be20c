"""Run every active strategy on the latest market data and collect their orders."""

from __future__ import annotations

from bot_v2.features.live_trade.orders import Order
from bot_v2.features.market_data.service import MarketDataService
from bot_v2.orchestration.strategy.executor import StrategyExecutor
from bot_v2.orchestration.strategy_registry import StrategyRegistry


class StrategyOrchestrator:
    """Ask each registered strategy for its decisions once per cycle."""

    def __init__(self, market_data: MarketDataService, symbols: list[str]) -> None:
        self._market_data = market_data
        self._registry = StrategyRegistry(symbols)
        self._executor = StrategyExecutor()
        self._strategies = [self._registry.create(name) for name in self._registry.names()]

    def decide(self) -> list[Order]:
        """Return the orders all strategies want this cycle."""
        orders: list[Order] = []
        for strategy in self._strategies:
            orders.extend(self._executor.to_orders(strategy.decide(self._market_data)))
        return orders
