"""PerpsBot: the main runtime of the perpetual-futures bot.

PerpsBot satisfies the ``IBotRuntime`` protocol structurally; services receive it typed as the
protocol, never as ``PerpsBot``.
"""

from __future__ import annotations

import logging

from bot_v2.features.live_trade.guardrails.session_guard import SessionGuard
from bot_v2.features.live_trade.guardrails.trading_gates import TradingGates
from bot_v2.features.live_trade.orders import Order
from bot_v2.orchestration.config.controller import ConfigController
from bot_v2.orchestration.config.models import BotConfig
from bot_v2.orchestration.lifecycle_service import LifecycleService
from bot_v2.orchestration.live_execution import LiveExecutionEngine
from bot_v2.orchestration.runtime_coordinator import RuntimeCoordinator
from bot_v2.orchestration.storage import StateStore
from bot_v2.orchestration.streaming_service import StreamingService

logger = logging.getLogger(__name__)


class PerpsBot:
    """Run trading cycles until asked to stop."""

    def __init__(
        self,
        config: BotConfig,
        store: StateStore,
        lifecycle: LifecycleService,
        gates: TradingGates,
        streaming: StreamingService | None = None,
    ) -> None:
        self.config = config
        self._store = store
        self._lifecycle = lifecycle
        self._gates = gates
        self._session = SessionGuard()
        self._streaming = streaming
        self.controller = ConfigController(self, config)
        self.execution: LiveExecutionEngine | None = None
        self.coordinator: RuntimeCoordinator | None = None
        self.daily_pnl = 0.0

    @property
    def running(self) -> bool:
        """Whether the bot is between start and stop."""
        return self._lifecycle.state.value == "running"

    def is_trading_allowed(self) -> bool:
        """Whether the gates and the trading session allow trading now."""
        return self._session.is_open() and self._gates.check(self.daily_pnl) is None

    def submit(self, order: Order) -> str:
        """Place ``order`` through the live execution engine."""
        if self.execution is None:
            raise RuntimeError("the bot has no execution engine")
        return self.execution.execute(order, mark_price=0.0).order_id or ""

    def request_shutdown(self, reason: str) -> None:
        """Stop after the current cycle."""
        self._lifecycle.stop(reason)

    def run(self, max_cycles: int = 0) -> None:
        """Run cycles until stopped, or ``max_cycles`` times when it is positive."""
        self._lifecycle.start()
        cycles = 0
        while self.running and (max_cycles <= 0 or cycles < max_cycles):
            if self.coordinator is not None:
                self.coordinator.run_cycle()
            cycles += 1
        if self._streaming is not None:
            self._streaming.stop()
        logger.info("ran %d cycles", cycles)
