"""The runtime protocol that services depend on instead of the concrete bot class."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from bot_v2.features.live_trade.orders import Order
    from bot_v2.orchestration.config.models import BotConfig


@runtime_checkable
class IBotRuntime(Protocol):
    """What a service may ask of the running bot."""

    config: BotConfig

    @property
    def running(self) -> bool:
        """Whether the bot is between start and stop."""
        ...

    def is_trading_allowed(self) -> bool:
        """Whether orders may be placed now."""
        ...

    def submit(self, order: Order) -> str:
        """Place ``order`` and return its id."""
        ...

    def request_shutdown(self, reason: str) -> None:
        """Ask the bot to stop after the current cycle."""
        ...
