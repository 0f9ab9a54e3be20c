"""Rebind registered services to a runtime after it is rebuilt (e.g. on a profile change)."""

from __future__ import annotations

from bot_v2.orchestration.core.interfaces import IBotRuntime
from bot_v2.orchestration.services.registry import ServiceRegistry


def rebind_services(registry: ServiceRegistry, runtime: IBotRuntime) -> list[str]:
    """Point every service that has a ``bind_runtime`` method at ``runtime``; return their names."""
    rebound = []
    for name, service in registry.items():
        bind = getattr(service, "bind_runtime", None)
        if callable(bind):
            bind(runtime)
            rebound.append(name)
    return rebound
