"""Reconcile the orders the bot believes are open with the broker's view."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot_v2.features.brokerages.base import Broker
from bot_v2.features.live_trade.orders import Order
from bot_v2.orchestration.core.bot_interface import IBotRuntime


@dataclass
class ReconciliationResult:
    """Differences found by one reconciliation pass."""

    unknown_at_broker: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)


class OrderReconciler:
    """Remember placed orders and compare them with the broker after each cycle."""

    def __init__(self, runtime: IBotRuntime, broker: Broker) -> None:
        self._runtime = runtime
        self._broker = broker
        self._open: dict[str, Order] = {}

    def track(self, order_id: str | None, order: Order) -> None:
        """Remember that ``order`` was placed as ``order_id``."""
        if order_id is not None:
            self._open[order_id] = order

    def reconcile(self, broker_open_ids: set[str]) -> ReconciliationResult:
        """Compare the tracked orders with the ids the broker reports as open."""
        result = ReconciliationResult()
        for order_id in list(self._open):
            if order_id not in broker_open_ids:
                result.filled.append(order_id)
                del self._open[order_id]
        if result.filled and not self._runtime.running:
            result.unknown_at_broker.extend(result.filled)
        return result
