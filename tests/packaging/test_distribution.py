"""The distribution as users get it: ``python -m build`` makes an sdist and a wheel (the wheel from
the sdist, so a file missing from the sdist breaks the wheel), each is installed into a fresh venv
with its dependencies from PyPI, and there the ``archdocs`` command and a Sphinx build run.

Nothing here runs from the checkout: the build starts from a copy of what a release builds from,
and every command runs in a temporary folder with the venv's own interpreter, so a package file
left out of the wheel fails here although the editable install would find it in ``src/``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from tests.helpers.paths import REPO, ROOTS

pytestmark = pytest.mark.slow

FIXTURE = ROOTS / "test-archdocs" / "code"
#: The distribution name on PyPI (``archdocs`` there is someone else's project).
DIST_NAME = "sphinx-archdocs"
#: Folders of ``src/archdocs`` that are package data, not modules (pyproject's package-data).
PACKAGE_DATA = ("schema", "_static", "_css", "_views", "_viewer")

SITE_CONF = """\
project = "shop"
extensions = ["archdocs"]
exclude_patterns = ["_build", "code"]
archdocs_sources = ["code"]
"""
SITE_INDEX = """\
shop
====

.. archdocs-diagram:: shop

.. archdocs-cycles:: shop

.. archdocs-module:: shop.cart
"""


def run(command: Sequence[str | Path], *, cwd: Path,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command and fail with its output (a pip or build error is the finding)."""
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, (
        f"{' '.join(map(str, command))} exited {done.returncode}\n"
        f"--- stdout\n{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}")
    return done


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel ``python -m build`` makes from a clean copy of what a release is
    built from: the top-level files (pyproject.toml, setup.py, README.md, any licence or manifest)
    and src/ without the checkout's compiled extension, egg-info or bytecode."""
    source = tmp_path_factory.mktemp("source")
    for path in REPO.iterdir():
        if path.is_file():
            shutil.copy2(path, source / path.name)
    shutil.copytree(REPO / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, source], cwd=source)
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_the_distribution_name_is_ours() -> None:
    """pyproject's name is the one the install page tells users to install."""
    with (REPO / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)["project"]
    assert project["name"] == DIST_NAME
    assert project["scripts"] == {"archdocs": "archdocs.cli:main"}
    install = (REPO / "docs" / "manual" / "install.md").read_text(encoding="utf-8")
    assert f"pip install {DIST_NAME}" in install


def test_wheel_holds_package_data_and_metadata(artefacts: dict[str, Path]) -> None:
    wheel = artefacts["wheel"]
    assert wheel.name.startswith("sphinx_archdocs-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata,) = (n for n in names if n.endswith(".dist-info/METADATA"))
        headers = archive.read(metadata).decode().split("\n\n", 1)[0].splitlines()
        (entry_points,) = (n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = archive.read(entry_points).decode()
    assert f"Name: {DIST_NAME}" in headers
    assert "archdocs = archdocs.cli:main" in scripts
    for folder in PACKAGE_DATA:
        shipped = sorted(
            path.relative_to(REPO / "src").as_posix()
            for path in (REPO / "src" / "archdocs" / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts)
        assert shipped, folder
        missing = [name for name in shipped if name not in names]
        assert not missing, f"package data left out of the wheel: {missing}"
    assert any(n.startswith("archdocs/schema/") and n.endswith(".json") for n in names)
    # the import package is archdocs: no second top-level name is shipped
    assert {n.split("/")[0] for n in names} == {"archdocs", metadata.split("/")[0]}


def test_sdist_builds_the_c_extension_source(artefacts: dict[str, Path]) -> None:
    """The sdist carries setup.py and _lex.c, so an install from it can build the accelerator."""
    with tarfile.open(artefacts["sdist"]) as archive:
        names = {name.split("/", 1)[-1] for name in archive.getnames()}
    assert {"setup.py", "pyproject.toml", "README.md", "src/archdocs/reading/_lex.c"} <= names


@pytest.mark.parametrize("kind", ["wheel", "sdist"])
def test_installs_into_a_fresh_venv_and_runs(kind: str, artefacts: dict[str, Path],
                                              tmp_path: Path) -> None:
    """pip installs the file (dependencies from PyPI or pip's cache); then the command's help, a
    report on a small code base and a sphinx-build with ``extensions = ["archdocs"]`` work."""
    venv = tmp_path / "venv"
    # The base interpreter, not this test venv's: the new venv sees none of our test packages.
    base = getattr(sys, "_base_executable", sys.executable)
    # --without-pip and this venv's pip aimed at it (pip --python): the same resolver and cache,
    # without seeding a pip copy into every venv; --no-compile: byte-compiling Sphinx, docutils and
    # LibCST up front is half the install's time and tests nothing of ours.
    run([base, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile",
         artefacts[kind]], cwd=tmp_path)

    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["ARCHDOCS_CACHE_DIR"] = str(tmp_path / "cache")

    where = run([python, "-c", textwrap.dedent("""\
        import importlib.metadata as m, archdocs
        print(archdocs.__file__)
        print(m.version("sphinx-archdocs"))
        print(any(d.metadata["Name"] == "archdocs" for d in m.distributions()))
        """)], cwd=tmp_path, env=env).stdout.splitlines()
    assert Path(where[0]).is_relative_to(venv), f"archdocs imported from {where[0]}"
    assert where[2] == "False"  # nothing named archdocs came in as a dependency

    assert "usage: archdocs" in run(["archdocs", "--help"], cwd=tmp_path, env=env).stdout

    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site / "code")
    report = run(["archdocs", "report", site / "code", "--package", "shop"],
                 cwd=tmp_path, env=env).stdout
    assert "Architecture report: shop" in report
    assert "4 modules" in report
    assert "Cycles: 1 all" in report

    (site / "conf.py").write_text(SITE_CONF)
    (site / "index.rst").write_text(SITE_INDEX)
    html = tmp_path / "html"
    run(["sphinx-build", "-W", "--keep-going", "-q", "-b", "html", site, html],
        cwd=tmp_path, env=env)
    page = (html / "index.html").read_text(encoding="utf-8")
    assert 'class="mermaid"' in page
    assert "shop.cart" in page and "shop.pricing" in page
    # the vendored Mermaid is package data, served from the site itself (offline)
    vendored = REPO / "src" / "archdocs" / "_static" / "vendor" / "mermaid" / "mermaid.min.js"
    served = html / "_static" / "vendor" / "mermaid" / "mermaid.min.js"
    assert served.read_bytes() == vendored.read_bytes()
    assert not (site / "code" / "src" / "shop" / "IMPORTED").exists()  # read, never imported
