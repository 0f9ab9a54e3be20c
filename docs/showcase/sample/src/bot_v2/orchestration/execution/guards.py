"""Runtime guards: per-symbol blocks and the order-burst limit."""

from __future__ import annotations

from . import order_placement


class RuntimeGuards:
    """Block trading on single symbols and throttle bursts of orders."""

    def __init__(self) -> None:
        self.blocked: dict[str, str] = {}
        self.burst_limit = order_placement.MAX_ORDERS_PER_CYCLE // 2

    def block(self, symbol: str, reason: str) -> None:
        """Stop trading ``symbol`` for ``reason``."""
        self.blocked[symbol] = reason

    def blocking_reason(self, symbol: str) -> str:
        """Return why ``symbol`` is blocked, or an empty string."""
        return self.blocked.get(symbol, "")
