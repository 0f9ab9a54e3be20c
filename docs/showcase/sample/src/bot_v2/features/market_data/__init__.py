"""Market data: quotes, the market data service and the market monitor."""

from .monitor import MarketMonitor
from .quotes import Candle, Quote
from .service import MarketDataService

__all__ = ["Candle", "MarketDataService", "MarketMonitor", "Quote"]
