"""Quote and candle value objects."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quote:
    """Best bid and ask of one symbol."""

    symbol: str
    bid: float
    ask: float

    @property
    def mid(self) -> float:
        """The mid price."""
        return (self.bid + self.ask) / 2


@dataclass(frozen=True)
class Candle:
    """One OHLCV bar."""

    symbol: str
    open: float
    high: float
    low: float
    close: float
    volume: float
