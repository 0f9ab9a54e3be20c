"""The extension's diagrams in headless Chromium: every Mermaid block of a built page becomes an
SVG with the module labels and no error, a click on a node lands on that module's card, and no
request leaves localhost. Uses the browser harness of ``tests/browser``.

Skipped when Chromium or Playwright is missing, except in CI (``CI`` set), where that fails.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Build

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))
import harness

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = None
    if harness.chromium_path() is None:
        reason = f"chromium not found at {harness.CHROMIUM} (apt-get install -y chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:
            reason = f"the playwright Python package is missing ({exc})"
    if reason:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"browser tests must run in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    with harness.launch_chromium(harness.chromium_path()) as chromium:
        yield chromium


def test_diagrams_render_offline_and_nodes_link_to_cards(
        browser: Any, project: Callable[..., Path], build: Callable[..., Build]) -> None:
    result = build(project())
    page = harness.new_guarded_page(browser)
    try:
        with harness.serve_directory(result.outdir) as base:
            blocks = harness.render_mermaid(page, f"{base}/_generated/archdocs/shop.html")
            assert len(blocks) == 1
            block = blocks[0]
            assert block["has_svg"] and block["error"] is None, block
            assert {"cart", "pricing", "boom", "api/ (2)"} <= set(block["labels"]), block
            assert "#module-shop-cart" in block["hrefs"]
            harness.click_mermaid_node(page.page, "cart")
            page.page.wait_for_url("**/shop.html#module-shop-cart")

            blocks = harness.render_mermaid(page, f"{base}/snippets/rst_diagram.html")
            assert blocks[0]["has_svg"] and blocks[0]["error"] is None
            harness.click_mermaid_node(page.page, "api.views")
            page.page.wait_for_url("**/_generated/archdocs/shop.api.html#module-shop-api-views")
            assert page.page.locator("#module-shop-api-views").is_visible()
    finally:
        page.page.context.close()
    page.network.assert_no_external()
    assert page.network.page_errors == []
