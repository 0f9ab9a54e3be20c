"""Render Mermaid diagrams with no network: offline-by-default for archdocs sites.

sphinxcontrib-mermaid 2.x puts one inline ``<script type="module">`` on every page that has a
diagram. That script does ``import mermaid from "<url>"``, initialises Mermaid and runs it on
``load``. It also handles themes, lazy rendering of hidden diagrams and the fullscreen button.
By default ``<url>`` is on jsDelivr. An ES module cannot be loaded from ``file://`` in Chromium,
so vendoring the ESM build and pointing ``mermaid_use_local`` at it is not enough either.

This module keeps sphinxcontrib-mermaid's runtime script as it is and only changes where
``mermaid`` comes from. All of this uses public configuration and web-platform features; no
private internals are patched:

1. We ship the single-file UMD bundle ``_static/vendor/mermaid/mermaid.min.js``, which sets
   ``window.mermaid``. A classic ``<script defer>`` loads from ``file://`` as well as from http.
2. ``mermaid_use_local`` is set to the root-relative specifier :data:`SHIM_SPECIFIER`.
   sphinxcontrib-mermaid passes values starting with ``/`` through unchanged, so its module
   does ``import mermaid from "/_archdocs/mermaid-umd-shim.mjs"``.
3. On the same pages, a ``<script type="importmap">`` maps that specifier to the
   ``data:`` module :data:`SHIM_MODULE` (``export default globalThis.mermaid;``). A ``data:``
   module needs no fetch, so there is no CORS check and no ``file://`` restriction. The
   specifier itself is never requested.
4. Order: the deferred classic UMD script comes before sphinxcontrib-mermaid's module in
   document order. Deferred classic scripts and module scripts run in document order after
   parsing, so ``globalThis.mermaid`` exists when the module runs.

Other things done when offline (``archdocs_mermaid_cdn = False``, the default):

* ``mermaid_init_config`` is completed to ``{"startOnLoad": False, "securityLevel": "strict",
  **user_config}``. The user's keys win, which is how ``maxTextSize`` / ``maxEdges`` get raised.
  ``startOnLoad`` is forced to False because the runtime script calls ``mermaid.run()`` itself.
  Two runs would process diagrams twice. ``strict`` keeps ``click X href "url"`` links working
  (the URLs are sanitised); only ``click X call fn()`` callbacks need ``"loose"``.
* d3 zoom (``mermaid_d3_zoom`` or the ``:zoom:`` option) would load d3 from a CDN. Unless the
  user points ``d3_use_local`` at their own copy, zoom is switched off, with a warning
  (``archdocs.mermaid_offline``). The fullscreen button needs nothing remote and stays on for
  users' own diagrams; archdocs' diagrams have the viewer of ``_viewer/archdocs-diagram.js``
  (zoom, pan, fullscreen, natural size whatever ``mermaid_height`` says) instead.
* The vendored folder's licence and provenance files are kept out of an epub
  (``epub_exclude_files``), as the bundle is: an epub packages no JavaScript, and would warn
  "unknown mimetype" for them. Every other output ships them with the bundle.
* ELK / ZenUML plugins without ``*_use_local`` are reported with a warning: they would load
  from a CDN.

With ``archdocs_mermaid_cdn = True``, sphinxcontrib-mermaid's CDN behaviour is left alone.
Only the ``mermaid_init_config`` completion above is applied. The vendored file is not
copied to the output.

If the user set ``mermaid_use_local`` themselves, archdocs respects it and injects nothing.

Build cost: sphinxcontrib-mermaid's ``install_js`` compiles its three Jinja templates
(``jinja2.Template(source)``) again on every page with a diagram, about a quarter of a large
site's build. :func:`cache_mermaid_templates` swaps the ``Template`` name in its module for a
cache of compiled templates keyed by source (the sources are constants), so each is compiled
once per process; rendering is unchanged, so the pages are byte-identical. This is the one
monkeypatch here: it only applies to the versions :data:`TEMPLATE_CACHE_VERSIONS` whose
``install_js`` we checked, and only while the name is still ``jinja2.Template``.

Contract for the extension's ``setup(app)``::

    from archdocs.sphinxext.offline import setup_offline
    setup_offline(app)   # also sets up sphinxcontrib.mermaid if not yet loaded
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packaging.version import InvalidVersion, Version
from sphinx.util import logging

from archdocs.sphinxext.assets import add_static_folder
from archdocs.sphinxext.config import register

if TYPE_CHECKING:
    from docutils import nodes
    from jinja2 import Template
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: The vendored Mermaid (``vendor/mermaid/``), added to ``html_static_path`` for offline builds.
STATIC_DIR = Path(__file__).resolve().parent.parent / "_static"
#: The vendored UMD bundle, relative to ``_static``.
MERMAID_UMD = "vendor/mermaid/mermaid.min.js"
#: The import specifier sphinxcontrib-mermaid is told to import. The import map resolves it,
#: so it is never fetched.
SHIM_SPECIFIER = "/_archdocs/mermaid-umd-shim.mjs"
#: An ES module that re-exports the global that the UMD bundle defines.
SHIM_MODULE = "data:text/javascript,export%20default%20globalThis.mermaid;"

#: Priority of the import map: before every other script (Sphinx's own scripts use 200+).
IMPORTMAP_PRIORITY = 1

#: Oldest sphinxcontrib-mermaid whose runtime script this design relies on.
MIN_SPHINXCONTRIB_MERMAID = "2.0.2"

#: sphinxcontrib-mermaid versions (``[low, high)``) whose ``install_js`` compiles only constant
#: sources with ``Template(source)``: the ones :func:`cache_mermaid_templates` may patch.
TEMPLATE_CACHE_VERSIONS = ("2.0.2", "3")

WARNING_TYPE = "archdocs"
WARNING_SUBTYPE = "mermaid_offline"

_DEFAULT_INIT = {"startOnLoad": False, "securityLevel": "strict"}


def setup_offline(app: Sphinx) -> None:
    """Register offline Mermaid rendering on *app*.

    Registers the config value ``archdocs_mermaid_cdn`` (:mod:`archdocs.config.schema`).
    Connects these events:

    * ``config-inited``: configures sphinxcontrib-mermaid (``mermaid_use_local``,
      ``mermaid_init_config``, zoom) for offline use, and adds :data:`STATIC_DIR` (the vendored
      bundle) to ``html_static_path`` (offline only; see :mod:`archdocs.sphinxext.assets`).
    * ``doctree-resolved``: drops ``:zoom:`` from diagrams when d3 is not available offline.
    * ``html-page-context``: on pages with a raw-format mermaid node, adds the import map and
      the ``<script defer>`` for the vendored bundle.

    Safe to call more than once: Sphinx sets up an extension (this module) once per app.
    """
    app.setup_extension(__name__)


def setup(app: Sphinx) -> dict[str, Any]:
    """This module as an extension of its own: what :func:`setup_offline` sets up."""
    app.setup_extension("sphinxcontrib.mermaid")
    cache_mermaid_templates()
    register(app, ("archdocs_mermaid_cdn",))  # from the schema, as archdocs' other values
    # After user conf (config-inited fires after conf.py and -D overrides are applied).
    app.connect("config-inited", _configure_mermaid, priority=600)
    app.connect("doctree-resolved", _drop_offline_zoom)
    app.connect("html-page-context", _add_page_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def offline_active(config: Config) -> bool:
    """True if this build uses the vendored Mermaid (not a CDN, not a user-chosen file)."""
    return not config.archdocs_mermaid_cdn and config.mermaid_use_local == SHIM_SPECIFIER


def vendor_notes() -> list[str]:
    """The vendored Mermaid's licence and provenance files, as output paths. An epub packages no
    JavaScript, so the bundle stays out of it; these go with it (``epub_exclude_files``) rather
    than warn "unknown mimetype", and ship with the bundle in every other output."""
    folder = STATIC_DIR / MERMAID_UMD.rpartition("/")[0]
    return sorted(f"_static/{path.relative_to(STATIC_DIR).as_posix()}"
                  for path in folder.iterdir() if path.suffix != ".js")


def _configure_mermaid(app: Sphinx, config: Config) -> None:
    config.mermaid_init_config = _complete_init_config(config.mermaid_init_config)
    if config.archdocs_mermaid_cdn:
        return
    if config.mermaid_use_local and config.mermaid_use_local != SHIM_SPECIFIER:
        logger.info(
            "archdocs: mermaid_use_local=%r is set; using it instead of the vendored Mermaid",
            config.mermaid_use_local,
        )
        return
    if not _mermaid_ext_supported():
        logger.warning(
            "archdocs: offline Mermaid needs sphinxcontrib-mermaid >= %s; diagrams may not render",
            MIN_SPHINXCONTRIB_MERMAID,
            type=WARNING_TYPE,
            subtype=WARNING_SUBTYPE,
        )
    config.mermaid_use_local = SHIM_SPECIFIER
    add_static_folder(config, STATIC_DIR)
    notes = [name for name in vendor_notes() if name not in config.epub_exclude_files]
    config.epub_exclude_files = [*config.epub_exclude_files, *notes]
    if not config.d3_use_local and config.mermaid_d3_zoom:
        logger.warning(
            "archdocs: mermaid_d3_zoom needs d3 from a CDN; disabled for an offline site "
            "(set d3_use_local to a local d3.min.js, or archdocs_mermaid_cdn = True)",
            type=WARNING_TYPE,
            subtype=WARNING_SUBTYPE,
        )
        config.mermaid_d3_zoom = False
    for plugin in ("elk", "zenuml"):
        if getattr(config, f"mermaid_include_{plugin}") and not getattr(
            config, f"mermaid_{plugin}_use_local"
        ):
            logger.warning(
                "archdocs: mermaid_include_%s loads the plugin from a CDN; the site is not "
                "offline (set mermaid_%s_use_local)",
                plugin,
                plugin,
                type=WARNING_TYPE,
                subtype=WARNING_SUBTYPE,
            )


def _mermaid_ext_supported() -> bool:
    """True if the installed sphinxcontrib-mermaid imports ``mermaid_use_local`` as a module URL
    and passes root-relative values through unchanged (2.0.2+)."""
    version = _mermaid_ext_version()
    return version is None or version >= Version(MIN_SPHINXCONTRIB_MERMAID)


def _mermaid_ext_version() -> Version | None:
    """The installed sphinxcontrib-mermaid's version; None if unknown."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return Version(version("sphinxcontrib-mermaid"))
    except (PackageNotFoundError, InvalidVersion):
        return None


def cache_mermaid_templates() -> bool:
    """Make sphinxcontrib-mermaid compile each of its templates once per process, not once per
    page (see the module docstring). True if its module now uses the cache."""
    import jinja2
    import sphinxcontrib.mermaid as ext

    current = getattr(ext, "Template", None)
    if current is _compiled_template:
        return True
    low, high = TEMPLATE_CACHE_VERSIONS
    version = _mermaid_ext_version()
    checked = version is not None and Version(low) <= version < Version(high)
    if current is not jinja2.Template or not checked:
        return False
    ext.Template = _compiled_template
    return True


@lru_cache(maxsize=16)
def _compiled_template(source: str) -> Template:
    """``jinja2.Template(source)``, compiled once: a template renders the same from any page."""
    import jinja2

    template: Template = jinja2.Template(source)  # jinja2 types Template.__new__ as Any
    return template


def _complete_init_config(user: Any) -> dict[str, Any]:
    merged: dict[str, Any] = dict(_DEFAULT_INIT)
    if isinstance(user, dict):
        merged.update(user)
    elif user:
        logger.warning(
            "archdocs: mermaid_init_config must be a dict, got %r; ignored",
            user,
            type=WARNING_TYPE,
            subtype=WARNING_SUBTYPE,
        )
    if merged.get("startOnLoad"):
        logger.warning(
            "archdocs: mermaid_init_config startOnLoad=True would render every diagram twice; "
            "forced to False (diagrams are rendered by the page script on load)",
            type=WARNING_TYPE,
            subtype=WARNING_SUBTYPE,
        )
        merged["startOnLoad"] = False
    if merged.get("securityLevel") == "sandbox":
        logger.warning(
            'archdocs: mermaid securityLevel "sandbox" renders diagrams in an iframe; '
            "links between architecture pages will not navigate",
            type=WARNING_TYPE,
            subtype=WARNING_SUBTYPE,
        )
    return merged


def _mermaid_node_class() -> type[nodes.Element]:
    from sphinxcontrib.mermaid import mermaid

    node_class: type[nodes.Element] = mermaid  # sphinxcontrib-mermaid ships no types
    return node_class


def _drop_offline_zoom(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html" or not offline_active(app.config) or app.config.d3_use_local:
        return
    for node in doctree.findall(_mermaid_node_class()):
        if "zoom_id" in node:
            del node["zoom_id"]
            logger.warning(
                "archdocs: mermaid :zoom: needs d3 from a CDN; ignored for an offline site "
                "(set d3_use_local, or archdocs_mermaid_cdn = True)",
                location=node,
                type=WARNING_TYPE,
                subtype=WARNING_SUBTYPE,
            )


def _add_page_scripts(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    config = app.config
    if not offline_active(config) or config.mermaid_output_format != "raw":
        return
    if doctree is None or doctree.next_node(_mermaid_node_class()) is None:
        return
    importmap = {"imports": {SHIM_SPECIFIER: SHIM_MODULE}}
    app.add_js_file(
        None,
        body=json.dumps(importmap).replace("<", "\\u003c"),
        type="importmap",
        priority=IMPORTMAP_PRIORITY,
    )
    # Deferred, and ordered before sphinxcontrib-mermaid's (deferred) module script.
    app.add_js_file(MERMAID_UMD, defer="defer", priority=config.mermaid_js_priority - 1)
