"""Deprecated: use :mod:`bot_v2.orchestration.core.interfaces`."""

import warnings

from bot_v2.orchestration.core.interfaces import IBotRuntime

__all__ = ["IBotRuntime"]

warnings.warn(
    "bot_v2.orchestration.core.bot_interface moved to bot_v2.orchestration.core.interfaces",
    DeprecationWarning,
    stacklevel=2,
)
