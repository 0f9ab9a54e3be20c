"""Checks that a configuration is usable before the bot starts."""

from __future__ import annotations

from bot_v2.orchestration.config.models import BotConfig
from bot_v2.orchestration.shared.symbol_utils import is_perpetual, normalize_symbol


def validate_config(config: BotConfig) -> list[str]:
    """Return a description of every problem with ``config`` (empty when it is valid)."""
    problems = []
    if not config.symbols:
        problems.append("the profile trades no symbols")
    for symbol in config.symbols:
        if not is_perpetual(normalize_symbol(symbol)):
            problems.append(f"{symbol} is not a perpetual contract")
    if config.risk.max_leverage > 5:
        problems.append("leverage above 5x is not supported")
    return problems


def ensure_valid(config: BotConfig) -> None:
    """Raise ``ValueError`` listing the problems of ``config``, if it has any."""
    problems = validate_config(config)
    if problems:
        raise ValueError("invalid configuration: " + "; ".join(problems))
