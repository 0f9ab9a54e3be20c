"""Stream quotes from the exchange's websocket feed into the market data service."""

from __future__ import annotations

import logging
from collections.abc import Callable

try:
    import websockets
except ImportError:  # streaming is optional; REST polling still works without it
    websockets = None

from bot_v2.features.market_data.quotes import Quote
from bot_v2.monitoring.metrics import MetricsRegistry

logger = logging.getLogger(__name__)

QuoteHandler = Callable[[Quote], None]


class StreamingService:
    """Subscribe to ticker channels and hand every quote to the registered handlers."""

    def __init__(self, url: str, metrics: MetricsRegistry) -> None:
        self._url = url
        self._metrics = metrics
        self._handlers: list[QuoteHandler] = []
        self._symbols: set[str] = set()

    @property
    def available(self) -> bool:
        """Whether the websocket client library is installed."""
        return websockets is not None

    def subscribe(self, symbols: list[str], handler: QuoteHandler) -> None:
        """Stream ``symbols`` and call ``handler`` for every quote."""
        self._symbols.update(symbols)
        self._handlers.append(handler)

    def on_message(self, message: dict[str, str]) -> None:
        """Turn one ticker message into a :class:`Quote` and dispatch it."""
        quote = Quote(message["product_id"], float(message["best_bid"]), float(message["best_ask"]))
        self._metrics.increment("stream.messages")
        for handler in self._handlers:
            handler(quote)

    def stop(self) -> None:
        """Drop every subscription."""
        logger.info("stopping stream for %d symbols", len(self._symbols))
        self._symbols.clear()
        self._handlers.clear()
