"""Process-wide settings: environment variables, paths and constants."""

from .constants import DEFAULT_PROFILE, SUPPORTED_QUOTES
from .settings import Settings, load_settings

__all__ = ["DEFAULT_PROFILE", "SUPPORTED_QUOTES", "Settings", "load_settings"]
