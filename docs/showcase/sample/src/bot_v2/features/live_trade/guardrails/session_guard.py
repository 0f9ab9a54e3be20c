"""Keep the bot inside its configured trading session."""

from __future__ import annotations

from datetime import datetime, timezone

from bot_v2.config.constants import TRADING_SESSION_HOURS


class SessionGuard:
    """Allow trading only between the session's opening and closing hours (UTC)."""

    def __init__(self, hours: tuple[int, int] = TRADING_SESSION_HOURS) -> None:
        self.open_hour, self.close_hour = hours

    def is_open(self, now: datetime | None = None) -> bool:
        """Return whether the session is open at ``now``."""
        hour = (now or datetime.now(timezone.utc)).hour
        return self.open_hour <= hour < self.close_hour
