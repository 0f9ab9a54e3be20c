"""Builders that assemble a runtime from its services."""

from .perps_bot_builder import PerpsBotBuilder

__all__ = ["PerpsBotBuilder"]
