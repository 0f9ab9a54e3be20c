"""Real PyPI releases fetched with ``pip download`` into pytest's cache (never installed, never
imported; reruns are offline). A download that fails skips the test, or fails it under CI."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from tests.helpers.ci import skip_or_fail


def pip_download(folder: Path, requirement: str, pattern: str, *options: str) -> Path:
    """The file matching ``pattern`` in ``folder``, downloaded first if it is not there yet."""
    found = sorted(folder.glob(pattern))
    if not found:
        result = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                                 *options, "-d", str(folder), requirement],
                                capture_output=True, text=True, check=False)
        found = sorted(folder.glob(pattern))
        if result.returncode or not found:
            skip_or_fail(f"could not download {requirement}: {result.stderr.strip()[-300:]}")
    return found[0]


def cached_wheel(config: pytest.Config, requirement: str, pattern: str, *options: str) -> Path:
    """A wheel file (not unpacked) in the cache's shared wheel folder."""
    return pip_download(Path(config.cache.mkdir("archdocs-wheels")), requirement, pattern,
                        "--only-binary=:all:", *options)


def unpacked_wheel(config: pytest.Config, requirement: str) -> Path:
    """A wheel for Python 3.13 unpacked into pytest's cache; the folder holding the package."""
    folder = Path(config.cache.mkdir("wheel-" + requirement.replace("=", "-")))
    if not any(folder.glob("*/__init__.py")):
        wheel = pip_download(folder, requirement, "*.whl", "--python-version", "3.13",
                             "--only-binary=:all:")
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(folder)
    return folder


def unpacked_sdist(config: pytest.Config, requirement: str) -> Path:
    """An sdist unpacked into pytest's cache; its top folder (``name-version``)."""
    folder = Path(config.cache.mkdir("sdist-" + requirement.replace("=", "-")))
    unpacked = [p for p in folder.iterdir() if p.is_dir()]
    if not unpacked:
        sdist = pip_download(folder, requirement, "*.tar.gz", "--no-binary", ":all:")
        with tarfile.open(sdist) as archive:
            archive.extractall(folder, filter="data")
        unpacked = [p for p in folder.iterdir() if p.is_dir()]
    return unpacked[0]
