"""Configuration models: the bot's configuration, its trading profiles and their sub-configs."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot_v2.config.constants import DEFAULT_PROFILE, SUPPORTED_QUOTES


@dataclass(frozen=True)
class RiskConfig:
    """Limits enforced before every order."""

    max_notional: float = 10_000.0
    max_daily_loss: float = 500.0
    max_leverage: float = 3.0


@dataclass(frozen=True)
class StreamingConfig:
    """Where to stream market data from, if at all."""

    url: str = "wss://advanced-trade-ws.coinbase.com"
    enabled: bool = False


@dataclass(frozen=True)
class Profile:
    """A named trading profile: which symbols, quoted in which currency."""

    name: str = DEFAULT_PROFILE
    symbols: tuple[str, ...] = ()
    quote: str = SUPPORTED_QUOTES[0]


@dataclass
class BotConfig:
    """Everything a bot needs to know to run one profile."""

    profile: Profile = field(default_factory=Profile)
    risk: RiskConfig = field(default_factory=RiskConfig)
    streaming: StreamingConfig = field(default_factory=StreamingConfig)
    paper_only: bool = True

    @property
    def symbols(self) -> tuple[str, ...]:
        """The symbols of the active profile."""
        return self.profile.symbols
