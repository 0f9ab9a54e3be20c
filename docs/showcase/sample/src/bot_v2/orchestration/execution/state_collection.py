"""Collect the outcome of every order an engine handled."""

from __future__ import annotations

from typing import Any

from .runtime_supervisor import RuntimeSupervisor


class StateCollector:
    """Keep the recent execution reports and feed the supervisor."""

    def __init__(self, history: int = 100) -> None:
        self._history = history
        self.reports: list[Any] = []
        self.supervisor = RuntimeSupervisor()

    def record(self, report: Any) -> None:
        """Remember ``report`` and tell the supervisor whether it succeeded."""
        self.reports = [*self.reports, report][-self._history :]
        self.supervisor.record(report.order_id is not None)
