"""Sphinx configuration of the archdocs site (MyST Markdown; ``nox -s docs`` builds it with -W).

Three code bases are analysed, all statically (archdocs never imports them):

* the showcase sample ``bot_v2`` (``showcase/sample``, a src layout), midway through Phase 3;
* archdocs itself (``../src``), for the architecture page;
* Sphinx, the package that builds this site, for the gallery: its folder is found with
  ``importlib.util.find_spec``, which reads the path without importing the package's code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

project = "archdocs"
author = "the archdocs developers"
copyright = "2026, the archdocs developers"

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



def sample_history() -> Path:
    """The sample's phases as a git repository (tags phase-0 … phase-3c, midway), made by
    ``showcase/make_history.py`` and remade whenever the sample or the script changes.

    A digest of those files is kept beside the repository. A new repository is built in a scratch
    folder and renamed into place, so a build never reads half a repository.
    """
    script = HERE / "showcase" / "make_history.py"
    sample = HERE / "showcase" / "sample"
    digest = hashlib.sha256(script.read_bytes())
    for path in sorted(p for p in sample.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(sample).as_posix().encode() + b"\0" + path.read_bytes())
    dest = REPO / ".archdocs-cache" / "bot_v2-history"
    stamp = dest.parent / "bot_v2-history.digest"
    if dest.is_dir() and stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="history-", dir=dest.parent))
    subprocess.run([sys.executable, str(script), str(scratch / "repo")], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        if dest.is_dir():
            os.rename(dest, scratch / "old")
        os.rename(scratch / "repo", dest)
        stamp.write_text(digest.hexdigest())
    except OSError:
        if not dest.is_dir():  # not another build that got there first
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return dest


#: The history of the sample, read by archdocs-history and by the migration guide's ``:from:``.
SAMPLE_HISTORY = sample_history()

# Feature configuration under conf/ (the plan, the migration map).
archdocs_plan = str(REPO / "conf" / "plan.toml")
archdocs_migrations = str(REPO / "conf" / "migrations.toml")
archdocs_history_repo = str(SAMPLE_HISTORY)
