"""Deprecated: use :mod:`bot_v2.features.streaming.websocket_service`."""

import warnings

from bot_v2.features.streaming.websocket_service import QuoteHandler, StreamingService

__all__ = ["QuoteHandler", "StreamingService"]

warnings.warn(
    "bot_v2.orchestration.streaming_service moved to bot_v2.features.streaming.websocket_service",
    DeprecationWarning,
    stacklevel=2,
)
