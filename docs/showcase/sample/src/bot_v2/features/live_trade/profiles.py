"""Trading profiles for spot markets: which symbols trade, and how large."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot_v2.config.settings import Settings

if TYPE_CHECKING:
    from bot_v2.orchestration.config.models import Profile


class SpotProfileService:
    """Resolve the spot trading profile that applies to the current settings."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._profiles: dict[str, Profile] = {}

    def register(self, profile: Profile) -> None:
        """Make ``profile`` available by its name."""
        self._profiles[profile.name] = profile

    def active(self) -> Profile:
        """Return the profile named by the settings."""
        return self._profiles[self._settings.profile]
