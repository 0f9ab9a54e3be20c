"""Differential tests against grimp on real PyPI packages: the internal module → module edge sets
must be equal. The packages are located with ``find_spec`` (which does not import them) and read
statically; ``nox -s tests`` installs django and sympy. homeassistant needs Python 3.13 to install,
so its wheel is downloaded and unpacked into pytest's cache (read, never imported)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from archdocs.model import ImportKind
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection

grimp = pytest.importorskip("grimp")

pytestmark = pytest.mark.slow

#: homeassistant (~8,000 modules, much of it syntax newer than 3.11) runs where it is on the path.
PACKAGES = ("django", "sympy", "homeassistant")


HOMEASSISTANT = "homeassistant==2025.4.4"


def missing_oracle(reason: str) -> None:
    """An oracle that cannot be had skips on a developer's machine, and fails under CI."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def unpacked_wheel(config: pytest.Config, requirement: str) -> Path:
    """A wheel for Python 3.13 unpacked into pytest's cache; the folder holding the package."""
    folder = config.cache.mkdir("wheel-" + requirement.replace("=", "-"))
    if not any(folder.glob("*/__init__.py")):
        result = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                                 "--python-version", "3.13", "--only-binary=:all:", "-d",
                                 str(folder), requirement], capture_output=True, text=True, check=False)
        wheels = list(folder.glob("*.whl"))
        if result.returncode or not wheels:
            missing_oracle(f"could not download {requirement}: {result.stderr.strip()[-200:]}")
        with zipfile.ZipFile(wheels[0]) as archive:
            archive.extractall(folder)
    return folder


def location(package: str, config: pytest.Config) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        if package != "homeassistant":
            missing_oracle(f"{package} is not installed (nox -s tests installs it)")
        folder = unpacked_wheel(config, HOMEASSISTANT)
        sys.path.insert(0, str(folder))  # for grimp's find_spec; nothing imports the package
        importlib.invalidate_caches()
        return folder / package
    return Path(next(iter(spec.submodule_search_locations)))


def grimp_edges(package: str, exclude_type_checking: bool = False) -> tuple[set[str], set[tuple[str, str]]]:
    graph = grimp.build_graph(package, cache_dir=None,
                              exclude_type_checking_imports=exclude_type_checking)
    edges = {(m, t) for m in graph.modules for t in graph.find_modules_directly_imported_by(m)}
    return set(graph.modules), edges


def differences(ours: set, theirs: set) -> str:
    only_ours, only_theirs = sorted(ours - theirs), sorted(theirs - ours)
    return (f"{len(only_ours)} only in archdocs, e.g. {only_ours[:10]}; "
            f"{len(only_theirs)} only in grimp, e.g. {only_theirs[:10]}")


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
