"""Deprecated: use :mod:`bot_v2.features.brokerages.deterministic`."""

import warnings

from bot_v2.features.brokerages.deterministic import DeterministicBroker

__all__ = ["DeterministicBroker"]

warnings.warn(
    "bot_v2.orchestration.deterministic_broker moved to bot_v2.features.brokerages.deterministic",
    DeprecationWarning,
    stacklevel=2,
)
