"""Where archdocs and grimp knowingly differ, each class pinned on a small package (on django and
sympy there is no difference; pip, setuptools and libcst show all three classes):

1. An import of a module that is not in the source (a C extension, a vendored module stripped out,
   a meta-path importer's name): archdocs keeps an edge to the nearest module that exists, because
   importing ``a.b.missing`` runs ``a.b`` first — a real dependency; grimp keeps only the parent
   of ``import a.b.missing`` and drops the rest.
2. Files whose names are not identifiers (``unicode10-0-0.py``): grimp lists them, archdocs does
   not, since no import statement can name them.
3. Folders without ``__init__.py`` inside a package (namespace sub-packages): archdocs reads their
   modules, grimp skips them.
"""

from __future__ import annotations

import sys

import pytest
from tests.helpers.ci import import_or_skip

grimp = import_or_skip("grimp")

FILES = {
    "gpkg/__init__.py": "",
    "gpkg/sub/__init__.py": "",
    "gpkg/sub/m.py": "",
    "gpkg/from_missing.py": "from gpkg.sub.missing import X\n",
    "gpkg/import_missing.py": "import gpkg.sub.missing\n",
    "gpkg/import_missing_deeper.py": "import gpkg.sub.missing.deeper\n",
    "gpkg/from_name_below_module.py": "from gpkg.sub.m.attr import X\n",
    "gpkg/import_name_below_module.py": "import gpkg.sub.m.attr\n",
    "gpkg/relative_missing.py": "from .sub.missing import X\n",
    "gpkg/sub/self_via_missing.py": "from gpkg.sub.self_via_missing.ext import fast\n",
    "gpkg/nsdir/mod.py": "import gpkg.sub.m\n",
    "gpkg/uses_ns.py": "from gpkg.nsdir import mod\n",
    "gpkg/bad-name.py": "import gpkg.sub.m\n",
}


@pytest.fixture
def both(analyse, tmp_path, monkeypatch):
    snapshot = analyse(FILES, base="gpkg")
    monkeypatch.syspath_prepend(str(tmp_path / "tree"))
    graph = grimp.build_graph("gpkg", cache_dir=None)
    # never imported
    assert "gpkg" not in sys.modules or not hasattr(sys.modules["gpkg"], "__file__")
    ours = {(i.importer, i.target) for m in snapshot.modules for i in m.imports if i.internal}
    theirs = {(m, t) for m in graph.modules for t in graph.find_modules_directly_imported_by(m)}
    return snapshot, graph, ours, theirs


def test_imports_of_missing_modules_keep_an_edge_to_the_nearest_existing_module(both):
    _, _, ours, theirs = both
    assert ours - theirs == {
        ("gpkg.from_missing", "gpkg.sub"),
        ("gpkg.import_missing_deeper", "gpkg.sub"),
        ("gpkg.from_name_below_module", "gpkg.sub.m"),
        ("gpkg.relative_missing", "gpkg.sub"),
        ("gpkg.sub.self_via_missing", "gpkg.sub.self_via_missing"),
        ("gpkg.uses_ns", "gpkg.nsdir.mod"),  # class 3: grimp does not know the module
        ("gpkg.nsdir.mod", "gpkg.sub.m"),  # class 3
    }
    # where the parent of an ``import`` exists, both agree
    assert {("gpkg.import_missing", "gpkg.sub"),
            ("gpkg.import_name_below_module", "gpkg.sub.m")} <= (
        ours & theirs)


def test_only_identifier_file_names_are_modules(both):
    snapshot, graph, ours, theirs = both
    assert set(graph.modules) - snapshot.names == {"gpkg.bad-name"}
    assert theirs - ours == {("gpkg.bad-name", "gpkg.sub.m")}


def test_namespace_subpackages_inside_a_package_are_read(both):
    snapshot, graph, _, _ = both
    assert snapshot.names - set(graph.modules) == {"gpkg.nsdir.mod"}
