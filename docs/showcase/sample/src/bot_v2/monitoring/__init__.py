"""Metrics, alerts and account telemetry."""

from .alerts import AlertDispatcher
from .metrics import MetricsRegistry
from .telemetry import AccountTelemetryService

__all__ = ["AccountTelemetryService", "AlertDispatcher", "MetricsRegistry"]
