"""Coordinate the execution engines of one bot: one engine per trading venue."""

from __future__ import annotations

import logging

from bot_v2.orchestration.execution.engine_factory import EngineFactory
from bot_v2.orchestration.live_execution import ExecutionReport, LiveExecutionEngine

logger = logging.getLogger(__name__)


class ExecutionCoordinator:
    """Own the live execution engines and collect their reports."""

    def __init__(self, factory: EngineFactory) -> None:
        self._factory = factory
        self._engines: dict[str, LiveExecutionEngine] = {}
        self.reports: list[ExecutionReport] = []

    def register(self, venue: str, engine: LiveExecutionEngine) -> None:
        """Route orders for ``venue`` to ``engine`` and collect its reports."""
        engine.on_report = self.reports.append
        self._engines[venue] = engine

    def engine_for(self, venue: str) -> LiveExecutionEngine:
        """Return the engine that trades on ``venue``."""
        return self._engines[venue]

    def drain_reports(self) -> list[ExecutionReport]:
        """Return and forget the reports collected since the last call."""
        reports, self.reports = self.reports, []
        logger.debug("drained %d execution reports", len(reports))
        return reports
