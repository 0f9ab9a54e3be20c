"""A site built by sphinx-build from hostile code (tests/hostile_corpus.py): text from the code
and from the plan is data, never markup (issue 12, items 1 and 8).

Docstrings, ``__all__`` entries, plan titles, steps, notes and risks carry script, MyST roles and
directives that would publish files from outside the project, and Mermaid syntax; git tags carry
Mermaid directives and HTML. The build runs with a secret in its environment.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from tests.hostile_corpus import OUTSIDE_FILES, PACKAGE, PAYLOADS, Site, build_site, module_of

#: An HTML tag whose text holds a payload's script (it would run); escaped text never matches.
_INJECTED = re.compile(r"<[^<>]*(?:onerror|__archdocs_xss)", re.IGNORECASE)
_PARAGRAPH = r'<p class="{cls}"[^>]*>(.*?)</p>'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(tmp_path_factory.mktemp("hostile"))


def pages(site: Site) -> dict[str, str]:
    return {p.relative_to(site.html).as_posix(): p.read_text(encoding="utf-8")
            for p in site.html.rglob("*.html")}


def shown(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def module_names(site: Site) -> list[str]:
    return sorted(p.stem for p in (site.root / "_generated/archdocs").glob(f"{PACKAGE}*.md"))


def test_no_markup_from_the_code_in_any_page(site: Site) -> None:
    found = {name: _INJECTED.findall(text) for name, text in pages(site).items()}
    assert {name: tags for name, tags in found.items() if tags} == {}
    # the payloads are there, as text
    text = shown(pages(site)[f"_generated/archdocs/{module_of(0)}.html"])
    assert PAYLOADS[0] in text


def test_generated_stubs_hold_no_text_from_the_code(site: Site) -> None:
    for stub in (site.root / "_generated/archdocs").glob("*.md"):
        text = stub.read_text(encoding="utf-8")
        assert not [p for p in PAYLOADS if p in text and p != "```"], stub
        assert "archdocs_xss" not in text and "passwd" not in text


def test_docstrings_are_shown_as_written(site: Site) -> None:
    """Each module's page shows its docstring twice (under the title, and in its card), exactly
    as written: escaped, and untouched by smart quotes (``"hello" -- it's`` stays so)."""
    for index, payload in enumerate(PAYLOADS):
        name = module_of(index)
        page = pages(site)[f"_generated/archdocs/{name}.html"]
        for cls in ("archdocs-docstring", "archdocs-module-summary"):
            paragraphs = re.findall(_PARAGRAPH.format(cls=cls), page, re.DOTALL)
            assert [shown(p) for p in paragraphs] == [payload], (name, cls)


def test_nothing_from_outside_the_project_is_published(site: Site) -> None:
    assert not (site.html / "_downloads").exists()
    outside = [Path(f).read_bytes() for f in OUTSIDE_FILES if Path(f).is_file()]
    lines = [line for data in outside for line in data.replace(b"\0", b"\n").splitlines()
             if len(line) > 12]  # long enough to be the file's, not a common word
    secret = site.secret.encode()
    for path in site.out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert secret not in data, path
            assert not [line for line in lines[:50] if line in data], path
    # and the build tried nothing: no include, download or literalinclude was even attempted
    assert "[myst" not in site.log and "[docutils]" not in site.log, site.log


def test_every_diagram_is_still_there(site: Site) -> None:
    """A docstring opening a fence used to swallow the page's diagram."""
    generated = {n: t for n, t in pages(site).items()
                 if n.startswith(f"_generated/archdocs/{PACKAGE}")}
    assert len(generated) == len(module_names(site)) >= len(PAYLOADS)
    assert [n for n, t in generated.items() if 'class="mermaid"' not in t] == []


def test_plan_text_is_shown_as_written(site: Site) -> None:
    page = pages(site)["plan.html"]
    rubrics = [shown(r) for r in re.findall(_PARAGRAPH.format(cls="rubric"), page, re.DOTALL)]
    assert rubrics == [PAYLOADS[0]]
    progress = re.findall(_PARAGRAPH.format(cls="archdocs-plan-progress"), page, re.DOTALL)
    assert shown(progress[0]).startswith(PAYLOADS[0] + ": ")
    notes = {shown(n) for n in re.findall(_PARAGRAPH.format(cls="archdocs-note"), page, re.DOTALL)}
    assert {p for i, p in enumerate(PAYLOADS) if i % 3} <= notes


def test_migration_text_is_shown_as_written(site: Site) -> None:
    """Versions and reasons come from the map's TOML: escaped, and no smart quotes."""
    page = pages(site)["migrations.html"]
    cells = [shown(c) for c in re.findall(r"<td>(.*?)</td>", page, re.DOTALL)]
    assert {p for i, p in enumerate(PAYLOADS) if i % 3 == 1} <= set(cells)
    assert f"removed ({PAYLOADS[-1]})" in cells


def test_history_chart_labels_cannot_be_mermaid_syntax(site: Site) -> None:
    """Tags named ``%%{init}%%`` and ``x"><img ...>`` are entity codes in the chart source: no
    Mermaid directive, comment or quote survives (the browser test checks how they are drawn)."""
    page = pages(site)["plan.html"]
    charts = [html.unescape(c) for c in
              re.findall(r'<pre[^>]*class="mermaid"[^>]*>(.*?)</pre>', page, re.DOTALL)]
    assert len(charts) == 2
    for chart in charts:
        assert chart.strip().startswith("xychart-beta")
        assert "%%" not in chart and "<" not in chart and "init" in chart
        axis = next(line for line in chart.splitlines() if "x-axis" in line)
        assert axis.count('"') == 6  # three labels, each one quoted string
