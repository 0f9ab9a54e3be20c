"""Live execution: check each order against risk, place it and reconcile the result."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot_v2.features.live_trade.orders import Order
from bot_v2.features.live_trade.risk import RiskGateValidator
from bot_v2.orchestration.core.interfaces import IBotRuntime
from bot_v2.orchestration.execution.order_placement import OrderPlacementService
from bot_v2.orchestration.execution.state_collection import StateCollector
from bot_v2.orchestration.order_reconciler import OrderReconciler

logger = logging.getLogger(__name__)


@dataclass
class ExecutionReport:
    """What happened to one order."""

    order: Order
    order_id: str | None
    rejected_because: str = ""


ReportCallback = Callable[[ExecutionReport], None]


class LiveExecutionEngine:
    """Place orders for one bot, one at a time, with a risk check before each."""

    def __init__(
        self,
        bot: IBotRuntime,
        risk: RiskGateValidator,
        placement: OrderPlacementService,
        reconciler: OrderReconciler,
    ) -> None:
        self._bot = bot
        self._risk = risk
        self._placement = placement
        self._reconciler = reconciler
        self._state = StateCollector()
        self.on_report: ReportCallback | None = None

    def execute(self, order: Order, mark_price: float) -> ExecutionReport:
        """Check, place and report ``order``."""
        decision = self._risk.check(order, mark_price)
        if not decision.allowed or not self._bot.is_trading_allowed():
            report = ExecutionReport(order, None, decision.reason or "trading not allowed")
        else:
            report = ExecutionReport(order, self._placement.place(order))
            self._reconciler.track(report.order_id, order)
        self._state.record(report)
        if self.on_report is not None:
            self.on_report(report)
        return report
