"""Our docs site, built for real and opened in headless Chromium.

The site is ``docs/`` exactly as ``nox -s docs`` builds it (the showcase sample, archdocs' own code
and the installed Sphinx as sources). The build writes its HTML and doctrees into a temporary
folder; like every build it refreshes the generated reference stubs in ``docs/_generated`` and,
when the sample changed, the sample's git history in ``.archdocs-cache/`` (both git-ignored).

Browser checks, on every page that holds a diagram: each Mermaid block became an SVG with the
node labels of its source and no Mermaid error, the page threw no script error, and no request left
127.0.0.1; every diagram opens at a legible scale (labels of 10 px or more at 1280x900). Clicking a
module node and a folded package node lands on that module's or package's page; the module role
and the migration role in the text land on the module's card and on the old path's row. A plain test
builds the site twice with ``-W`` and compares every output byte.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from harness import GuardedPage, click_mermaid_node, render_mermaid, serve_directory

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"

#: Pages that must have diagrams, with labels each must show (besides every label of its source).
EXPECTED_LABELS = {
    "index.html": ["orchestration/", "features/", "monitoring/"],
    "manual/directives.html": ["guards", "order_placement", "order_submission", "validation"],
    "showcase/index.html": ["orchestration.perps_bot", "orchestration.execution/"],
    "showcase/plan.html": ["perps_bot", "system_monitor"],
    "showcase/onboarding.html": ["perps_bot", "features/", "execution/"],
    "gallery/sphinx.html": ["util/", "builders/", "nodes", "logging"],
    "architecture.html": ["sphinxext/", "model", "directives.base"],
    "_generated/archdocs/bot_v2.orchestration.execution.html": ["guards", "runtime_supervisor"],
}

_MERMAID_PRE = re.compile(r'<pre\s+class="mermaid"[^>]*>(.*?)</pre>', re.DOTALL)
#: Flowchart node declarations as archdocs writes them: ``id["label"]`` or ``id[["label"]]``.
_NODE = re.compile(r'^\s*\w+\[\[?"([^"]*)"\]\]?\s*$', re.MULTILINE)
#: Mermaid's own character escapes in labels (``#95;`` is "_": Mermaid reads markdown in labels).
_MERMAID_ENTITY = re.compile(r"#(\d+);")


def build(outdir: Path, *options: str) -> str:
    """Build ``docs/`` into ``outdir`` (fresh environment in ``outdir/.doctrees``); return the
    warnings text."""
    from sphinx.cmd.build import build_main

    warnings = outdir.parent / f"{outdir.name}-warnings.txt"
    args = ["-E", "-q", "-b", "html", "-d", str(outdir / ".doctrees"), "-w", str(warnings),
            *options, str(DOCS), str(outdir)]
    status = build_main(args)
    text = warnings.read_text() if warnings.exists() else ""
    assert status == 0, f"docs build failed (status {status}):\n{text}"
    return text


def mermaid_sources(page: Path) -> list[str]:
    return [html.unescape(m) for m in _MERMAID_PRE.findall(page.read_text(encoding="utf-8"))]


def source_labels(source: str) -> list[str]:
    """Node labels a flowchart's source declares (empty for other diagram types)."""
    if not source.lstrip().startswith(("flowchart", "graph")):
        return []
    return [_MERMAID_ENTITY.sub(lambda m: chr(int(m.group(1))), html.unescape(label))
            for label in _NODE.findall(source)]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "html"
    build(out)
    return out


def diagram_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).parts[0].startswith((".", "_static"))
                  and mermaid_sources(p))


def test_expected_pages_have_diagrams(site: Path) -> None:
    pages = diagram_pages(site)
    missing = sorted(set(EXPECTED_LABELS) - set(pages))
    assert not missing, f"pages without a Mermaid diagram: {missing}"
    generated = [p for p in pages if p.startswith("_generated/archdocs/bot_v2")]
    assert len(generated) >= 10, generated  # one per package of bot_v2
    # the whole of Sphinx, asked for without :depth:, is folded to the node budget and says so
    gallery = (site / "gallery" / "sphinx.html").read_text(encoding="utf-8")
    assert "to keep the diagram within 40 boxes" in gallery
    assert all(len(code) < 50_000 for page in pages for code in mermaid_sources(site / page))


@pytest.mark.browser
def test_every_diagram_renders_offline(site: Path, browser_page: GuardedPage) -> None:
    failures: list[str] = []
    with serve_directory(site) as base:
        for page in diagram_pages(site):
            sources = mermaid_sources(site / page)
            blocks = render_mermaid(browser_page, base + page)
            if len(blocks) != len(sources):
                failures.append(f"{page}: {len(sources)} diagrams in the HTML, "
                                f"{len(blocks)} Mermaid blocks in the browser")
                continue
            shown: set[str] = set()
            for block, source in zip(blocks, sources, strict=True):
                where = f"{page} diagram {block['index'] + 1}"
                if not block["has_svg"] or block["error"]:
                    failures.append(f"{where}: no SVG or a Mermaid error: {block['error']} "
                                    f"{block['error_message']}")
                    continue
                missing = [x for x in source_labels(source) if x not in block["labels"]]
                if missing:
                    failures.append(f"{where}: labels not drawn: {missing[:8]}")
                shown.update(block["labels"])
            for label in EXPECTED_LABELS.get(page, ()):
                if not any(label == s or s.startswith(label) for s in shown):
                    failures.append(f"{page}: no node labelled {label!r}")
            if browser_page.network.page_errors:
                failures.append(f"{page}: script errors {browser_page.network.page_errors}")
                browser_page.network.page_errors.clear()
    assert not failures, "\n".join(failures)
    assert not browser_page.network.external()
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in browser_page.network.requests
               if u.startswith("http"))


_LEGIBILITY_JS = """() => Array.from(document.querySelectorAll('div.archdocs-diagram'))
    .filter(f => f.querySelector('svg.archdocs-svg')).map(f => {
        const v = f.querySelector('.archdocs-viewport').getBoundingClientRect();
        const heights = Array.from(f.querySelectorAll(
                'svg.archdocs-svg g.node .nodeLabel, svg.archdocs-svg g.node text'))
            .map(l => l.getBoundingClientRect())
            .filter(r => r.height > 0 && r.right > v.left && r.left < v.right
                         && r.bottom > v.top && r.top < v.bottom)
            .map(r => r.height);
        return {scale: parseFloat(f.dataset.archdocsScale), smallest: Math.min(...heights),
                shown: heights.length, right: v.right};
    })"""


@pytest.mark.browser
def test_every_diagram_is_legible_without_zooming(site: Path, browser_page: GuardedPage) -> None:
    """At a 1280x900 window every archdocs diagram of the docs opens at a scale of 0.75 or more
    in a viewport inside the window, and every label it shows is at least 10 px high."""
    pw = browser_page.page
    pw.set_viewport_size({"width": 1280, "height": 900})
    failures: list[str] = []
    with serve_directory(site) as base:
        for page in diagram_pages(site):
            render_mermaid(browser_page, base + page)
            pw.wait_for_function("""() => Array.from(document.querySelectorAll(
                'div.archdocs-diagram.archdocs-mermaid, div.archdocs-diagram.archdocs-graphviz'))
                .every(f => f.dataset.archdocsScale)""", timeout=10_000)
            for index, figure in enumerate(pw.evaluate(_LEGIBILITY_JS)):
                where = f"{page} diagram {index + 1}"
                if figure["scale"] < 0.75 or figure["right"] > 1280:
                    failures.append(f"{where}: scale {figure['scale']}, right {figure['right']}")
                if not figure["shown"] or figure["smallest"] < 10:
                    failures.append(f"{where}: {figure['shown']} labels shown, the smallest "
                                    f"{figure['smallest']:.1f} px")
    assert not failures, "\n".join(failures)


def _click_and_land(browser_page: GuardedPage, base: str, page: str, label: str) -> str:
    """Click the node ``label`` on ``page``; return the URL it landed on, after checking that
    it is the node's own link and that the target element (a module card) exists there."""
    blocks = render_mermaid(browser_page, base + page)
    hrefs = {h for b in blocks for h in b["hrefs"]}
    assert hrefs, f"{page}: no clickable nodes"
    pw = browser_page.page
    with pw.expect_navigation():
        click_mermaid_node(pw, label)
    landed = pw.url
    assert landed.startswith(base), landed
    assert any(urljoin(base + page, h) == landed for h in hrefs), (landed, sorted(hrefs))
    fragment = urlsplit(landed).fragment
    if fragment:
        assert pw.locator(f"[id='{fragment}']").count() == 1, f"no #{fragment} on {landed}"
    return landed


@pytest.mark.browser
def test_clicking_a_module_lands_on_its_page(site: Path, browser_page: GuardedPage) -> None:
    with serve_directory(site) as base:
        landed = _click_and_land(browser_page, base, "showcase/onboarding.html", "perps_bot")
        assert urlsplit(landed).path.endswith("/_generated/archdocs/bot_v2.orchestration.html")
        assert urlsplit(landed).fragment == "module-bot-v2-orchestration-perps-bot"
        card = browser_page.page.locator("[id='module-bot-v2-orchestration-perps-bot']")
        assert "bot_v2.orchestration.perps_bot" in card.inner_text()


@pytest.mark.browser
def test_clicking_a_folded_package_lands_on_its_page(site: Path,
                                                     browser_page: GuardedPage) -> None:
    with serve_directory(site) as base:
        page = "showcase/onboarding.html"
        blocks = render_mermaid(browser_page, base + page)
        label = next(x for b in blocks for x in b["labels"] if x.startswith("execution/"))
        landed = _click_and_land(browser_page, base, page, label)
        assert urlsplit(landed).path.endswith(
            "/_generated/archdocs/bot_v2.orchestration.execution.html")
        heading = browser_page.page.locator("h1").first.inner_text()
        assert "bot_v2.orchestration.execution" in heading
        # the package page draws its own diagram: the next level down
        blocks = render_mermaid(browser_page, landed)
        assert any("order_placement" in b["labels"] for b in blocks)


@pytest.mark.slow
def test_docs_build_with_warnings_as_errors_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert build(first, "-W", "--keep-going") == ""
    assert build(second, "-W", "--keep-going") == ""
    files = sorted(p.relative_to(first) for p in first.rglob("*")
                   if p.is_file() and p.relative_to(first).parts[0] != ".doctrees")
    assert files
    again = sorted(p.relative_to(second) for p in second.rglob("*")
                   if p.is_file() and p.relative_to(second).parts[0] != ".doctrees")
    assert files == again
    differ = [str(p) for p in files if (first / p).read_bytes() != (second / p).read_bytes()]
    assert not differ, f"files differ between two builds: {differ}"


@pytest.mark.browser
def test_text_references_land_on_their_targets(site: Path, browser_page: GuardedPage) -> None:
    """The module role lands on the module's card; the migration role on the old path's row."""
    pw = browser_page.page
    with serve_directory(site) as base:
        for selector, target_text in (
            ("a[title='bot_v2.orchestration.perps_bot']", "bot_v2.orchestration.perps_bot"),
            ("a[title='bot_v2.orchestration.configuration']", "bot_v2.orchestration.configuration"),
        ):
            pw.goto(base + "showcase/onboarding.html")
            with pw.expect_navigation():
                pw.locator(selector).first.click()
            fragment = urlsplit(pw.url).fragment
            assert fragment, pw.url
            target = pw.locator(f"[id='{fragment}']")
            assert target.count() == 1, f"no #{fragment} on {pw.url}"
            assert target_text in target.inner_text()
