"""More differential tests against grimp: sqlalchemy and transformers from wheels (read, never
imported), every edge equal or an import of a module that is not in the source (class 1 of
``test_grimp_differences``); and ``--kinds no-type-checking`` as archdocs builds the graph against
grimp's ``exclude_type_checking_imports=True`` on django."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest
from tests.helpers.ci import import_or_skip
from tests.helpers.grimp_oracle import differences, grimp_edges
from tests.helpers.real_packages import location, wheel_snapshot

from archdocs.analysis.graph import build_graph
from archdocs.model import KIND_SETS, Import, Snapshot

grimp = import_or_skip("grimp")

pytestmark = pytest.mark.slow


def internal_edges(snapshot: Snapshot) -> set[tuple[str, str]]:
    return {(i.importer, i.target) for m in snapshot.modules for i in m.imports if i.internal}


def named_module(folder: Path, snapshot: Snapshot, imp: Import) -> str:
    """The absolute module the statement at ``imp.line`` names (``from X import …``: X, plus the
    imported name when that is a module; ``import X``: X), re-read from the file with ``ast``."""
    module = snapshot.get(imp.importer)
    assert module is not None
    tree = ast.parse((folder / module.path).read_bytes())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.lineno == imp.line:
            package = imp.importer if module.is_package else imp.importer.rpartition(".")[0]
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            return ".".join([*base, *([node.module] if node.module else [])])
        if isinstance(node, ast.Import) and node.lineno == imp.line:
            names = [a.name for a in node.names if (a.name + ".").startswith(imp.target + ".")]
            return max(names, key=len)
    raise AssertionError(f"no import statement at {module.path}:{imp.line}")


def nearest_module_edges(folder: Path, snapshot: Snapshot,
                         edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The edges among ``edges`` that stand for an import of a module not in the source, kept to
    the nearest module that is (class 1)."""
    found = set()
    for importer, target in edges:
        module = snapshot.get(importer)
        assert module is not None
        for imp in module.imports:
            if imp.internal and imp.target == target:
                named = named_module(folder, snapshot, imp)
                if named not in snapshot.names and named.startswith(target + "."):
                    found.add((importer, target))
    return found


#: package → (modules, edges) as read from the wheels, and the class-1 edges counted on them
FIGURES = {"sqlalchemy": (256, 2364, 6), "transformers": (2214, 13661, 18)}


@pytest.fixture(scope="module", params=sorted(FIGURES))
def wheel(request):
    package = request.param
    folder, snapshot = wheel_snapshot(request.config, package)
    sys.path.insert(0, str(folder))  # for grimp's find_spec; nothing imports the package
    importlib.invalidate_caches()
    try:
        yield package, folder, snapshot, grimp_edges(package)
    finally:
        sys.path.remove(str(folder))
    assert package not in sys.modules


def test_wheels_have_grimps_modules_and_edges_but_imports_of_missing_modules(wheel):
    package, folder, snapshot, (modules, edges) = wheel
    ours = internal_edges(snapshot)
    assert set(snapshot.names) == modules, differences(set(snapshot.names), modules)
    assert edges <= ours, differences(ours, edges)
    extra = ours - edges
    class_1 = nearest_module_edges(folder, snapshot, extra)
    assert extra == class_1, f"unclassified: {sorted(extra - class_1)}"
    assert (len(modules), len(ours), len(class_1)) == FIGURES[package]


def test_wheels_without_type_checking_imports_equal_grimps_but_missing_modules(wheel):
    package, folder, snapshot, _ = wheel
    _, edges = grimp_edges(package, exclude_type_checking=True)
    graph = build_graph(snapshot, package, kinds=KIND_SETS["no-type-checking"])
    ours = set(graph.edges)
    extra = ours - edges
    assert edges <= ours, differences(ours, edges)
    assert extra == nearest_module_edges(folder, snapshot, extra), differences(ours, edges)


def test_no_type_checking_graph_equals_grimps_on_django(request):
    """``--kinds no-type-checking``: the graph archdocs draws (explicit edges, implied parent edges
    kept apart) has grimp's edges when grimp leaves out TYPE_CHECKING imports."""
    from archdocs.reading.load import load_snapshot
    from archdocs.reading.sources import Selection

    snapshot = load_snapshot(location("django", request.config), Selection(include_tests=True))
    graph = build_graph(snapshot, "django", kinds=KIND_SETS["no-type-checking"])
    _, edges = grimp_edges("django", exclude_type_checking=True)
    assert set(graph.edges) == edges, differences(set(graph.edges), edges)
    assert len(edges) > 3000
    assert not set(graph.implied) & set(graph.edges)
