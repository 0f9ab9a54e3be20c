"""Sphinx configuration of the archdocs site (MyST Markdown; ``nox -s docs`` builds it with -W).

Three code bases are analysed, all statically (archdocs never imports them):

* the showcase sample ``bot_v2`` (``showcase/sample``, a src layout), midway through Phase 3;
* archdocs itself (``../src``), for the architecture page;
* Sphinx, the package that builds this site, for the gallery: its folder is found with
  ``importlib.util.find_spec``, which reads the path without importing the package's code.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

project = "archdocs"
author = "the archdocs developers"
copyright = "2026, the archdocs developers"  # noqa: A001 (Sphinx's name)

extensions = ["archdocs", "myst_parser"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "showcase/sample", "**/README.md"]
root_doc = "index"

html_theme = "alabaster"
html_title = "archdocs"
html_theme_options = {
    "description": "Living architecture docs for Python code bases",
    "fixed_sidebar": False,
    "page_width": "1180px",
    "sidebar_width": "230px",
}
html_last_updated_fmt = None  # byte-identical rebuilds
html_show_sourcelink = False

_sphinx_spec = importlib.util.find_spec("sphinx")
assert _sphinx_spec is not None and _sphinx_spec.submodule_search_locations
#: Sphinx's own package folder (site-packages/sphinx): the gallery's real-world code base.
SPHINX_PACKAGE = Path(_sphinx_spec.submodule_search_locations[0])

archdocs_sources = [
    "showcase/sample",
    str(REPO / "src"),
    str(SPHINX_PACKAGE),
]
archdocs_packages = ["bot_v2", "archdocs"]
archdocs_count_init = False
archdocs_lines = "physical"
archdocs_kinds = "import-time"

# Feature configuration under conf/ (the plan, the migration map, the history of the sample).
archdocs_plan = str(REPO / "conf" / "plan.toml")
archdocs_migrations = str(REPO / "conf" / "migrations.toml")
