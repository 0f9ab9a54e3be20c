"""``archdocs-explorer`` on the ``depot`` fixture (tests/roots/test-views): the JSON of the data
file the page loads matches a golden file, cannot close a ``<script>``, carries module URLs right
for html and dirhtml, is byte-identical between builds and is not in the page; only pages with
an explorer load its script."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from sphinx.testing.util import SphinxTestApp
from tests.helpers.golden import Goldens
from tests.helpers.paths import ROOTS
from tests.helpers.sphinx_build import Build

from archdocs.analysis.matrix import DENSE_CHILDREN
from archdocs.render.explorer import to_json
from archdocs.sphinxext.directives.explorer import DATA_DIR

_DATA = re.compile(r'<script class="archdocs-explorer-data" src="([^"]+)" defer></script>')
_PREFIX, _SUFFIX = "document.currentScript.archdocsData = ", ";\n"
HOSTILE = ('</script><script>window.__archdocs_pwned = 1</script><img src=x '
           'onerror="window.__archdocs_pwned=2"> & <b>not bold</b> \\u2028 {{x}}')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    srcdir = tmp_path_factory.mktemp("explorer") / "proj"
    shutil.copytree(ROOTS / "test-views", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
        yield Build(app)
    finally:
        app.cleanup()


def explorers(outdir: Path, page: str) -> list[tuple[str, dict[str, Any]]]:
    """The JSON (as written, and parsed) of each data file that ``page`` loads."""
    found = []
    for src in _DATA.findall((outdir / page).read_text(encoding="utf-8")):
        path = (outdir / page).parent / unquote(html.unescape(src))
        text = path.read_text(encoding="utf-8")
        assert path.resolve().is_relative_to((outdir / DATA_DIR).resolve()), path
        assert text.startswith(_PREFIX) and text.endswith(_SUFFIX), text[:80]
        raw = text[len(_PREFIX):-len(_SUFFIX)]
        found.append((raw, json.loads(raw)))
    return found


def embedded(build: Build, docname: str) -> tuple[str, dict[str, Any]]:
    (one,) = explorers(build.outdir, f"{docname}.html")
    return one


def node(data: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [n for n in data["nodes"] if n["name"] == name]
    return found


def test_build_is_clean(built: Build) -> None:
    assert built.warnings == ""


def readable(data: dict[str, Any]) -> str:
    """The data one key, node, import or kind set a line, each list item after its index."""
    lines = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value and isinstance(value[0], (list, dict)):
            lines.append(f"{key}:")
            lines += [f"  {i}: {json.dumps(v, sort_keys=True, ensure_ascii=False)}"
                      for i, v in enumerate(value)]
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def test_data_matches_the_golden_file(built: Build, golden: Goldens) -> None:
    _, data = embedded(built, "explorer")
    golden.check("sphinx/explorer_depot.txt", readable(data))


def test_data_is_deterministic_json_that_cannot_close_its_script(built: Build) -> None:
    raw, data = embedded(built, "explorer")
    assert raw == to_json(data)  # sorted keys, no spaces: the same code gives the same bytes
    assert not set(raw) & set("<>&")
    assert node(data, "depot.evil")["doc"] == HOSTILE
    page = built.html("explorer")
    assert "__archdocs_pwned" not in page and '"nodes"' not in page  # the data is not in the page


def test_schema_counts_kinds_and_cycles(built: Build) -> None:
    _, data = embedded(built, "explorer")
    index = {n["name"]: i for i, n in enumerate(data["nodes"])}
    kinds = data["kinds"]
    assert kinds == ["runtime", "guarded", "lazy", "type_checking"]
    edges = {(data["nodes"][s]["name"], data["nodes"][t]["name"], kinds[k]): n
             for s, t, k, n in data["imports"]}
    assert edges[("depot.orders", "depot.web.views", "type_checking")] == 1
    assert edges[("depot.web.views", "depot.billing", "lazy")] == 1
    assert edges[("depot.billing", "depot.store", "runtime")] == 1
    sets = {s["name"]: s for s in data["sets"]}
    assert [s["name"] for s in data["sets"]] == ["all", "no-type-checking", "import-time"]
    assert data["sets"][data["default"]]["name"] == "import-time"  # the site's archdocs_kinds

    def cycles(name: str) -> list[list[str]]:
        return [[data["nodes"][i]["name"] for i in c] for c in sets[name]["cycles"]]

    assert cycles("import-time") == [["depot.billing", "depot.orders", "depot.store"]]
    assert cycles("no-type-checking") == [["depot.billing", "depot.orders", "depot.store"]]
    assert cycles("all") == [["depot.billing", "depot.orders", "depot.store", "depot.web.views"]]
    web = node(data, "depot.web")
    assert web["package"] and web["module"] and web["parent"] == index["depot"]
    # counted as the inventory counts: not __init__.py files (archdocs_count_init is False)
    assert not web["counted"] and node(data, "depot.web.forms")["counted"]
    assert data["convention"] == "modules not counting __init__.py files; physical lines"
    inside = [n["name"] for n in data["nodes"][index["depot.web"]:web["end"]]]
    assert inside == ["depot.web", "depot.web.forms", "depot.web.views"]


def test_urls_lead_to_module_cards_and_package_pages(built: Build) -> None:
    _, data = embedded(built, "explorer")
    assert node(data, "depot")["url"] == "_generated/archdocs/depot.html"
    assert node(data, "depot.store")["url"] == "_generated/archdocs/depot.html#module-depot-store"
    assert node(data, "depot.web.views")["url"] == \
        "_generated/archdocs/depot.web.html#module-depot-web-views"


def test_only_explorer_pages_load_the_script(built: Build) -> None:
    assert '_static/archdocs-explorer.js' in built.html("explorer")
    assert 'archdocs-views.css' in built.html("explorer")
    assert 'archdocs-explorer.js' not in built.html("matrix")
    assert 'archdocs-views.css' in built.html("matrix")
    assert 'archdocs-views.css' not in built.html("index")
    assert (built.outdir / "_static/archdocs-explorer.js").is_file()


def test_dirhtml_urls_and_a_second_build_is_identical(
        project: Callable[..., Path], build: Callable[..., Build], built: Build) -> None:
    srcdir = project("views")
    result = build(srcdir, "dirhtml")
    ((_, data),) = explorers(result.outdir, "explorer/index.html")
    assert node(data, "depot.store")["url"] == \
        "../_generated/archdocs/depot/#module-depot-store"
    again = build(project("views", "again"))
    for page in ("explorer", "matrix"):
        assert again.html(page) == built.html(page)
    files = sorted(p.relative_to(built.outdir) for p in (built.outdir / DATA_DIR).rglob("*.js"))
    assert [str(f) for f in files] == [f"{DATA_DIR}/_generated/archdocs/module-explorer.0.js",
                                       f"{DATA_DIR}/explorer.0.js"]
    for file in files:
        assert (again.outdir / file).read_bytes() == (built.outdir / file).read_bytes()


def test_the_doctree_holds_what_picks_the_data_not_the_data(built: Build) -> None:
    # the data (megabytes on large sites) would be pickled into .doctrees and sent back from -j
    # workers: the node keeps the package, kind set and globs; doctree-resolved computes the rest
    pickled = (Path(built.app.doctreedir) / "explorer.doctree").read_bytes()
    assert b"depot.web.forms" not in pickled and b"__archdocs_pwned" not in pickled
    _, data = embedded(built, "explorer")
    assert "__archdocs_pwned" in node(data, "depot.evil")["doc"]


EXPLORERS = "---\norphan: true\n---\n# {title}\n\n" + \
    "```{{archdocs-explorer}} depot.web\n```\n\n" * 2


def test_data_files_are_replaced_atomically_and_those_of_gone_explorers_removed(
        project: Callable[..., Path], build: Callable[..., Build]) -> None:
    srcdir = project("views")
    (srcdir / "gone.md").write_text(EXPLORERS.format(title="Gone"), encoding="utf-8")
    (srcdir / "two.md").write_text(EXPLORERS.format(title="Two"), encoding="utf-8")
    first = build(srcdir)
    data = first.outdir / DATA_DIR
    names = {"explorer.0.js", "gone.0.js", "gone.1.js", "two.0.js", "two.1.js"}
    assert names <= {p.name for p in data.iterdir()}
    # not ours (other names): never removed
    (data / "notes.txt").write_text("mine\n", encoding="utf-8")
    (data / "mine.js").write_text("mine\n", encoding="utf-8")
    (data / "two.x.js").write_text("mine\n", encoding="utf-8")
    explorer = data / "explorer.0.js"
    before, page = explorer.stat(), (first.outdir / "explorer.html").stat()

    (srcdir / "gone.md").unlink()
    (srcdir / "two.md").write_text(EXPLORERS.format(title="Two").split("\n\n```")[0] +
                                   "\n\n```{archdocs-explorer} depot.web\n```\n",
                                   encoding="utf-8")
    second = build(srcdir)
    assert second.read == ["two"] and second.warnings == ""
    left = {p.name for p in data.iterdir()}
    assert "gone.0.js" not in left and "gone.1.js" not in left  # its page is gone
    assert "two.1.js" not in left and "two.0.js" in left  # the page now has one explorer
    assert {"notes.txt", "mine.js", "two.x.js"} <= left
    # explorer.html was not written this build and keeps its data file, untouched
    assert (first.outdir / "explorer.html").stat().st_mtime_ns == page.st_mtime_ns
    assert explorer.stat().st_mtime_ns == before.st_mtime_ns

    forms = srcdir / "code/depot/web/forms.py"
    forms.write_text(forms.read_text(encoding="utf-8").replace("Forms:", "Web forms:"),
                     encoding="utf-8")
    third = build(srcdir)
    assert "explorer" in third.read
    _, changed = embedded(third, "explorer")
    assert node(changed, "depot.web.forms")["doc"].startswith("Web forms:")
    # a new file took its place (a rename), not the old file rewritten in place
    assert explorer.stat().st_ino != before.st_ino
    assert not [p for p in data.rglob("*") if p.name.startswith(".")]  # no temporary file left


def test_singlehtml_urls_are_fragments_of_the_one_page(project: Callable[..., Path],
                                                       build: Callable[..., Build]) -> None:
    result = build(project("views"), "singlehtml")
    found = [data for _, data in explorers(result.outdir, "index.html")]
    assert len(found) == 2  # explorer.md and the generated module explorer
    for data in found:
        assert node(data, "depot.store")["url"] == "#module-depot-store"
        assert node(data, "depot")["url"] == "#document-_generated/archdocs/depot"


def test_other_builders_get_a_sentence(project: Callable[..., Path],
                                       build: Callable[..., Build]) -> None:
    result = build(project("views"), "text")
    text = (result.outdir / "explorer.txt").read_text(encoding="utf-8")
    assert "An explorer of the modules of depot (see the HTML version of this page)." \
        in " ".join(text.split())


def test_without_argument_every_module_and_bad_options(project: Callable[..., Path],
                                                       build: Callable[..., Build],
                                                       built: Build) -> None:
    srcdir = project("views")
    (srcdir / "bad.md").write_text("# Bad\n\n```{archdocs-explorer} depot\n:kinds: lazy\n```\n",
                                   encoding="utf-8")
    (srcdir / "all.md").write_text("# All\n\n```{archdocs-explorer}\n:kinds: all\n```\n",
                                   encoding="utf-8")
    result = build(srcdir)
    _, everything = embedded(result, "all")
    _, depot = embedded(built, "explorer")
    assert everything["package"] == "" and depot["package"] == "depot"
    assert everything["nodes"] == depot["nodes"]  # depot is the only top-level package
    assert everything["sets"][everything["default"]]["name"] == "all"
    assert "bad.md:3: WARNING: archdocs-explorer: :kinds: 'lazy' is not allowed; use one of " \
        "all, no-type-checking, import-time" in result.warnings
    assert 'class="archdocs-error"' in result.html("bad")


def test_the_generated_reference_has_an_explorer_page(built: Build) -> None:
    assert 'href="module-explorer.html"' in built.html("_generated/archdocs/index")
    _, data = embedded(built, "_generated/archdocs/module-explorer")
    assert data["package"] == "depot"
    assert node(data, "depot.store")["url"] == "depot.html#module-depot-store"


def test_dense_package_pages_add_a_matrix(project: Callable[..., Path],
                                          build: Callable[..., Build], built: Build) -> None:
    # depot has 8 sub-packages and modules: a diagram and no matrix
    assert "archdocs-dsm" not in built.html("_generated/archdocs/depot")
    srcdir = project("views")
    for i in range(DENSE_CHILDREN - 8 + 1):
        (srcdir / "code/depot" / f"extra{i}.py").write_text(
            '"""One more module."""\n\nfrom depot import core\n', encoding="utf-8")
    result = build(srcdir)
    page = (srcdir / "_generated/archdocs/depot.md").read_text(encoding="utf-8")
    assert "## Dependency matrix\n\n```{archdocs-matrix} depot\n```\n" in page
    assert "archdocs-matrix" not in (srcdir / "_generated/archdocs/depot.web.md").read_text(
        encoding="utf-8")
    assert "archdocs-dsm" in result.html("_generated/archdocs/depot")
