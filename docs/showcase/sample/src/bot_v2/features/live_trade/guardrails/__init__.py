"""Guardrails that can stop trading: trading gates and trading sessions."""

from .session_guard import SessionGuard
from .trading_gates import GuardrailViolation, TradingGates

__all__ = ["GuardrailViolation", "SessionGuard", "TradingGates"]
