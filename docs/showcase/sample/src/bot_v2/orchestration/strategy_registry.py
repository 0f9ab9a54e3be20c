"""A registry of strategy classes, filled by a decorator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot_v2.orchestration.shared.symbol_utils import normalize_symbol

_STRATEGIES: dict[str, type[Any]] = {}


def register_strategy(name: str) -> Callable[[type[Any]], type[Any]]:
    """Class decorator: register the decorated strategy under ``name``."""

    def decorate(cls: type[Any]) -> type[Any]:
        _STRATEGIES[name] = cls
        return cls

    return decorate


class StrategyRegistry:
    """Instantiate registered strategies for the symbols of a profile."""

    def __init__(self, symbols: list[str]) -> None:
        self.symbols = [normalize_symbol(s) for s in symbols]

    def names(self) -> list[str]:
        """Return the registered strategy names."""
        return sorted(_STRATEGIES)

    def create(self, name: str) -> Any:
        """Instantiate the strategy ``name`` for this registry's symbols."""
        return _STRATEGIES[name](self.symbols)
