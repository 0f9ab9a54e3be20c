"""Run one trading cycle: refresh state, run the strategies, execute their decisions."""

from __future__ import annotations

import enum
import logging

from bot_v2.orchestration.core.interfaces import IBotRuntime
from bot_v2.orchestration.execution_coordinator import ExecutionCoordinator
from bot_v2.orchestration.strategy.orchestrator import StrategyOrchestrator

logger = logging.getLogger(__name__)


class CoordinatorState(enum.Enum):
    """Phase of the current cycle."""

    IDLE = "idle"
    DECIDING = "deciding"
    EXECUTING = "executing"


class RuntimeCoordinator:
    """Sequence the steps of a trading cycle for one runtime."""

    def __init__(
        self,
        bot: IBotRuntime,
        strategies: StrategyOrchestrator,
        execution: ExecutionCoordinator,
    ) -> None:
        self._bot = bot
        self._strategies = strategies
        self._execution = execution
        self.state = CoordinatorState.IDLE

    def run_cycle(self) -> None:
        """Ask the strategies for orders and submit the ones the runtime allows."""
        self.state = CoordinatorState.DECIDING
        orders = self._strategies.decide()
        self.state = CoordinatorState.EXECUTING
        for order in orders:
            if self._bot.is_trading_allowed():
                self._bot.submit(order)
        logger.debug("cycle done, %d reports", len(self._execution.drain_reports()))
        self.state = CoordinatorState.IDLE
