"""Fixtures for browser tests (Debian chromium driven by Playwright).

If chromium is missing, the tests are skipped locally. When ``CI`` is set they fail instead:
CI must run them (``apt-get install -y chromium``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.helpers.ci import skip_or_fail

sys.path.insert(0, str(Path(__file__).parent))

from harness import (
    CHROMIUM,
    GuardedPage,
    chromium_path,
    launch_chromium,
    new_guarded_page,
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: needs headless chromium (Debian package 'chromium')"
    )


def _require_browser() -> str:
    exe = chromium_path()
    if exe:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:
            reason = f"the playwright Python package is missing ({exc})"
        else:
            return exe
    else:
        reason = f"chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    skip_or_fail(f"{reason}; browser tests must run in CI")


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless chromium for the session."""
    exe = _require_browser()
    with launch_chromium(exe) as browser:
        yield browser


@pytest.fixture
def browser_page(chromium_browser) -> Iterator[GuardedPage]:
    """A fresh page. ``.page`` is the Playwright page, ``.network`` its :class:`NetworkLog`.

    Requests that leave 127.0.0.1 / localhost are aborted, and the test fails at teardown if
    there were any.
    """
    guarded = new_guarded_page(chromium_browser)
    try:
        yield guarded
    finally:
        guarded.page.context.close()
    guarded.network.assert_no_external()
