"""Agreement with import-linter on real code: its own ``.importlinter`` on its own source (its
sdist from PyPI, in pytest's cache), as written and with its layers reversed (so that agreement is
measured on a broken contract too), and contracts of every type written for django (installed by
``nox -s tests``). Both tools read the code statically; nothing imports it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from tests.helpers.ci import skip_or_fail
from tests.helpers.downloads import unpacked_sdist
from tests.helpers.import_linter import ours, theirs

pytestmark = pytest.mark.slow

SDIST = "import-linter==2.17"


def reversed_layers(text: str) -> str:
    """The contract file with each layers list upside down."""
    def flip(match: re.Match[str]) -> str:
        items = match.group(2).rstrip("\n").splitlines()
        return match.group(1) + "\n".join(reversed(items)) + "\n"
    return re.sub(r"(layers\s*=\s*\n)((?:[ \t]+\S.*\n?)+)", flip, text).replace(
        "name=Layered architecture", "name=Layered architecture, reversed")


def test_import_linter_own_contracts(pytestconfig: pytest.Config) -> None:
    root = unpacked_sdist(pytestconfig, SDIST)
    text = (root / ".importlinter").read_text()
    (root / "reversed.ini").write_text(reversed_layers(text))
    for config in (".importlinter", "reversed.ini"):
        verdicts = theirs(root, config, root / "src")
        assert len(verdicts) == 2, config
        assert ours(root, config, root / "src") == verdicts, config
    broken = theirs(root, "reversed.ini", root / "src")["Layered architecture, reversed"]
    assert not broken[0] and len(broken[1]) >= 10  # the reversed stack breaks many pairs


DJANGO_CONTRACTS = """\
[importlinter]
root_package = django
exclude_type_checking_imports = True

[importlinter:contract:1]
name = Django layers
type = layers
layers =
    django.contrib
    django.test
    django.views | django.middleware
    django.forms | django.template
    django.db
    django.core
    django.utils

[importlinter:contract:2]
name = Utils never reach the ORM
type = forbidden
source_modules = django.utils
forbidden_modules =
    django.db
    django.http

[importlinter:contract:3]
name = Contrib apps are independent
type = independence
modules =
    django.contrib.admindocs
    django.contrib.humanize
    django.contrib.sitemaps
    django.contrib.syndication

[importlinter:contract:4]
name = The ORM backends are protected
type = protected
protected_modules = django.db.backends.*
allowed_importers =
    django.db
    django.contrib.gis
    django.contrib.postgres

[importlinter:contract:5]
name = Contrib layers per app
type = layers
containers = django.contrib.*
layers =
    (admin) : (views) : (forms)
    (models)
ignore_imports =
    django.contrib.*.models -> django.contrib.**

[importlinter:contract:6]
name = Acyclic siblings in django.db
type = acyclic_siblings
ancestors = django.db
depth = 2
"""


def test_django_contracts(tmp_path: Path) -> None:
    spec = importlib.util.find_spec("django")
    if spec is None or not spec.submodule_search_locations:
        skip_or_fail("django is not installed (nox -s tests installs it)")
    package = Path(next(iter(spec.submodule_search_locations)))
    (tmp_path / ".importlinter").write_text(DJANGO_CONTRACTS)
    verdicts = theirs(tmp_path, ".importlinter", package.parent)
    assert len(verdicts) == 6
    assert ours(tmp_path, ".importlinter", package) == verdicts
    assert sum(not kept for kept, _, _ in verdicts.values()) >= 4
