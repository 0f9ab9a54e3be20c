"""What changes when the tests run under CI: an oracle that cannot be had (a download, a module,
a browser) fails there instead of skipping, so CI never passes on a test that did not run."""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """Whether the ``CI`` environment variable is set to something other than a false word."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> NoReturn:
    """Skip on a developer's machine; fail under CI, where a skipped oracle would pass unseen."""
    if in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)  # also where a module imports its oracle


def import_or_skip(name: str) -> ModuleType:
    """A module an oracle needs (grimp, jsonschema, the compiled reader): :func:`skip_or_fail`
    when it cannot be imported."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        skip_or_fail(f"{name} cannot be imported: {error}")
