"""Create the execution pipeline (validation, guards, submission, placement) for a broker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .guards import RuntimeGuards
from .order_placement import OrderPlacementService
from .order_submission import OrderSubmitter
from .validation import OrderValidator

if TYPE_CHECKING:
    from bot_v2.features.brokerages.base import Broker


class EngineFactory:
    """Build the objects of the execution pipeline for one broker."""

    def __init__(self, broker: Broker) -> None:
        self._broker = broker

    def placement(self) -> OrderPlacementService:
        """Return a placement service wired to a fresh submitter, validator and guards."""
        validator = OrderValidator(RuntimeGuards())
        return OrderPlacementService(OrderSubmitter(self._broker, validator))
