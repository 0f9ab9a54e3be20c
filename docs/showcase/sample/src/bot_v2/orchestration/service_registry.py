"""Deprecated: use :mod:`bot_v2.orchestration.services.registry`."""

import warnings

from bot_v2.orchestration.services.registry import ServiceRegistry

__all__ = ["ServiceRegistry"]

warnings.warn(
    "bot_v2.orchestration.service_registry moved to bot_v2.orchestration.services.registry",
    DeprecationWarning,
    stacklevel=2,
)
