"""A registry of the bot's services by name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class ServiceRegistry:
    """Map service names to service instances."""

    def __init__(self) -> None:
        self._services: dict[str, Any] = {}

    def register(self, name: str, service: Any) -> None:
        """Register ``service`` under ``name``, replacing any previous one."""
        self._services[name] = service

    def get(self, name: str) -> Any:
        """Return the service ``name``."""
        return self._services[name]

    def items(self) -> Iterator[tuple[str, Any]]:
        """Iterate over (name, service) pairs."""
        return iter(self._services.items())

    def __contains__(self, name: object) -> bool:
        return name in self._services
