"""Helpers shared across the orchestration layer."""

from .symbol_utils import is_perpetual, normalize_symbol, split_symbol

__all__ = ["is_perpetual", "normalize_symbol", "split_symbol"]
