"""Reusable helpers for browser checks of built archdocs sites (no test functions here).

* :func:`serve_directory` serves a directory on ``127.0.0.1`` on a free port in a background
  thread and yields the base URL.
* :func:`launch_chromium` starts Debian's ``/usr/bin/chromium`` through Playwright's sync API.
  It never uses ``playwright install``.
* :func:`new_guarded_page` opens a page that records every request. Requests that leave
  127.0.0.1 / localhost are aborted and recorded (:class:`NetworkLog`). The ``browser_page``
  fixture in ``conftest.py`` fails the test if there were any.
* :func:`render_mermaid` loads a URL, waits until every Mermaid block has been processed, and
  describes each block: whether it has an SVG, its labels, its errors and its link hrefs.

Chromium flags: no sandbox (root in CI), no GPU, and no background networking, so that only
the page itself makes requests.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route

#: Debian's chromium package. Override with ``ARCHDOCS_CHROMIUM``.
CHROMIUM = os.environ.get("ARCHDOCS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: What Mermaid draws or throws when a diagram fails; matched in a block's text.
MERMAID_ERROR_PATTERNS = ("Syntax error", "Maximum text size", "Edge limit")
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
#: Schemes that never touch the network.
LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about", "chrome-error"})


def chromium_path() -> str | None:
    """Return the chromium executable if it exists, else None."""
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    return shutil.which(CHROMIUM)


# --------------------------------------------------------------------------- http server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        # A rebuilt site must not be served from the browser cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextlib.contextmanager
def serve_directory(directory: str | os.PathLike[str]) -> Iterator[str]:
    """Serve *directory* over http on 127.0.0.1 and a free port; yield ``http://127.0.0.1:PORT/``."""
    handler = functools.partial(_QuietHandler, directory=os.fspath(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="serve_directory", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def file_url(path: str | os.PathLike[str]) -> str:
    return Path(path).resolve().as_uri()


# --------------------------------------------------------------------------- browser


@contextlib.contextmanager
def launch_chromium(executable: str | None = None, *, headless: bool = True) -> Iterator[Browser]:
    """Launch Debian chromium with Playwright (sync API). Never downloads a browser."""
    from playwright.sync_api import sync_playwright

    exe = executable or chromium_path()
    if not exe:
        raise FileNotFoundError(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=exe, args=list(CHROMIUM_ARGS), headless=headless
        )
        try:
            yield browser
        finally:
            browser.close()


def is_local_url(url: str) -> bool:
    """True if fetching *url* stays on this machine."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class NetworkLog:
    """Everything a guarded page asked for, and what it logged."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def external(self) -> list[str]:
        return sorted({u for u in self.requests + self.blocked if not is_local_url(u)})

    def assert_no_external(self) -> None:
        ext = self.external()
        assert not ext, f"requests left localhost: {ext}"


@dataclass
class GuardedPage:
    page: Page
    network: NetworkLog


def new_guarded_page(browser: Browser) -> GuardedPage:
    """Open a page in a fresh context. Non-local requests are aborted and recorded."""
    context = browser.new_context(service_workers="block")
    log = NetworkLog()

    def route(route: Route, request: Request) -> None:
        if is_local_url(request.url):
            route.continue_()
        else:
            log.blocked.append(request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda r: log.requests.append(r.url))
    page.on("requestfailed", lambda r: log.failed.append(f"{r.url} {r.failure}"))
    page.on("websocket", lambda ws: log.requests.append(ws.url))
    page.on("console", lambda m: log.console.append(_console_text(m)))
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    return GuardedPage(page=page, network=log)


def _console_text(msg: ConsoleMessage) -> str:
    return f"{msg.type}: {msg.text}"


# --------------------------------------------------------------------------- mermaid

# Blocks are the elements Mermaid renders into. The fullscreen modal holds clones; skip them.
_BLOCKS_JS = """() => Array.from(document.querySelectorAll('.mermaid'))
    .filter(el => !el.closest('.mermaid-fullscreen-modal'))"""

_DONE_JS = """() => {
    const blocks = (__BLOCKS__)();
    if (typeof window.mermaid === 'undefined' && blocks.length) return false;
    return blocks.every(el =>
        el.hasAttribute('data-mermaid-deferred') ||
        el.hasAttribute('data-mermaid-render-failed') ||
        (el.getAttribute('data-processed') === 'true' && el.querySelector('svg') !== null));
}""".replace("__BLOCKS__", _BLOCKS_JS)

_DESCRIBE_JS = """(patterns) => (__BLOCKS__)().map((el, index) => {
    const svg = el.querySelector('svg');
    const text = (el.textContent || '').replace(/\\s+/g, ' ');
    const labels = svg ? Array.from(svg.querySelectorAll(
            'g.node .nodeLabel, g.node foreignObject, g.node text, g.cluster .nodeLabel, '
            + 'g.label text'))
        .filter(n => !n.parentElement.closest('foreignObject')
                     || n.tagName.toLowerCase() === 'foreignobject')
        .map(n => (n.textContent || '').trim()).filter(Boolean) : [];
    const hrefs = svg ? Array.from(svg.querySelectorAll('a')).map(a =>
        a.getAttribute('href') || a.getAttributeNS('http://www.w3.org/1999/xlink', 'href')
        || a.getAttribute('xlink:href')).filter(h => h !== null) : [];
    const errors = patterns.filter(p => text.includes(p));
    return {
        index,
        id: el.id || null,
        has_svg: svg !== null,
        processed: el.getAttribute('data-processed') === 'true',
        deferred: el.hasAttribute('data-mermaid-deferred'),
        labels: Array.from(new Set(labels)),
        hrefs,
        error: errors.length ? errors.join('; ') : null,
    };
})""".replace("__BLOCKS__", _BLOCKS_JS)


def render_mermaid(
    page: Page | GuardedPage, url: str, *, timeout: float = 30_000
) -> list[dict[str, Any]]:
    """Open *url*, wait until every Mermaid block has been processed, and describe each block.

    Each dict has these keys:

    * ``index``, ``id``.
    * ``has_svg``: the block contains an ``<svg>``. An error diagram is an SVG too, so check
      ``error``.
    * ``labels``: node and cluster label texts, de-duplicated, in document order.
    * ``hrefs``: link targets of clickable nodes (``click X href``).
    * ``error``: the matched :data:`MERMAID_ERROR_PATTERNS` texts joined by "; ", or None.
      Mermaid draws "Syntax error in text" for parse errors *and* for errors thrown while
      drawing, such as "Edge limit exceeded". So failing blocks are probed: their source is
      rendered again off-screen, and patterns found in the thrown message are added.
    * ``error_message``: that thrown message (None if the block is fine).
    * ``processed``, ``deferred``: deferred blocks sit in hidden containers and are rendered
      lazily.
    """
    pw_page = page.page if isinstance(page, GuardedPage) else page
    pw_page.goto(url, wait_until="load")
    pw_page.wait_for_function(_DONE_JS, timeout=timeout, polling=100)
    # mermaid.run() sets data-processed before it draws; once all blocks hold an SVG, wait
    # until the DOM settles (the fullscreen wrapper runs last).
    _wait_stable(pw_page, timeout=timeout)
    blocks: list[dict[str, Any]] = pw_page.evaluate(_DESCRIBE_JS, list(MERMAID_ERROR_PATTERNS))
    for block in blocks:
        block["error_message"] = None
        if block["error"]:
            message = pw_page.evaluate(_PROBE_JS, block["index"])
            block["error_message"] = message
            extra = [
                p
                for p in MERMAID_ERROR_PATTERNS
                if message and p in message and p not in block["error"]
            ]
            if extra:
                block["error"] = "; ".join([block["error"], *extra])
    return blocks


# mermaid.run() throws only the first error of a page, and an error thrown while drawing
# (e.g. "Edge limit exceeded") is drawn as the generic "Syntax error in text" diagram. To get
# each failing block's own message, render its source again off-screen and catch the error.
# sphinxcontrib-mermaid keeps the source in data-original-code.
_PROBE_JS = """async (index) => {
    const el = (__BLOCKS__)()[index];
    const raw = el && el.getAttribute('data-original-code');
    if (raw === null || raw === undefined || !window.mermaid) return null;
    const decoder = document.createElement('textarea');
    decoder.innerHTML = raw;
    const box = document.createElement('div');
    box.style.cssText = 'position:absolute;left:-10000px;top:0;width:800px';
    document.body.appendChild(box);
    const id = 'archdocs-probe-' + index + '-' + Date.now();
    try {
        await window.mermaid.render(id, decoder.value.trim(), box);
        return null;
    } catch (e) {
        return String((e && (e.message || e.str)) || e);
    } finally {
        box.remove();
        document.querySelectorAll('#' + id + ', #d' + id).forEach(n => n.remove());
    }
}""".replace("__BLOCKS__", _BLOCKS_JS)


def _wait_stable(page: Page, *, timeout: float, quiet_ms: int = 300) -> None:
    page.wait_for_function(
        """([blocksFn, quiet]) => {
            const sig = eval(blocksFn)().map(el => el.innerHTML.length + ':' +
                (el.parentElement && el.parentElement.className)).join('|');
            const now = performance.now();
            if (window.__archdocsSig !== sig) {
                window.__archdocsSig = sig; window.__archdocsSince = now; return false; }
            return now - window.__archdocsSince >= quiet;
        }""",
        arg=[_BLOCKS_JS, quiet_ms],
        timeout=timeout,
        polling=100,
    )


def click_mermaid_node(page: Page, label: str) -> None:
    """Click the rendered node whose label is *label* (via its ``<a>`` link when it has one)."""
    node = page.locator(
        ".mermaid svg g.node", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")
    ).first
    node.click()
