"""Service registration and lookup."""

from .registry import ServiceRegistry

__all__ = ["ServiceRegistry"]
