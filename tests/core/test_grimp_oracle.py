"""Differential tests against grimp on real PyPI packages: the internal module → module edge sets
must be equal. The packages are located with ``find_spec`` (which does not import them) and read
statically; ``nox -s tests`` installs django and sympy. homeassistant needs Python 3.13 to install,
so its wheel is downloaded and unpacked into pytest's cache (read, never imported)."""

from __future__ import annotations

import pytest
from tests.helpers.ci import import_or_skip
from tests.helpers.grimp_oracle import differences, grimp_edges
from tests.helpers.real_packages import location

from archdocs.model import ImportKind
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection

grimp = import_or_skip("grimp")

pytestmark = pytest.mark.slow

#: homeassistant (~8,000 modules, much of it syntax newer than 3.11) runs where it is on the path.
PACKAGES = ("django", "sympy", "homeassistant")


@pytest.fixture(scope="module", params=PACKAGES)
def loaded(request):
    package = request.param
    snapshot = load_snapshot(location(package, request.config), Selection(include_tests=True))
    return package, snapshot


def test_module_sets_and_internal_edges_equal_grimps(loaded):
    package, snapshot = loaded
    modules, edges = grimp_edges(package)
    ours = {(i.importer, i.target) for m in snapshot.modules for i in m.imports if i.internal}
    assert set(snapshot.names) == modules, differences(set(snapshot.names), modules)
    assert ours == edges, differences(ours, edges)
    assert len(edges) > 3000


def test_edges_without_type_checking_imports_equal_grimps(loaded):
    package, snapshot = loaded
    _, edges = grimp_edges(package, exclude_type_checking=True)
    ours = {(i.importer, i.target) for m in snapshot.modules for i in m.imports
            if i.internal and i.kind is not ImportKind.TYPE_CHECKING}
    assert ours == edges, differences(ours, edges)


def test_no_problems_on_released_code(loaded):
    """Released packages parse cleanly: any problem here is an archdocs parsing bug."""
    _, snapshot = loaded
    assert [str(p) for p in snapshot.problems if p.code == "parse"] == []
