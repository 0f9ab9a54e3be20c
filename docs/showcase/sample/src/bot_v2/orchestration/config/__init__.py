"""Configuration of the orchestration layer: models, validation and the live config controller."""

from .controller import ConfigChange, ConfigController
from .models import BotConfig, Profile, RiskConfig, StreamingConfig
from .validation import ensure_valid, validate_config

__all__ = [
    "BotConfig",
    "ConfigChange",
    "ConfigController",
    "Profile",
    "RiskConfig",
    "StreamingConfig",
    "ensure_valid",
    "validate_config",
]
