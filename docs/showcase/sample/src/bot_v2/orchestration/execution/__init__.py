"""Order execution: validation, guards, submission and placement of orders."""

from .engine_factory import EngineFactory
from .guards import RuntimeGuards
from .order_placement import OrderPlacementService
from .order_submission import OrderSubmitter
from .runtime_supervisor import RuntimeSupervisor
from .state_collection import StateCollector
from .validation import OrderValidator

__all__ = [
    "EngineFactory",
    "OrderPlacementService",
    "OrderSubmitter",
    "OrderValidator",
    "RuntimeGuards",
    "RuntimeSupervisor",
    "StateCollector",
]
