"""The coordination layer: builds the bot, runs its cycles and wires the services together.

Names that moved out of this package in Phase 2 still resolve here, lazily and with a
DeprecationWarning (PEP 562 module ``__getattr__``), so that old callers keep working.
"""

from __future__ import annotations

import importlib
import warnings

# Phase 2 moves: old name in bot_v2.orchestration -> (new module, attribute).
_MOVED = {
    "AccountTelemetryService": ("bot_v2.monitoring.telemetry", "AccountTelemetryService"),
    "EquityCalculator": ("bot_v2.features.live_trade.equity", "EquityCalculator"),
    "MarketMonitor": ("bot_v2.features.market_data.monitor", "MarketMonitor"),
    "MarketDataService": ("bot_v2.features.market_data.service", "MarketDataService"),
    "SpotProfileService": ("bot_v2.features.live_trade.profiles", "SpotProfileService"),
    "RiskGateValidator": ("bot_v2.features.live_trade.risk", "RiskGateValidator"),
}

__all__ = sorted(_MOVED)


def __getattr__(name: str) -> object:
    """Resolve a name that moved out of the package, warning the caller."""
    try:
        module_name, attribute = _MOVED[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    warnings.warn(
        f"bot_v2.orchestration.{name} moved to {module_name}.{attribute}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(importlib.import_module(module_name), attribute)
