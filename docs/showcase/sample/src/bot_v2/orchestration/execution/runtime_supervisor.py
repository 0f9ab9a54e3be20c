"""Supervise an execution engine: count failures and trip a breaker after too many."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot_v2.orchestration.live_execution import LiveExecutionEngine


class RuntimeSupervisor:
    """Trip after ``max_failures`` consecutive rejected orders."""

    def __init__(self, max_failures: int = 5) -> None:
        self.max_failures = max_failures
        self.failures = 0
        self.engine: LiveExecutionEngine | None = None

    def record(self, succeeded: bool) -> None:
        """Count one order outcome."""
        self.failures = 0 if succeeded else self.failures + 1

    @property
    def tripped(self) -> bool:
        """Whether the engine should stop placing orders."""
        return self.failures >= self.max_failures
