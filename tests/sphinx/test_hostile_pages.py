"""A site built by sphinx-build from hostile code (tests/helpers/hostile.py): text from the code
and from the plan is data, never markup (issue 12, items 1 and 8).

Docstrings, ``__all__`` entries, plan titles, steps, notes and risks carry script, MyST roles and
directives that would publish files from outside the project, and Mermaid syntax; git tags carry
Mermaid directives and HTML. The build runs with a secret in its environment.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from docutils import nodes
from tests.helpers.hostile import (
    OUTSIDE_FILES,
    PACKAGE,
    PAYLOADS,
    TAGS,
    Site,
    build_site,
    module_of,
)
from tests.helpers.sphinx_build import Build

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


def test_revision_names_are_shown_as_written(site: Site) -> None:
    page = pages(site)["plan.html"]
    history = re.search(r'<table class="[^"]*archdocs-history.*?</table>', page, re.DOTALL)
    assert history
    cells = [shown(c) for c in re.findall(r"<td>(.*?)</td>", history.group(0), re.DOTALL)]
    assert [tag for tag in TAGS if tag in cells] == list(TAGS)


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


def _name_project(project: Callable[..., Path], package: str) -> Path:
    """The test root with its code replaced by ``package``, whose folder also holds files whose
    names are markup (none is a module: no import statement can name them)."""
    srcdir = project()
    shutil.rmtree(srcdir / "code")
    folder = srcdir / "code" / package
    folder.mkdir(parents=True)
    for name in ("__init__.py", "mod.py", "x`y.py", "{include}.py", "a b.py", "<img>.py",
                 "```.py", "_[x](y).py"):
        (folder / name).write_text('"""A module."""\n')
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('["shop"]', f"[{package!r}]"))
    (srcdir / "index.rst").write_text("Index\n=====\n\n"
                                      ".. toctree::\n\n   _generated/archdocs/index\n")
    for page in ("api.md", "cart.rst", "plain.rst"):
        (srcdir / page).unlink()
    shutil.rmtree(srcdir / "snippets")
    return srcdir


def test_page_names_are_module_names_only(project: Callable[..., Path],
                                          build: Callable[..., Build]) -> None:
    """File names that are markup never become pages, titles or toctree entries; a package
    named ``self`` is a page, not the toctree's name for the index itself."""
    srcdir = _name_project(project, "self")
    result = build(srcdir)
    out = srcdir / "_generated/archdocs"
    assert sorted(p.name for p in out.iterdir()) == ["index.md", "module-explorer.md", "self.md"]
    assert "\n./self\n" in (out / "index.md").read_text()
    # each such file is a located problem (the name is shown as text), never a page
    bad = ("x`y", "{include}", "a b", "<img>", "```", "_[x](y)")
    lines = result.warnings.splitlines()
    assert len(lines) == len(bad), result.warnings
    for name in bad:
        assert any(f"self/{name}.py:1: WARNING: {name!r} is not a module name" in line
                   for line in lines), name
    assert 'href="self.html"' in result.html("_generated/archdocs/index")
    titles = [t.astext() for t in result.doctree("_generated/archdocs/self").findall(nodes.title)]
    assert titles[0] == "self"
    inventory = result.html("_generated/archdocs/self")
    assert "mod" in inventory and "{include}" not in inventory and "x`y" not in inventory


def test_a_package_named_index_does_not_replace_the_index_page(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = _name_project(project, "index")
    result = build(srcdir)
    assert "a package named 'index' would take the place of the reference's index page" \
        in result.warnings
    assert not (srcdir / "_generated/archdocs/index.md").exists()
