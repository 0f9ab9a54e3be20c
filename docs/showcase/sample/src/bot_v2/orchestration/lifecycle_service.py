"""Start-up and shut-down of the bot: states, hooks and a graceful stop."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot_v2.orchestration.storage import StateStore

logger = logging.getLogger(__name__)


class LifecycleState(enum.Enum):
    """Where the bot is in its life."""

    CREATED = "created"
    RUNNING = "running"
    STOPPING = "stopping"
    STOPPED = "stopped"


@dataclass
class ShutdownHook:
    """A callable run on shutdown, in ascending ``priority`` order."""

    name: str
    callback: Callable[[], None]
    priority: int = 100


class LifecycleService:
    """Track the lifecycle state and run the shutdown hooks exactly once."""

    def __init__(self, store: StateStore) -> None:
        self._store = store
        self._hooks: list[ShutdownHook] = []
        self.state = LifecycleState.CREATED

    def add_hook(self, hook: ShutdownHook) -> None:
        """Run ``hook`` when the bot stops."""
        self._hooks.append(hook)

    def start(self) -> None:
        """Mark the bot as running."""
        self.state = LifecycleState.RUNNING

    def stop(self, reason: str) -> None:
        """Run every shutdown hook, persist the state and mark the bot as stopped."""
        if self.state in (LifecycleState.STOPPING, LifecycleState.STOPPED):
            return
        self.state = LifecycleState.STOPPING
        logger.info("stopping: %s", reason)
        for hook in sorted(self._hooks, key=lambda h: h.priority):
            hook.callback()
        self._store.save({"stopped_because": reason})
        self.state = LifecycleState.STOPPED
