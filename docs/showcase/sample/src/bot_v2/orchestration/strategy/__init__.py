"""Strategies: orchestration of the registered strategies and execution of their decisions."""

from .executor import StrategyExecutor
from .orchestrator import StrategyOrchestrator

__all__ = ["StrategyExecutor", "StrategyOrchestrator"]
