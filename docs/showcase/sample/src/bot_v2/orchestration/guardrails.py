"""Deprecated: use :mod:`bot_v2.features.live_trade.guardrails.trading_gates`."""

import warnings

from bot_v2.features.live_trade.guardrails.trading_gates import GuardrailViolation, TradingGates

__all__ = ["GuardrailViolation", "TradingGates"]

warnings.warn(
    "bot_v2.orchestration.guardrails moved to bot_v2.features.live_trade.guardrails.trading_gates",
    DeprecationWarning,
    stacklevel=2,
)
