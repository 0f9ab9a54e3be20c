"""Submit one validated order to the broker."""

from __future__ import annotations

from bot_v2.features.brokerages.base import Broker, BrokerError
from bot_v2.features.live_trade.orders import Order
from bot_v2.orchestration.execution.validation import OrderValidator


class OrderSubmitter:
    """Validate an order, then send it to the broker."""

    def __init__(self, broker: Broker, validator: OrderValidator) -> None:
        self._broker = broker
        self._validator = validator

    def submit(self, order: Order) -> str:
        """Validate and place ``order``; return the broker's order id."""
        problem = self._validator.problem(order)
        if problem:
            raise BrokerError(problem)
        return self._broker.place_order(order)
