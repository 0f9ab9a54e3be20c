"""Route alerts to the operators."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .metrics import MetricsRegistry

logger = logging.getLogger(__name__)


@dataclass
class Alert:
    """One alert: a severity and a message."""

    severity: str
    message: str


class AlertDispatcher:
    """Send alerts to the log and count them."""

    def __init__(self, metrics: MetricsRegistry) -> None:
        self._metrics = metrics

    def dispatch(self, alert: Alert) -> None:
        """Log ``alert`` and count it by severity."""
        logger.warning("[%s] %s", alert.severity, alert.message)
        self._metrics.increment(f"alerts.{alert.severity}")
