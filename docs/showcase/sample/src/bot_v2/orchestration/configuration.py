"""Deprecated: the configuration models moved to :mod:`bot_v2.orchestration.config`.

``configuration.py`` was split into ``config/models.py`` (the models) and ``config/validation.py``
(the checks). Old imports keep working through a PEP 562 module ``__getattr__`` that warns once per
name and forwards to the new module.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # type checkers see the names; at run time __getattr__ provides them
    from bot_v2.orchestration.config.models import BotConfig, Profile, RiskConfig, StreamingConfig  # noqa: F401
    from bot_v2.orchestration.config.validation import ensure_valid, validate_config  # noqa: F401

_MODELS = {"BotConfig", "Profile", "RiskConfig", "StreamingConfig"}
_VALIDATION = {"ensure_valid", "validate_config"}

__all__ = sorted(_MODELS | _VALIDATION)


def __getattr__(name: str) -> object:
    """Forward ``name`` to the module it moved to, with a DeprecationWarning."""
    if name in _MODELS:
        from bot_v2.orchestration.config import models as target
    elif name in _VALIDATION:
        from bot_v2.orchestration.config import validation as target
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"bot_v2.orchestration.configuration.{name} moved to {target.__name__}.{name}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(target, name)
