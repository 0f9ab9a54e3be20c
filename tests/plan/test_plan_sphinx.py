"""``archdocs-plan``, ``archdocs-metrics`` and ``archdocs-history`` in a tiny Sphinx project whose
code is the work tree of the scripted history (rST and MyST pages, serial and parallel reads)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from docutils import nodes
from sphinx.util.console import strip_colors
from sphinxcontrib.mermaid import mermaid
from tests.helpers import refactor_history as scripted
from tests.helpers.gitrepo import Repo

PLAN_EXTRA = '''
[[step.move]]
source = "app.core.runner"
destination = "app.ext.runner"
notes = "last"

[[step.move]]
source = "app.core.ghost"
destination = "app.ext.ghost"
'''

PAGES = {
    "index.rst": '''\
        Plan
        ====

        .. toctree::

           figures
           broken

        .. archdocs-plan::

        .. archdocs-history::
           :chart: modules, moves
        ''',
    "figures.md": '''\
        # Figures

        ```{archdocs-metrics}
        ```

        ```{archdocs-metrics} app
        ```

        ```{archdocs-history} app
        :refs: v0 v3
        :chart: lines
        ```
        ''',
    "broken.rst": '''\
        Broken
        ======

        .. archdocs-history::
           :chart: colour

        .. archdocs-history::
           :refs: nope

        .. archdocs-history:: app
           :chart: moves
        ''',
}


@pytest.fixture(params=[1, 2], ids=["serial", "parallel"])
def built(request, tmp_path: Path, make_app):
    repo = Repo(tmp_path / "repo")
    scripted.build(repo)
    proj = tmp_path / "proj"
    files = {
        "conf.py": f'''\
            extensions = ["archdocs", "myst_parser"]
            source_suffix = {{".rst": "restructuredtext", ".md": "markdown"}}
            archdocs_sources = [{str(repo.path)!r}]
            archdocs_plan = "plan.toml"
            archdocs_history_repo = {str(repo.path)!r}
            ''',
        "plan.toml": scripted.PLAN.replace('baseline = "v0"', 'baseline = "v0"\ncolour = "red"')
        .replace("[plan]", '[plan]\ntitle = "Out of core"')
        + PLAN_EXTRA,
        **PAGES,
    }
    for rel, text in files.items():
        (proj / rel).parent.mkdir(parents=True, exist_ok=True)
        (proj / rel).write_text(textwrap.dedent(text))
    app = make_app("html", srcdir=proj, parallel=request.param)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def table_rows(tree: nodes.Node, cls: str) -> list[list[str]]:
    return [[entry.astext() for entry in row.children]
            for table in tree.findall(nodes.table) if cls in table["classes"]
            for row in table.findall(nodes.row)]


def test_plan_table_and_progress(built):
    tree = built.env.get_doctree("index")
    # a diverged move went elsewhere: it is not the planned move, so it is not completed
    assert "Out of core: 2 of 5 moves completed (1 done, 1 with a shim left); 1 diverged (went " \
           "elsewhere), 1 pending, 1 unresolved." in tree.astext()
    moves = {row[0].split(" ")[0]: row for row in table_rows(tree, "archdocs-plan")[1:]}
    assert set(moves) == {"feed", "store", "engine", "runner", "ghost"}  # relative to the package
    assert moves["feed"][:3] == ["feed → app.ext.feed", "1 · low", "done"]
    assert moves["store"][1:3] == ["2",
                                   "done, shim left\n\napp.core.store re-exports eagerly and warns"]
    assert moves["engine"][2] == "diverged: went to app.other.engine"
    assert moves["ghost"][2].startswith("unresolved: app.core.ghost is not in the code")
    runner = moves["runner"]
    assert runner[0] == "runner → app.ext.runner\n\nlast" and runner[2] == "pending"
    assert runner[3] == f"{len(scripted.RUNNER.splitlines())} lines\n\nimports: —\n\n" \
                        "imported by (must change): —"
    assert runner[4] == "1"  # store's shim still counts (count_shims defaults to true)
    targets = table_rows(tree, "archdocs-plan-targets")
    assert ["modules in app.core", "2", "1–2", "met"] in targets
    assert ["import-time cycles", "0", "at most 0", "met"] in targets


def test_unresolved_move_is_a_warning_at_the_plan_line(built):
    warnings = strip_colors(built.warning.getvalue())
    plan = Path(built.srcdir) / "plan.toml"
    line = plan.read_text().splitlines().index("source = \"app.core.ghost\"")  # 1-based: the header
    assert f"{plan}:{line}: WARNING: plan move app.core.ghost → app.ext.ghost does not resolve" \
           in warnings
    assert warnings.count("app.core.ghost → app.ext.ghost") == 1  # once, whatever the pages
    assert f"{plan}:5: WARNING: [plan] unknown key 'colour'" in warnings
    assert warnings.count("unknown key 'colour'") == 1


def test_metrics_state_the_convention(built):
    tree = built.env.get_doctree("figures")
    first, second = [t for t in tree.findall(nodes.table) if "archdocs-metrics" in t["classes"]]
    rows = dict(table_rows(first, "archdocs-metrics")[1:])
    assert rows["modules"] == "2" and rows["shims (re-export only)"] == "1"
    assert dict(table_rows(second, "archdocs-metrics")[1:])["modules"] == "5"
    text = tree.astext()
    assert "Counted with: modules not counting __init__.py files; physical lines." in text


def test_history_table_and_chart(built):
    tree = built.env.get_doctree("index")
    rows = table_rows(tree, "archdocs-history")
    assert [r[0] for r in rows] == ["revision", "v0", "v1", "v2", "v3"]
    assert [r[2] for r in rows[1:]] == ["4", "3", "3", "2"]
    # v3's engine diverged: not done
    assert [r[-1] for r in rows[1:]] == ["0/5", "1/5", "2/5", "2/5"]
    charts = [n["code"] for n in tree.findall(mermaid)]
    assert len(charts) == 2 and charts[0].startswith("xychart-beta\n")
    assert 'x-axis ["v0", "v1", "v2", "v3"]' in charts[0] and "bar [4, 3, 3, 2]" in charts[0]
    assert "bar [0, 1, 2, 2]" in charts[1]
    other = built.env.get_doctree("figures")
    assert [r[0] for r in table_rows(other, "archdocs-history")] == ["revision", "v0", "v3"]
    assert re.search(r'title "Lines in app"', next(iter(other.findall(mermaid)))["code"])


def test_bad_options_warn_at_the_directive(built):
    warnings = strip_colors(built.warning.getvalue())
    assert re.search(r"broken\.rst:4: WARNING: archdocs-history: :chart: 'colour' not allowed",
                     warnings)
    assert re.search(r"broken\.rst:7: WARNING: archdocs-history: .*unknown git revision 'nope'",
                     warnings)
    assert re.search(r"broken\.rst:10: WARNING: archdocs-history: :chart: moves needs the plan",
                     warnings)


def test_a_new_tag_rebuilds_the_history_page(built, make_app):
    srcdir = Path(built.srcdir)
    repo = Repo.__new__(Repo)  # the fixture's repository, reopened
    repo.path, repo.count = srcdir.parent / "repo", 4
    repo.commit({"NEWS.md": "v4\n"}, tag="v4")  # no code changed: only the tags tell
    again = make_app("html", srcdir=srcdir)
    try:
        again.build()
        rows = table_rows(again.env.get_doctree("index"), "archdocs-history")
        assert [r[0] for r in rows] == ["revision", "v0", "v1", "v2", "v3", "v4"]
    finally:
        again.cleanup()


def test_the_plan_directive_follows_a_renamed_package(tmp_path: Path, make_app):
    """Issue #14, 7b: the package was renamed since the plan's baseline: the page shows the moves
    against the new name (no "not in archdocs_sources" error) and measures the renamed package."""
    repo = Repo(tmp_path / "repo")
    scripted.rename_history(repo)
    proj = tmp_path / "proj"
    for rel, text in {"conf.py": f'''\
            extensions = ["archdocs"]
            archdocs_sources = [{str(repo.path)!r}]
            archdocs_plan = "plan.toml"
            archdocs_history_repo = {str(repo.path)!r}
            ''',
            "plan.toml": scripted.RENAME_PLAN.replace("[[step]]",
                                             "[targets]\n    modules = [1, 3]\n\n    [[step]]"),
            "index.rst": "Plan\n====\n\n.. archdocs-plan::\n"}.items():
        (proj / rel).parent.mkdir(parents=True, exist_ok=True)
        (proj / rel).write_text(textwrap.dedent(text))
    app = make_app("html", srcdir=proj)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "archdocs_sources" not in strip_colors(app.warning.getvalue())
    tree = app.env.get_doctree("index")
    assert "1 of 2 moves completed (1 done, 0 with a shim left); 0 diverged (went elsewhere), " \
           "1 pending." in tree.astext()
    assert table_rows(tree, "archdocs-plan-targets")[1][:3] == ["modules in app.newname", "3",
                                                                "1–3"]
