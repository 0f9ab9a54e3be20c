"""Parse and normalise trading symbols such as ``btc-usd`` or ``BTC-PERP``."""

from __future__ import annotations

from bot_v2.config.constants import PERPETUAL_SUFFIX, SUPPORTED_QUOTES


def normalize_symbol(symbol: str) -> str:
    """Return ``symbol`` upper-cased with ``-`` as the separator."""
    return symbol.strip().upper().replace("/", "-").replace("_", "-")


def split_symbol(symbol: str) -> tuple[str, str]:
    """Split ``BASE-QUOTE`` into its base and quote."""
    base, _, quote = normalize_symbol(symbol).partition("-")
    return base, quote or SUPPORTED_QUOTES[0]


def is_perpetual(symbol: str) -> bool:
    """Whether ``symbol`` names a perpetual future."""
    return normalize_symbol(symbol).endswith(PERPETUAL_SUFFIX)
