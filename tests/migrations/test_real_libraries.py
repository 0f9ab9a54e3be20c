"""Inferred maps of four real libraries against their own published move tables (issue #14).

Each pair of releases is downloaded from PyPI once into pytest's cache (never imported: archdocs
reads the files), inferred, and compared with what the project itself published: Flask's
CHANGES.rst, pip's NEWS.rst, scikit-learn 0.22's ``_DEPRECATED_MODULES`` and numpy 2.0's
``__expired_attributes__`` (the last two read statically from the new wheel). Every miss is
classified below with its reason, so a change in what archdocs infers shows up here; the recall
and precision are printed (``pytest -s``) and asserted.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.model import ImportPath, MigrationMap
from archdocs.analysis.migrations.release import Release, load_release, load_source
from archdocs.model import Snapshot

pytestmark = pytest.mark.slow

#: (requirement, file glob, extra pip options): old wheels of compiled projects are only built for
#: old Pythons, so their platform is named (pip only downloads, never installs them).
WHEELS = {
    "flask-2.2.5": ("flask==2.2.5", "[Ff]lask-2.2.5-*.whl", ()),
    "flask-3.0.0": ("flask==3.0.0", "[Ff]lask-3.0.0-*.whl", ()),
    "pip-23.0": ("pip==23.0", "pip-23.0-*.whl", ()),
    "pip-24.2": ("pip==24.2", "pip-24.2-*.whl", ()),
    "sklearn-0.21.3": ("scikit-learn==0.21.3", "scikit_learn-0.21.3-cp37-*.whl",
                       ("--python-version", "3.7", "--platform", "manylinux1_x86_64")),
    "sklearn-0.22.2": ("scikit-learn==0.22.2.post1", "scikit_learn-0.22.2.post1-cp37-*.whl",
                       ("--python-version", "3.7", "--platform", "manylinux1_x86_64")),
    "numpy-1.26.4": ("numpy==1.26.4", "numpy-1.26.4-cp311-*.whl",
                     ("--python-version", "3.11", "--platform", "manylinux_2_17_x86_64")),
    "numpy-2.0.0": ("numpy==2.0.0", "numpy-2.0.0-cp311-*.whl",
                    ("--python-version", "3.11", "--platform", "manylinux_2_17_x86_64")),
}


def wheel(request: pytest.FixtureRequest, key: str) -> Path:
    requirement, pattern, options = WHEELS[key]
    cache_dir = Path(request.config.cache.mkdir("archdocs-wheels"))
    found = sorted(cache_dir.glob(pattern))
    if not found:
        result = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                                 "--only-binary=:all:", *options, "-d", str(cache_dir),
                                 requirement],
                                check=False, capture_output=True, text=True)
        found = sorted(cache_dir.glob(pattern))
        assert found, f"cannot download {requirement}: {result.stderr.strip()[-300:]}"
    return found[0]


def pair(request: pytest.FixtureRequest, old: str, new: str) -> tuple[Snapshot, Snapshot, Path]:
    new_wheel = wheel(request, new)
    return load_source(str(wheel(request, old))), load_source(str(new_wheel)), new_wheel


def report(library: str, hits: int, total: int, right: int, listed: int) -> tuple[float, float]:
    recall, precision = hits / total, right / listed
    print(f"\n{library}: recall {hits}/{total} = {recall:.0%}, "
          f"precision {right}/{listed} = {precision:.0%}")
    return recall, precision


def literal(wheel_file: Path, member: str, variable: str) -> Any:
    """A literal assigned at the top of a file inside the wheel (read, never imported)."""
    tree = ast.parse(zipfile.ZipFile(wheel_file).read(member))
    return next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == variable)


# --- Flask 2.2.5 → 3.0.0 -----------------------------------------------------------------------

#: CHANGES.rst of 2.3.0 and 3.0.0 ("Remove previously deprecated code"), with the import the notes
#: give (None: no replacement).
FLASK_CHANGES = {
    "flask:Markup": "markupsafe:Markup",  # 2.3.0: import them directly from markupsafe
    "flask:escape": "markupsafe:escape",
    "flask:signals_available": None,  # 2.3.0: signals are always available
    "flask.signals:signals_available": None,
    "flask.json:JSONEncoder": None,  # 2.3.0: json.JSONEncoder and JSONDecoder classes removed
    "flask.json:JSONDecoder": None,
    "flask.json:htmlsafe_dumps": None,  # 2.3.0
    "flask.json:htmlsafe_dump": None,
    "flask.helpers:locked_cached_property": None,  # 2.3.0 deprecated, removed in 3.0.0
    "flask.helpers:get_env": None,  # 2.3.0: FLASK_ENV and app.env removed
    "flask.helpers:is_ip": None,  # 2.3.0: warnings about localhost and IP addresses removed
    "flask.app:T_before_first_request": None,  # 2.3.0: before_first_request removed
    "flask.blueprints:T_before_first_request": None,
}
#: 3.0.0 "Restructure the code such that the Flask (app) and Blueprint classes have Sans-IO
#: bases" (:pr:`5127`): flask.scaffold and the blueprint helpers went to flask.sansio.
FLASK_SANSIO = {"flask.scaffold", "flask.blueprints"}


def test_flask_2_2_to_3_0_against_its_changes(request):
    old, new, _ = pair(request, "flask-2.2.5", "flask-3.0.0")
    migrations = infer_map(old, new, "flask")
    assert migrations.label == "Flask 2.2.5 → Flask 3.0.0"
    inferred = {e.old.spec: e for e in migrations.entries}
    hits = 0
    for old_path, new_path in FLASK_CHANGES.items():
        entry = inferred.get(old_path)
        assert entry is not None and entry.status == "removed", old_path
        assert [p.spec for p in entry.new] == ([new_path] if new_path else []), entry
        hits += 1
    markup = inferred["flask:Markup"]
    assert markup.replacement == "from markupsafe import Markup" and "markupsafe" in markup.reason
    # In 2.2.5 flask.globals imported Flask, Request, AppContext... only under TYPE_CHECKING:
    # ``from flask.globals import Flask`` never worked, so it is not an old path.
    assert not [spec for spec in inferred if spec.startswith("flask.globals")]
    restructure = [spec for spec, e in inferred.items() if spec not in FLASK_CHANGES
                   and e.old.module in FLASK_SANSIO and all(p.module.startswith("flask.sansio.")
                                                             for p in e.new)]
    assert inferred["flask.scaffold"].new == (ImportPath("flask.sansio.scaffold"),)
    recall, precision = report("Flask", hits, len(FLASK_CHANGES), hits + len(restructure),
                               len(inferred))
    assert recall == 1.0 and precision == 1.0, sorted(set(inferred) - set(FLASK_CHANGES)
                                                      - set(restructure))


# --- pip 23.0 → 24.2, --private ----------------------------------------------------------------

#: Modules gone per NEWS.rst of 23.1 … 24.2 (news fragment → the module that held the feature).
PIP_NEWS = {
    "pip._internal.operations.install.legacy": "23.1 #8368: remove setup.py install fallback",
    "pip._internal.utils.distutils_args": "23.1 #11358: remove the deprecated --install-options",
    "pip._internal.utils.inject_securetransport": "23.3 #12175: drop the SecureTransport fallback",
    "pip._vendor.chardet": "24.1: remove chardet",
    "pip._vendor.pyparsing": "24.1: remove pyparsing",
    "pip._vendor.colorama": "24.1: remove vendored colorama",
    "pip._vendor.six": "24.1: remove vendored six",
    "pip._vendor.webencodings": "24.1: remove vendored webencodings",
    "pip._vendor.tenacity": "24.2: remove vendored tenacity",
}
#: Named in issue #14 with the others; no news fragment (KeyBasedCompareMixin was refactored away).
PIP_ALSO_GONE = {"pip._internal.utils.models"}


def test_pip_23_to_24_with_private(request):
    old, new, _ = pair(request, "pip-23.0", "pip-24.2")
    skipped = infer_map(old, new, "pip")
    assert skipped.label == "pip 23.0 → pip 24.2"
    assert skipped.entries == () or all(e.old.module.partition(".")[2][:1] != "_"
                                        for e in skipped.entries)
    assert len(skipped.notes) == 1 and "--private includes them" in skipped.notes[0]

    migrations = infer_map(old, new, "pip", private=True)
    modules = {e.old.module: e for e in migrations.entries if not e.old.name}
    expected = set(PIP_NEWS) | PIP_ALSO_GONE
    found = {m for m in expected if m in modules and modules[m].status == "removed"}
    # Module entries that belong to a removal the news lists (a vendored package's submodules).
    explained = {m for m in modules if any(m == g or m.startswith(g + ".") for g in expected)}
    recall, precision = report("pip (modules)", len(found), len(expected), len(explained),
                               len(modules))
    assert found == expected and recall == 1.0
    # The rest are vendored libraries' own refactors (pip updates them wholesale): say which.
    others = sorted(set(modules) - explained)
    assert all(m.startswith("pip._vendor.") for m in others), others
    assert precision >= 0.9


# --- scikit-learn 0.21.3 → 0.22.2 --------------------------------------------------------------

#: Cython modules: 0.21.3 ships them as .so files only (no Python source), 0.22.2 leaves a
#: ``__getattr__`` shim in their place that forwards to the renamed compiled module. Their names
#: cannot be read, so archdocs follows them as whole modules (listed from the wheels' files).
SKLEARN_COMPILED = {
    "sklearn.utils.weight_vector", "sklearn.utils.seq_dataset", "sklearn.utils.fast_dict",
    "sklearn.svm.libsvm", "sklearn.svm.libsvm_sparse", "sklearn.svm.liblinear",
    "sklearn.decomposition.cdnmf_fast", "sklearn.linear_model.cd_fast",
    "sklearn.linear_model.sag_fast", "sklearn.linear_model.sgd_fast",
    "sklearn.metrics.cluster.expected_mutual_info_fast", "sklearn.metrics.pairwise_fast",
    "sklearn.neighbors.ball_tree", "sklearn.neighbors.dist_metrics", "sklearn.neighbors.kd_tree",
    "sklearn.neighbors.quad_tree", "sklearn.neighbors.typedefs",
}
#: Entries of ``_DEPRECATED_MODULES`` that were no import path of 0.21.3, and why.
SKLEARN_NOT_OLD_PATHS = {
    # a module's own import, not its API (the table only uses it to trigger the warning)
    ("sklearn.decomposition.base", "BaseEstimator"), ("sklearn.metrics.base", "combinations"),
    # new in 0.22: the old module never had it
    ("sklearn.neighbors.graph", "KNeighborsTransformer"),
    # the 0.21 module was ``mutual_info_`` (archdocs maps that one to the new private module)
    ("sklearn.feature_selection.mutual_info", "mutual_info_regression"),
    # 0.21.3's compiled module was ``decomposition._online_lda``: 0.22 renamed it
    # ``_online_lda_fast`` and added a deprecated path that no release had before
    ("sklearn.decomposition.online_lda_fast", "mean_change"),
}


def sklearn_releases(request: pytest.FixtureRequest) -> tuple[Release, Release, Path]:
    new_wheel = wheel(request, "sklearn-0.22.2")
    return (load_release(str(wheel(request, "sklearn-0.21.3"))), load_release(str(new_wheel)),
            new_wheel)


def test_sklearn_0_21_to_0_22_against_deprecated_modules(request):
    old, new, new_wheel = sklearn_releases(request)
    assert old.compiled >= SKLEARN_COMPILED and "sklearn.utils._weight_vector" in new.compiled
    migrations = infer_map(old, new, "sklearn")
    table = literal(new_wheel, "sklearn/_build_utils/deprecated_modules.py", "_DEPRECATED_MODULES")
    new_api = new.api()
    hits, misses = 0, set()
    for _, deprecated, correct, importee in table:
        path = ImportPath(deprecated, importee)
        # A compiled module's names cannot be read: its entry is the module's, and the import
        # goes where that entry sends it (as the codemod rewrites it).
        entry = migrations.get(path) or (migrations.get(ImportPath(deprecated))
                                         if deprecated in old.compiled else None)
        step = migrations.step(path)
        # The object the table means: what its correct path imports (or, where that path does
        # not import it, what the deprecated module hands out): archdocs may name a shorter
        # public path to the same object (``sklearn.metrics`` for ``sklearn.metrics.cluster``).
        meant = new_api.resolve(correct, importee) or new_api.resolve(deprecated, importee)
        got = new_api.resolve(step[0].module, step[0].name) if entry and step else None
        if entry and entry.status == "deprecated" and got and meant and got.origin == meant.origin:
            hits += 1
        else:
            misses.add((deprecated, importee))
    assert misses == SKLEARN_NOT_OLD_PATHS
    compiled = [e for e in migrations.entries if e.old.module in SKLEARN_COMPILED]
    assert len(compiled) == len(SKLEARN_COMPILED)
    assert all(not e.old.name and e.change == "moved" and e.status == "deprecated"
               for e in compiled)
    assert migrations.get(ImportPath("sklearn.neighbors.typedefs")).new == (
        ImportPath("sklearn.neighbors._typedefs"),)
    assert any("compiled modules" in note for note in migrations.notes), migrations.notes
    # Precision: every deprecated-module entry archdocs lists is in the table.
    deprecated_modules = {row[1] for row in table}
    listed = [e for e in migrations.entries if e.status == "deprecated" and not e.old.name]
    right = [e for e in listed if e.old.module in deprecated_modules]
    recall, precision = report("scikit-learn", hits, len(table), len(right), len(listed))
    assert precision == 1.0
    assert recall >= 0.9  # 122/127: see SKLEARN_NOT_OLD_PATHS


def test_sklearn_read_without_its_compiled_modules(request):
    """Read as Python source alone (no listing of extension modules), the compiled modules are
    invisible: what the listing adds to the test above."""
    old, new, _ = sklearn_releases(request)
    plain = infer_map(old.snapshot, new.snapshot, "sklearn")
    assert not [e for e in plain.entries if e.old.module in SKLEARN_COMPILED]
    assert not any("compiled" in note for note in plain.notes)


# --- numpy 1.26 → 2.0 ---------------------------------------------------------------------------

#: ``__expired_attributes__`` entries archdocs does not report removed, and why. (The scalar
#: aliases ``float_``, ``cfloat``… are bound by a ``globals()[key] = …`` loop in 1.26: only the
#: stub numpy ships declares them, and archdocs reads it.)
NUMPY_UNSEEN = {
    # numpy 2.0's own ``__init__.pyi`` still declares them (the stub lags the removal), and
    # archdocs takes a release's stub at its word
    "cast", "disp",
    # ``from numpy import compat`` still imports the subpackage in 2.0 (only the attribute went)
    "compat",
}


def test_numpy_1_26_to_2_0_against_expired_attributes(request):
    new_wheel = wheel(request, "numpy-2.0.0")
    old_release, new_release = (load_release(str(wheel(request, "numpy-1.26.4"))),
                                load_release(str(new_wheel)))
    old, new = old_release.snapshot, new_release.snapshot
    assert "float_" in old_release.stubs["numpy"] and "float_" not in new_release.stubs["numpy"]
    migrations = infer_map(old_release, new_release, "numpy")
    without_stubs = infer_map(old, new, "numpy")
    table = literal(new_wheel, "numpy/_expired_attrs_2_0.py", "__expired_attributes__")
    found = {name for name in table
             if (e := migrations.get(ImportPath("numpy", name))) and e.status == "removed"}
    assert set(table) - found == NUMPY_UNSEEN
    top = [e for e in migrations.entries if e.old.module == "numpy"]
    # Precision against numpy 2.0's own type stub: a name said to be removed from the main
    # namespace must not be declared by ``numpy/__init__.pyi`` (the table lists only one batch of
    # the 2.0 removals; NEP 52 removed more: the ERR_*/SHIFT_* constants, alltrue, product...).
    stub = stub_names(new_wheel, "numpy/__init__.pyi")
    removed = [e for e in top if e.status == "removed"]
    wrong = sorted(e.old.name for e in removed if e.old.name in stub)
    recall, precision = report("numpy", len(found), len(table), len(removed) - len(wrong),
                               len(removed))
    visible = len(table) - len(NUMPY_UNSEEN)
    print(f"  statically visible entries: {len(found)}/{visible} = {len(found) / visible:.0%}")
    print("  removed from numpy but still in its stub:", ", ".join(wrong))
    assert wrong == []
    assert precision == 1.0
    # Without the stubs the scalar aliases are not seen, and chararray (served by 2.0's
    # ``__getattr__`` from numpy.char, which the hook imports by name) is wrongly said removed.
    plain = {name for name in table
             if (e := without_stubs.get(ImportPath("numpy", name))) and e.status == "removed"}
    assert len(plain) == 43 and "float_" not in plain
    assert without_stubs.get(ImportPath("numpy", "chararray")) is not None
    assert len(found) / visible >= 0.9
    assert recall >= 0.9  # 51/54: see NUMPY_UNSEEN
    # Names that moved to numpy.exceptions in 2.0 say so (NEP 52), never a private module.
    assert migrations.get(ImportPath("numpy", "AxisError")).new == (ImportPath("numpy.exceptions",
                                                                               "AxisError"),)
    assert all(not any(part.startswith("_") for part in p.module.split("."))
               for e in top for p in e.new if e.old.name in ("chararray", "Arrayterator"))


def stub_names(wheel_file: Path, member: str) -> set[str]:
    """Names a type stub (``.pyi``) declares at its top level, branches of ``if`` included."""
    names: set[str] = set()
    body = list(ast.parse(zipfile.ZipFile(wheel_file).read(member)).body)
    while body:
        node = body.pop()
        if isinstance(node, ast.If):
            body += node.body + node.orelse
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def property_new_imports_resolve(migrations: MigrationMap, new: Release) -> None:
    """Every inferred new import resolves at the new release (external re-exports aside), and
    the old one resolves there exactly when the entry says it still works (a shim or an alias
    serves it): a removed old path does not, a deprecated or working one does."""
    api = new.api()

    def resolves(path: ImportPath) -> bool:
        return api.resolve(path.module, path.name) is not None if path.name else api.exists(
            path.module)

    for entry in migrations.entries:
        for path in entry.new:
            top = path.module.partition(".")[0]
            if top in new.snapshot or new.snapshot.is_package_name(top):
                assert resolves(path), entry
        assert resolves(entry.old) == (entry.status != "removed"), entry


def test_inferred_entries_resolve_at_the_new_release(request):
    """The property of issue #14 on four real pairs (read as releases: stubs and compiled modules
    included): new imports resolve, removed old ones don't, the others still do."""
    for old_key, new_key, package in (("flask-2.2.5", "flask-3.0.0", "flask"),
                                      ("sklearn-0.21.3", "sklearn-0.22.2", "sklearn"),
                                      ("pip-23.0", "pip-24.2", "pip"),
                                      ("numpy-1.26.4", "numpy-2.0.0", "numpy")):
        old, new = (load_release(str(wheel(request, key))) for key in (old_key, new_key))
        property_new_imports_resolve(infer_map(old, new, package, private=True), new)
