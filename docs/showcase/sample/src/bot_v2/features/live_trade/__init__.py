"""Live trading: orders, equity, trading profiles and risk checks."""

from .equity import EquityCalculator
from .orders import Order, OrderSide, OrderType
from .profiles import SpotProfileService
from .risk import RiskGateValidator

__all__ = [
    "EquityCalculator",
    "Order",
    "OrderSide",
    "OrderType",
    "RiskGateValidator",
    "SpotProfileService",
]
