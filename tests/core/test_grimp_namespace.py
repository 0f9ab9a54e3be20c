"""Differential test against grimp on a namespace family (issue #13): three pure-Python wheels whose
``google`` is a PEP 420 namespace package (no ``__init__``) are unpacked into one folder, so
``google`` has several portions (``google.auth``, ``google.api_core``, ``google.api``, ...), and
read statically. grimp builds a graph for the namespace root itself
(``grimp.build_graph("google")``: its package finder accepts a spec without a location and walks
every portion).

Where the two differ, it is in these classes only:

- namespace packages (``google``, ``google.api``, ``google.cloud``, ...) have no file: grimp lists
  them as modules, archdocs keeps them as import prefixes, not modules;
- class 1 of tests/core/test_grimp_differences.py, in its namespace form: ``import google.protobuf``
  (a portion not in the source) keeps grimp's edge to the parent, the namespace ``google``; archdocs
  makes it the external dependency ``google.protobuf`` (the namespace rule of issue #13, item 14).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.helpers.ci import import_or_skip
from tests.helpers.downloads import unpacked_wheel
from tests.helpers.grimp_oracle import differences

from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection

grimp = import_or_skip("grimp")

pytestmark = pytest.mark.slow

#: pure-Python portions of the ``google`` namespace (protobuf has compiled parts and stays outside)
WHEELS = ("google-auth==2.40.3", "googleapis-common-protos==1.70.0", "google-api-core==2.25.1")


@pytest.fixture(scope="module")
def family(request, tmp_path_factory) -> Path:
    """One folder holding ``google/`` with every portion (fetched once into pytest's cache)."""
    tree = tmp_path_factory.mktemp("namespace")
    for requirement in WHEELS:
        cached = request.config.cache.mkdir("wheel-" + requirement.replace("=", "-"))
        if not (cached / "google").is_dir():  # ``unpacked_wheel`` looks for a regular package
            cached = unpacked_wheel(request.config, requirement)
        shutil.copytree(cached / "google", tree / "google", dirs_exist_ok=True)
    assert not (tree / "google" / "__init__.py").exists()
    return tree


def test_namespace_family_modules_and_edges_equal_grimps(family, monkeypatch):
    snapshot = load_snapshot(family, Selection(include_tests=True))
    monkeypatch.syspath_prepend(str(family))  # for grimp's find_spec; nothing imports the package
    graph = grimp.build_graph("google", cache_dir=None)
    theirs = {(m, t) for m in graph.modules for t in graph.find_modules_directly_imported_by(m)}
    ours = {(i.importer, i.target) for m in snapshot.modules for i in m.imports if i.internal}
    namespaces = {str(p.relative_to(family)).replace("/", ".") for p in family.glob("google/**/")
                  if p.is_dir() and not (p / "__init__.py").exists() and any(p.rglob("*.py"))}

    assert {"google", "google.api", "google.cloud"} <= namespaces
    assert set(graph.modules) - snapshot.names == namespaces
    assert snapshot.names <= set(graph.modules)
    assert {"google.auth", "google.oauth2", "google.api_core",
            "google.api.http_pb2"} <= snapshot.names
    assert ours <= theirs, differences(ours, theirs)
    only_grimp = theirs - ours
    assert {t for _, t in only_grimp} == {"google"}, differences(ours, theirs)
    for importer, _ in only_grimp:  # each is ``import google.protobuf``: external for archdocs
        lines = {d["line_contents"] for d in graph.get_import_details(importer=importer,
                                                                       imported="google")}
        assert lines == {"import google.protobuf"}
        assert "google.protobuf" in {i.target for i in snapshot.get(importer).imports
                                     if not i.internal}
    assert len(ours) > 400

    externals = {i.target for m in snapshot.modules for i in m.imports if not i.internal}
    assert {"google.protobuf"} <= externals and "google" not in externals
    assert [str(p) for p in snapshot.problems if p.code in {"resolve", "parse"}] == []

    # ``from google import X`` across portions (the family itself has none): a portion of ours is an
    # internal edge, another distribution's is the external dependency it names, and nothing is lost
    probe = family / "google" / "api_core" / "namespace_probe.py"
    probe.write_text("from google import oauth2, protobuf\n", encoding="utf-8")
    probed = load_snapshot(family, Selection(include_tests=True))
    imports = probed.get("google.api_core.namespace_probe").imports
    assert {(i.target, i.internal) for i in imports} == {("google.oauth2", True),
                                                          ("google.protobuf", False)}
    assert [str(p) for p in probed.problems if p.code in {"resolve", "parse"}] == []
