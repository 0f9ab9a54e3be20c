"""What keeps a site of a large code base cheap: whole-snapshot analyses computed once per build and
kind set (not per directive), shared read-only, recomputed when the code changes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from docutils import nodes
from tests.helpers.files import touch
from tests.helpers.sphinx_build import Build, two_level_site

from archdocs.analysis.metrics import GraphFacts
from archdocs.model import KIND_SETS, ImportKind, Snapshot


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch,
             tmp_path: Path) -> list[tuple[int, frozenset[ImportKind]]]:
    """Every whole-graph computation of the build in this process: (snapshot id, kinds); every
    process (forked ``-j`` workers too) also appends its pid to ``tmp_path / "pids"``."""
    calls: list[tuple[int, frozenset[ImportKind]]] = []
    original = GraphFacts.of.__func__  # type: ignore[attr-defined]
    pids = tmp_path / "pids"

    def counting(cls: type[GraphFacts], snapshot: Snapshot,
                 kinds: frozenset[ImportKind]) -> GraphFacts:
        calls.append((id(snapshot), kinds))
        with pids.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return original(cls, snapshot, kinds)

    monkeypatch.setattr(GraphFacts, "of", classmethod(counting))
    return calls


def test_whole_graph_is_computed_once_per_build_and_kind_set(
        project: Callable[..., Path], build: Callable[..., Build],
        computed: list[tuple[int, frozenset[ImportKind]]]) -> None:
    """Twenty-odd pages of inventories, module cards and diagrams; the graph is built once per
    kind set. Without the memo every inventory and card rebuilt it (minutes on 8,000 modules)."""
    srcdir = project()
    first = build(srcdir)
    assert len(first.read) > 20
    whole = [c for c in computed if c[1] == KIND_SETS["all"]]
    assert len(whole) == 1, computed
    assert len(computed) == len(set(computed)), f"computed twice: {computed}"
    # the code changes: the next build has a new snapshot and computes afresh (no stale memo)
    views = srcdir / "code/src/shop/api/views.py"
    touch(views, views.read_text() + "\n\nfrom shop import cart\n")
    computed.clear()
    second = build(srcdir)
    assert second.read and len([c for c in computed if c[1] == KIND_SETS["all"]]) == 1
    assert "shop.cart" in second.html("_generated/archdocs/shop.api")


def test_shared_results_cannot_be_changed_by_a_page(project: Callable[..., Path],
                                                    build: Callable[..., Build]) -> None:
    from archdocs.sphinxext.analysis import graph_facts, snapshot_for

    result = build(project())
    env = result.app.env
    snapshot = snapshot_for(env)
    facts = graph_facts(env, snapshot, KIND_SETS["all"])
    assert graph_facts(env, snapshot, KIND_SETS["all"]) is facts
    with pytest.raises(TypeError):
        facts.predecessors["shop.cart"] = ()  # type: ignore[index]
    with pytest.raises(TypeError):
        facts.dependents["shop.cart"] = 0  # type: ignore[index]
    assert all(isinstance(v, tuple) for v in facts.successors.values())


def test_parallel_read_workers_inherit_the_whole_graph(
        project: Callable[..., Path], build: Callable[..., Build],
        computed: list[tuple[int, frozenset[ImportKind]]]) -> None:
    """``-j 2`` forks a worker per chunk of documents: the main process computes the graph facts
    of the default kind sets before forking, so no worker recomputes them per chunk."""
    srcdir = project()
    result = build(srcdir, parallel=2)
    assert result.merged > 0, "the -j 2 build did not read in parallel"
    assert {KIND_SETS["all"], KIND_SETS["import-time"]} <= {kinds for _, kinds in computed}
    pids = (srcdir.parent / "pids").read_text().split()
    assert set(pids) == {str(os.getpid())}, "a read worker recomputed the whole graph"


# --- a generated site of a few thousand modules ------------------------------------------------

#: 30 sub-packages of 80 modules: 2,400 modules, all importing big.core (2,400 importers).
SUBPACKAGES, MODULES = 30, 80


def synthetic_tree(root: Path) -> None:
    """``big``: ``core`` imported by every module, sub-packages whose modules import the next
    sub-package's module of the same number (no cycle: the cycle report is not what this
    measures), a deep chain, a vendored copy and a test suite."""
    pkg = root / "big"
    files = {"__init__.py": '"""A big code base."""\n', "core.py": "def helper() -> int:\n"
             "    return 1\n", "_vendor/__init__.py": "", "_vendor/six.py": "X = 1\n",
             "tests/__init__.py": "", "tests/test_core.py": "from big import core\n",
             "sub0/deep/__init__.py": "", "sub0/deep/deeper/__init__.py": "",
             "sub0/deep/deeper/leaf.py": "from big import core\n"}
    for i in range(SUBPACKAGES):
        files[f"sub{i}/__init__.py"] = f'"""Sub-package {i}."""\n'
        for j in range(MODULES):
            imports = f"from big.sub{i + 1} import mod{j}\n" if i + 1 < SUBPACKAGES else ""
            files[f"sub{i}/mod{j}.py"] = (f"from big import core\n{imports}\n\n"
                                          f"class Thing{j}:\n    pass\n")
    for name, text in files.items():
        path = pkg / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def synthetic_site(srcdir: Path) -> Path:
    synthetic_tree(srcdir / "code")
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "archdocs"]\nexclude_patterns = ["_build", "code"]\n'
        'archdocs_sources = ["code"]\narchdocs_packages = ["big"]\n'
        "archdocs_include_tests = True\n")
    (srcdir / "index.md").write_text("# Big\n\n```{toctree}\n_generated/archdocs/index\n```\n")
    return srcdir


@pytest.mark.slow
def test_a_site_of_thousands_of_modules_has_small_pages_and_rereads_few(
        tmp_path: Path, build: Callable[..., Build]) -> None:
    srcdir = synthetic_site(tmp_path / "site")
    first = build(srcdir)
    assert first.warnings == ""
    pages = {p: p.stat().st_size for p in first.outdir.rglob("*.html")}
    largest = max(pages, key=pages.__getitem__)
    assert pages[largest] <= 1_000_000, f"{largest} is {pages[largest]:,} bytes"
    generated = {p.stem for p in (first.outdir / "_generated/archdocs").glob("*.html")}
    assert {"big", "big.sub0", "big.sub29", "big.sub0.deep.deeper"} <= generated
    # vendored and tests packages: analysed and shown on big's page, no page of their own;
    # the default that left them out is said in the build output
    assert not {"big._vendor", "big.tests"} & generated
    assert "archdocs_page_exclude" in first.app.status.getvalue()
    top = first.doctree("_generated/archdocs/big").astext()
    assert "_vendor/ (1 module)" in top and "tests/ (1 module)" in top
    assert "each direct sub-package is one row" in top
    # core's importers: the count is complete, the list is not
    assert f"and {SUBPACKAGES * MODULES + 2 - 50} more" in top
    # one module's body changes: only the pages showing its text are read again (big: its
    # inventory's totals; sub3: its card; the module explorer lists every module's lines), not
    # sub4, whose mod5 card lists it as an importer (its imports did not change)
    explorer = "_generated/archdocs/module-explorer"
    edited = srcdir / "code/big/sub3/mod5.py"
    touch(edited, edited.read_text() + "\n\ndef added() -> None:\n    pass\n")
    second = build(srcdir)
    assert set(second.read) == {"_generated/archdocs/big", "_generated/archdocs/big.sub3",
                                explorer}
    assert "added" in second.doctree("_generated/archdocs/big.sub3").astext()
    # a comment in the module that all 2,400 import: its card and the totals change, not the
    # pages that draw it or list it among imports
    core = srcdir / "code/big/core.py"
    touch(core, core.read_text() + "# a comment\n")
    assert set(build(srcdir).read) == {"_generated/archdocs/big", explorer}
    # an import edit there re-reads the pages whose diagrams or importer lists it changes
    touch(core, core.read_text() + "from big._vendor import six\n")
    imports = set(build(srcdir).read)
    assert {"_generated/archdocs/big", explorer} <= imports
    assert len(imports) < len(generated) // 2, sorted(imports)
    # nothing changed: nothing is read
    assert build(srcdir).read == []


def test_page_depth_and_exclusion_choose_the_pages_the_analysis_stays_whole(
        tmp_path: Path, build: Callable[..., Build], monkeypatch: pytest.MonkeyPatch) -> None:
    srcdir = tmp_path / "site"
    (srcdir / "code/big/sub0/deep").mkdir(parents=True)
    for name in ("__init__.py", "sub0/__init__.py", "sub0/deep/__init__.py", "sub0/deep/leaf.py"):
        (srcdir / "code/big" / name).write_text("from big import core\n")
    (srcdir / "code/big/core.py").write_text("X = 1\n")
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "archdocs"]\nexclude_patterns = ["_build", "code"]\n'
        'archdocs_sources = ["code"]\narchdocs_packages = ["big"]\n')
    (srcdir / "index.md").write_text("# Big\n\n```{toctree}\n_generated/archdocs/index\n```\n")
    generated = srcdir / "_generated/archdocs"

    depth = build(srcdir, confoverrides={"archdocs_page_depth": 1})
    assert sorted(p.name for p in generated.glob("*.md")) == ["big.md", "big.sub0.md", "index.md",
                                                                   "module-explorer.md"]
    assert "leaf.py" in depth.html("_generated/archdocs/big.sub0")  # its layout still shows it
    excluded = build(srcdir, confoverrides={"archdocs_page_exclude": ["*.sub0"]})
    assert sorted(p.name for p in generated.glob("*.md")) == ["big.md", "index.md",
                                                               "module-explorer.md"]
    top = excluded.doctree("_generated/archdocs/big").astext()
    assert "sub0.deep.leaf" in top and "sub0/ (" not in top  # few rows: one per module
    # a tree over the page budget gets a depth by default, said in the build output
    from archdocs.sphinxext import pages
    monkeypatch.setattr(pages, "MAX_AUTO_PAGES", 2)
    auto = build(srcdir)
    assert sorted(p.name for p in generated.glob("*.md")) == ["big.md", "big.sub0.md", "index.md",
                                                                   "module-explorer.md"]
    assert "pages go 1 levels deep (set archdocs_page_depth" in auto.app.status.getvalue()
    bad = build(srcdir, confoverrides={"archdocs_page_depth": -1})
    assert "archdocs_page_depth = -1 is not allowed" in bad.warnings


def test_a_large_inventory_sums_sub_packages_and_cuts_importer_lists(
        project: Callable[..., Path], build: Callable[..., Build],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The test root's shop (6 modules) as if it were huge: ``:limit: 4``, one importer shown."""
    from archdocs.sphinxext.directives import inventory, tree
    monkeypatch.setattr(inventory, "DEFAULT_IMPORTERS", 1)
    monkeypatch.setattr(tree, "DEFAULT_OPEN_LIMIT", 5)
    srcdir = project()
    (srcdir / "big.md").write_text("# Big\n\n```{archdocs-inventory} shop\n"
                                   ":limit: 4\n:sort: fan_in\n"
                                   ":columns: lines imported_by\n```\n\n"
                                   "```{archdocs-tree} shop\n```\n")
    result = build(srcdir)
    text = result.doctree("big").astext()
    full = result.doctree("_generated/archdocs/shop").astext()
    # one row sums shop.api's counted modules (views; not its __init__)
    assert "api/ (1 module)" in text and "api/ (" not in full
    assert "6 modules: each direct sub-package is one row" in text
    assert "4 of the rows are shown" in text
    assert "Total: 4 modules" in text and "Total: 4 modules" in full  # totals stay whole
    assert " and 1 more" in text
    # the layout lists api/ unopened, and says so
    assert "api/\n" in text and "views.py" not in text
    assert "6 modules: sub-folders are listed, not opened" in text


def test_a_package_of_too_many_rows_for_a_matrix_gets_no_matrix_section(
        tmp_path: Path, build: Callable[..., Build], monkeypatch: pytest.MonkeyPatch) -> None:
    """homeassistant.components (1,316 rows) got a matrix section that refused with a warning,
    which fails a -W build; big's 4 rows over a limit of 3 stand for it here."""
    from archdocs.analysis import matrix
    monkeypatch.setattr(matrix, "DENSE_CHILDREN", 1)
    monkeypatch.setattr(matrix, "MAX_ROWS", 3)
    result = build(two_level_site(tmp_path / "site"))
    assert result.warnings == ""
    gen = tmp_path / "site/_generated/archdocs"
    assert "archdocs-matrix" not in (gen / "big.md").read_text()
    assert "archdocs-matrix} big.a" in (gen / "big.a.md").read_text()  # 3 rows: it fits


def test_the_navigation_holds_the_pages_that_fit_deeper_pages_are_linked(
        tmp_path: Path, build: Callable[..., Build], monkeypatch: pytest.MonkeyPatch) -> None:
    """Sphinx resolves the whole navigation tree for each page it writes: with every generated
    page in it, a site costs pages x pages. Over the budget, the navigation holds the levels that
    fit; deeper pages are linked from their parent's page and link back, without a warning."""
    from sphinx.environment.adapters.toctree import global_toctree_for_doc

    from archdocs.sphinxext import pages
    monkeypatch.setattr(pages, "NAV_PAGES", 3)
    result = build(two_level_site(tmp_path / "site"))
    assert result.warnings == ""  # no "isn't included in any toctree", every link resolves
    assert "it holds 1 levels below big" in result.app.status.getvalue()
    env, gen = result.app.env, "_generated/archdocs/"
    # big lists a and b in its toctree; a lists a.x and a.y as links, no toctree
    assert env.toctree_includes[gen + "big"] == [gen + "big.a", gen + "big.b"]
    assert gen + "big.a" not in env.toctree_includes
    page_a = result.html(gen + "big.a")
    assert 'href="big.a.x.html"' in page_a and 'href="big.a.y.html"' in page_a
    # a deeper page is whole (its cards, diagram, inventory) and links back to its parent
    deep = result.html(gen + "big.a.x")
    assert 'href="big.a.html"' in deep and 'id="module-big-a-x-mod"' in deep
    assert "archdocs-inventory" in deep and 'class="mermaid"' in deep
    # every page's navigation holds the listed generated pages only, deep pages included
    for docname in (gen + "big", gen + "big.a", gen + "big.b.y", "index"):
        nav = global_toctree_for_doc(env, docname, result.app.builder, tags=result.app.tags)
        assert nav is not None
        shown = {ref["refuri"].split("#")[0] for ref in nav.findall(nodes.reference)}
        assert not {uri for uri in shown if ".x" in uri or ".y" in uri}, (docname, shown)


def test_a_long_cycle_listing_is_cut_at_its_limit_and_links_to_the_explorer(
        tmp_path: Path, build: Callable[..., Build]) -> None:
    """homeassistant's all-kinds cycle holds 457 modules: members, breakers and cycles after the
    first N are counted, not listed; the note links to the explorer, which lists them all."""
    srcdir = tmp_path / "site"
    files = {"__init__.py": "", **{f"a{i}.py": f"import ring.a{(i + 1) % 4}\n" for i in range(4)}}
    for i in range(2):
        files |= {f"p{i}.py": f"from ring import q{i}\n", f"q{i}.py": f"from ring import p{i}\n"}
    for name, text in files.items():
        (srcdir / "code/ring").mkdir(parents=True, exist_ok=True)
        (srcdir / "code/ring" / name).write_text(text)
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "archdocs"]\nexclude_patterns = ["_build", "code"]\n'
        'archdocs_sources = ["code"]\narchdocs_packages = ["ring"]\n')
    (srcdir / "index.md").write_text("# Ring\n\n```{toctree}\n_generated/archdocs/index\n```\n\n"
                                     "```{archdocs-cycles} ring\n:limit: 2\n```\n")
    result = build(srcdir)
    assert result.warnings == ""
    text = result.doctree("index").astext()
    assert "3 import cycles in ring" in text
    assert "Cycle 1 (4 modules): ring.a0, ring.a1 and 2 more" in text
    assert "Cycle 2 (2 modules): ring.p0, ring.q0" in text and "Witness: ring.p0" in text
    # the third gets one line: no witness, no breakers
    assert "Cycle 3 (2 modules): ring.p1, ring.q1" in text and "Witness: ring.p1" not in text
    assert "Listings are cut at 2 items (:limit:)" in text
    assert 'href="_generated/archdocs/module-explorer.html"' in result.html("index")
    # the generated page keeps the default limit: everything listed, no note
    page = result.doctree("_generated/archdocs/ring").astext()
    assert "Witness: ring.p1" in page and "Listings are cut" not in page
