"""archdocs as a Sphinx extension: ``extensions = ["archdocs"]``.

This package is the only place that imports Sphinx or docutils. ``setup`` wires the parts:

* :mod:`.config` — the ``archdocs_*`` values, validated at ``config-inited``;
* :mod:`.analysis` — one snapshot per build, dependency tracking for incremental builds;
* :mod:`.domain` — where modules are documented, the ``{archdocs:mod}`` role;
* :mod:`.directives` — ``archdocs-diagram``, ``-inventory``, ``-cycles``, ``-tree``, ``-module``,
  ``-matrix``, ``-explorer`` (whose script and stylesheet ``setup_explorer`` adds);
* :mod:`.links` — diagram links resolved per page and builder;
* :mod:`.pages` — generated reference pages for ``archdocs_packages``;
* :mod:`.offline` — Mermaid served from the site itself;
* :mod:`.footprint` — the memory a large build holds, the collector's walks of it.

Feature modules add themselves with one ``setup_<feature>(app)`` call below.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from archdocs.sphinxext import config
from archdocs.sphinxext.analysis import setup_analysis
from archdocs.sphinxext.assets import add_static_folder
from archdocs.sphinxext.directives import setup_directives
from archdocs.sphinxext.directives.explorer import setup_explorer
from archdocs.sphinxext.domain import ArchdocsDomain
from archdocs.sphinxext.footprint import setup_footprint
from archdocs.sphinxext.links import setup_links
from archdocs.sphinxext.migrations import setup_migrations
from archdocs.sphinxext.offline import setup_offline
from archdocs.sphinxext.pages import setup_pages
from archdocs.sphinxext.plan import setup_plan
from archdocs.version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Bump when the data archdocs stores in the environment changes shape (forces a fresh env).
ENV_VERSION = 2
#: The directives' stylesheet (right-aligned numbers, cards, notes, errors); its own folder so
#: that HTML builds copy only it.
CSS_DIR = Path(__file__).resolve().parent.parent / "_css"


def _add_css(app: Sphinx, config: Config) -> None:
    add_static_folder(config, CSS_DIR)
    app.add_css_file("archdocs.css")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.mermaid")
    config.register(app)
    setup_offline(app)
    setup_analysis(app)
    setup_footprint(app)
    app.add_domain(ArchdocsDomain)
    setup_links(app)
    setup_directives(app)
    setup_explorer(app)
    setup_pages(app)
    app.connect("config-inited", _add_css)
    setup_migrations(app)
    setup_plan(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        # env data: ShownCollector and ArchdocsDomain purge and merge it per document
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
