"""Account telemetry: equity, margin and exposure, published as metrics."""

from __future__ import annotations

from dataclasses import dataclass

from bot_v2.features.live_trade.equity import EquityCalculator
from bot_v2.monitoring.metrics import MetricsRegistry


@dataclass
class AccountSnapshot:
    """Balances of one account at one moment."""

    equity: float
    margin_used: float
    open_positions: int


class AccountTelemetryService:
    """Publish account snapshots as gauges."""

    def __init__(self, metrics: MetricsRegistry, calculator: EquityCalculator | None = None) -> None:
        self._metrics = metrics
        self._calculator = calculator or EquityCalculator()

    def publish(self, snapshot: AccountSnapshot) -> None:
        """Write ``snapshot`` to the metrics registry."""
        self._metrics.gauge("account.equity", snapshot.equity)
        self._metrics.gauge("account.margin_used", snapshot.margin_used)
        self._metrics.gauge("account.open_positions", snapshot.open_positions)

    def record_fill(self, symbol: str, quantity: float, price: float) -> None:
        """Count a fill and refresh the equity gauge."""
        self._metrics.increment(f"fills.{symbol}")
        self._metrics.gauge("account.equity", self._calculator.equity_after_fill(symbol, quantity, price))
