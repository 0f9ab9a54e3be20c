"""Place orders: split them into child orders and submit each one."""

from __future__ import annotations

from bot_v2.features.live_trade.orders import Order

from .order_submission import OrderSubmitter

MAX_ORDERS_PER_CYCLE = 20


class OrderPlacementService:
    """Place orders through a submitter, respecting the per-cycle limit."""

    def __init__(self, submitter: OrderSubmitter) -> None:
        self._submitter = submitter
        self.placed_this_cycle = 0

    def place(self, order: Order) -> str | None:
        """Submit ``order``; return its id, or ``None`` once the cycle's limit is reached."""
        if self.placed_this_cycle >= MAX_ORDERS_PER_CYCLE:
            return None
        self.placed_this_cycle += 1
        return self._submitter.submit(order)

    def new_cycle(self) -> None:
        """Reset the per-cycle counter."""
        self.placed_this_cycle = 0
