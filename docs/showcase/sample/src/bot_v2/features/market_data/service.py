"""The market data service: the latest quote of every subscribed symbol."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from bot_v2.features.market_data.quotes import Quote
from bot_v2.monitoring.telemetry import AccountTelemetryService

if TYPE_CHECKING:
    from bot_v2.features.brokerages.base import Broker


class MarketDataService:
    """Keep the latest quote per symbol and hand out mark prices."""

    _shared: ClassVar[MarketDataService | None] = None

    def __init__(self, broker: Broker | None = None, telemetry: AccountTelemetryService | None = None) -> None:
        self._broker = broker
        self._telemetry = telemetry
        self._quotes: dict[str, Quote] = {}

    @classmethod
    def shared(cls) -> MarketDataService:
        """Return the process-wide instance."""
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def update(self, quote: Quote) -> None:
        """Store ``quote`` as the latest for its symbol."""
        self._quotes[quote.symbol] = quote

    def mark_price(self, symbol: str) -> float:
        """Return the mid price of the latest quote of ``symbol``."""
        return self._quotes[symbol].mid
