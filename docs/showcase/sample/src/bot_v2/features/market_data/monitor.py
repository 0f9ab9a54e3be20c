"""Watch market data for stale quotes and wide spreads."""

from __future__ import annotations

import time

from bot_v2.features.market_data.quotes import Quote
from bot_v2.features.market_data.service import MarketDataService
from bot_v2.monitoring.metrics import MetricsRegistry


class MarketMonitor:
    """Flag symbols whose quotes are stale or whose spread is too wide."""

    def __init__(self, service: MarketDataService, metrics: MetricsRegistry, max_age_s: float = 5.0) -> None:
        self._service = service
        self._metrics = metrics
        self._max_age_s = max_age_s
        self._last_seen: dict[str, float] = {}

    def observe(self, quote: Quote) -> None:
        """Record that ``quote`` arrived now."""
        self._last_seen[quote.symbol] = time.monotonic()
        self._metrics.gauge(f"spread.{quote.symbol}", quote.ask - quote.bid)

    def stale_symbols(self) -> list[str]:
        """Return the symbols with no quote for longer than the allowed age."""
        now = time.monotonic()
        return sorted(s for s, seen in self._last_seen.items() if now - seen > self._max_age_s)
