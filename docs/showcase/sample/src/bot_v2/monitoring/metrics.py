"""An in-process registry of counters and gauges."""

from __future__ import annotations

from collections import defaultdict


class MetricsRegistry:
    """Collect named counters and gauges until an exporter reads them."""

    def __init__(self) -> None:
        self._counters: dict[str, float] = defaultdict(float)
        self._gauges: dict[str, float] = {}

    def increment(self, name: str, value: float = 1.0) -> None:
        """Add ``value`` to the counter ``name``."""
        self._counters[name] += value

    def gauge(self, name: str, value: float) -> None:
        """Set the gauge ``name`` to ``value``."""
        self._gauges[name] = value

    def snapshot(self) -> dict[str, float]:
        """Return every counter and gauge in one mapping."""
        return {**self._counters, **self._gauges}
