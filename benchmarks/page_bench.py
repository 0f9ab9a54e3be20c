"""What a reader pays for the largest generated package page of homeassistant: diagram text size,
time to first render in Chromium, and page weight.

Usage: ``python benchmarks/page_bench.py [--corpus DIR] [--package NAME] [--repeat N]
[--archdocs-src SRC]``.

homeassistant 2025.4.4's wheel is fetched and unzipped as ``benchmarks/bench.py`` does (same
corpus folder; never imported or run). The page is the generated page of ``--package``; by
default the package with the most direct sub-packages and modules, ``homeassistant.components``
(1,315 sub-packages). A whole-site build takes ~19 minutes, so the Sphinx project generates the
stubs of every package as usual but reads only the chosen page (``include_patterns``; the page's
toctree entries for the other stubs then warn, and the warnings are counted, not fatal).
``--archdocs-src`` puts another checkout's ``src`` first on the build's ``PYTHONPATH``, which is
how a "before" figure is taken from a ``git worktree`` of an older commit.

Figures, served over http from 127.0.0.1 in headless Debian chromium at 1280x900, each load in a
fresh browser context (empty cache), median of ``--repeat`` loads:

- diagram text: characters of every Mermaid source on the page and bytes of every inline or
  linked SVG that is not a Mermaid output (Graphviz);
- first diagram: milliseconds from navigation start until the first diagram on the page has a
  drawn node; all diagrams: until every diagram on the page has one (or shows an error);
- page weight: bytes of every response the page loaded (HTML, CSS, scripts, images), HTML alone.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "benchmarks"), str(REPO / "tests" / "browser")]

from bench import PACKAGES, ensure_corpus  # the corpus of the speed benchmark
from harness import (  # the browser tests' chromium and server
    MERMAID_ERROR_PATTERNS,
    launch_chromium,
    new_guarded_page,
    serve_directory,
)

HOMEASSISTANT = next(p for p in PACKAGES if p.name == "homeassistant")
DEFAULT_PAGE = "homeassistant.components"
OUTPUT_DIR = "_generated/archdocs"

_MERMAID_PRE = re.compile(r'<pre\s+class="mermaid"[^>]*>(.*?)</pre>', re.DOTALL)
_INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_LINKED_SVG = re.compile(r'(?:src|data)="([^"]+\.svg)"')

# Installed before any page script: records when the first / every diagram has a drawn node.
# A diagram is a Mermaid block or a Graphviz SVG (inline or in an <object>/<img>).
_TIMING_JS = """
(() => {
  const t = {first: null, all: null};
  window.__archdocsTiming = t;
  // (not the icons of buttons and toolbars, which are SVGs too)
  const diagrams = () => Array.from(document.querySelectorAll(
      '.mermaid, .graphviz svg, .archdocs-graphviz svg, object[data$=".svg"]'))
    .filter(el => !el.closest('.mermaid-fullscreen-modal, button, [role=toolbar]'));
  window.__archdocsDiagrams = diagrams;
  const drawn = el => el.querySelector && (el.querySelector('g.node') !== null
      || /__ERRORS__/.test(el.textContent || ''));
  const check = () => {
    const all = diagrams();
    const done = all.filter(drawn).length;
    if (done && t.first === null) t.first = performance.now();
    if (all.length && done === all.length && t.all === null) t.all = performance.now();
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true});
})();
""".replace("__ERRORS__", "|".join(MERMAID_ERROR_PATTERNS))


@dataclass(frozen=True)
class Load:
    first_ms: float
    all_ms: float
    weight: int  #: bytes of every response
    requests: int


def build_page(corpus: Path, package: str, work: Path,
               archdocs_src: Path | None) -> tuple[Path, Path, float, int]:
    """Build the one generated page; return (output folder, its HTML file, build seconds,
    warnings)."""
    docs, out = work / "docs", work / "html"
    docs.mkdir(parents=True)
    (docs / "conf.py").write_text(textwrap.dedent(f"""\
        extensions = ["archdocs", "myst_parser"]
        archdocs_sources = [{str(corpus / HOMEASSISTANT.name / HOMEASSISTANT.name)!r}]
        archdocs_packages = [{HOMEASSISTANT.name!r}]
        project = "homeassistant"
        # read only the measured page (and the index Sphinx needs)
        include_patterns = ["index.md", "{OUTPUT_DIR}/{package}.md"]
        """))
    (docs / "index.md").write_text(f"# homeassistant\n\n```{{toctree}}\n{OUTPUT_DIR}/{package}\n```\n")
    env = dict(os.environ)
    if archdocs_src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(archdocs_src),
                                                          env.get("PYTHONPATH", "")]))
    start = time.perf_counter()
    build = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(docs), str(out)],
                           env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    page = out / OUTPUT_DIR / f"{package}.html"
    if build.returncode or not page.exists():
        sys.exit(f"page_bench: the build failed or wrote no {page.relative_to(out)}:\n"
                 f"{build.stderr[-2000:]}")
    count = sum(1 for line in build.stderr.splitlines() if "WARNING" in line)
    return out, page, seconds, count


def diagram_text(page: Path) -> tuple[int, int, int]:
    """(Mermaid diagrams, characters of their sources, bytes of other SVG: inline or linked)."""
    text = page.read_text(encoding="utf-8")
    sources = [html.unescape(m) for m in _MERMAID_PRE.findall(text)]
    inline = sum(len(m.encode()) for m in _INLINE_SVG.findall(_MERMAID_PRE.sub("", text)))
    linked = sum((page.parent / unquote(src)).stat().st_size
                 for src in set(_LINKED_SVG.findall(text)) if (page.parent / unquote(src)).is_file())
    return len(sources), sum(len(s) for s in sources), inline + linked


def load_once(browser, url: str, root: Path, base: str, timeout_ms: float) -> Load:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    guarded = new_guarded_page(browser)
    page = guarded.page
    try:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.add_init_script(_TIMING_JS)
        page.goto(url, wait_until="load")
        try:
            page.wait_for_function("() => window.__archdocsTiming.all !== null",
                                   timeout=timeout_ms, polling=50)
        except PlaywrightTimeout:
            state = page.evaluate("""() => window.__archdocsDiagrams().map(el =>
                el.tagName + '.' + el.getAttribute('class') + ' nodes=' +
                el.querySelectorAll('g.node').length)""")
            sys.exit(f"page_bench: not every diagram was drawn in {timeout_ms / 1000:.0f} s: "
                     f"{state}")
        timing = page.evaluate("() => window.__archdocsTiming")
    finally:
        page.context.close()
    guarded.network.assert_no_external()
    weight = 0
    for request in set(guarded.network.requests):
        parts = urlsplit(request)
        if request.startswith(base):
            weight += (root / unquote(parts.path).lstrip("/")).stat().st_size
    return Load(timing["first"], timing["all"], weight, len(set(guarded.network.requests)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path.home() / ".cache" / "archdocs-bench",
                        help="where the unpacked packages live (downloaded when missing)")
    parser.add_argument("--package", default=DEFAULT_PAGE, help="the package page to measure")
    parser.add_argument("--repeat", type=int, default=3, help="browser loads (median)")
    parser.add_argument("--archdocs-src", type=Path, default=None,
                        help="build with this archdocs source folder first on PYTHONPATH")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per page load")
    args = parser.parse_args(argv)
    ensure_corpus(args.corpus, (HOMEASSISTANT,))
    with tempfile.TemporaryDirectory(prefix="archdocs-page-bench-") as work:
        root, page, build_s, warnings = build_page(args.corpus.resolve(), args.package,
                                                   Path(work), args.archdocs_src)
        diagrams, mermaid_chars, svg_bytes = diagram_text(page)
        loads: list[Load] = []
        with serve_directory(root) as base, launch_chromium() as browser:
            url = base + page.relative_to(root).as_posix()
            for _ in range(args.repeat):
                loads.append(load_once(browser, url, root, base, args.timeout * 1000))
        src = args.archdocs_src or REPO / "src"
        print(f"page {args.package} (homeassistant 2025.4.4), archdocs from {src}")
        print(f"  build (this page only): {build_s:.1f} s, {warnings} warnings")
        print(f"  diagrams: {diagrams} Mermaid, {mermaid_chars:,} characters of Mermaid source, "
              f"{svg_bytes:,} bytes of other SVG")
        print(f"  first diagram drawn: {statistics.median(x.first_ms for x in loads):,.0f} ms; "
              f"all drawn: {statistics.median(x.all_ms for x in loads):,.0f} ms "
              f"(median of {len(loads)} loads, 1280x900)")
        print(f"  page weight: {statistics.median(x.weight for x in loads):,.0f} bytes in "
              f"{loads[0].requests} requests; HTML {page.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
