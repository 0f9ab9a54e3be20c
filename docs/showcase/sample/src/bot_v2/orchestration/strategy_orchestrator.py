"""Deprecated: use :mod:`bot_v2.orchestration.strategy.orchestrator`."""

import warnings

from bot_v2.orchestration.strategy.orchestrator import StrategyOrchestrator

__all__ = ["StrategyOrchestrator"]

warnings.warn(
    "bot_v2.orchestration.strategy_orchestrator moved to bot_v2.orchestration.strategy.orchestrator",
    DeprecationWarning,
    stacklevel=2,
)
