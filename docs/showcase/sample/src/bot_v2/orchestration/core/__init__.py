"""Core abstractions of the orchestration layer."""

from .interfaces import IBotRuntime

__all__ = ["IBotRuntime"]
