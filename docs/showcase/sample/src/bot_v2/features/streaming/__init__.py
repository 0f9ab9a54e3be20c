"""Streaming market data over websockets."""

from .websocket_service import StreamingService

__all__ = ["StreamingService"]
