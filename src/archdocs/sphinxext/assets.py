"""Static files the extension adds to HTML builds.

Folders are added at ``config-inited``, before Sphinx compares the configuration with the one it
pickled: added later, every incremental build would report ``html_static_path`` as changed. Only
HTML builders copy static files, so adding them for other builders is harmless.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The diagram viewer (zoom, pan, fullscreen of ``div.archdocs-diagram``); copied to ``_static``.
VIEWER_DIR = Path(__file__).resolve().parent.parent / "_viewer"
VIEWER_JS = "archdocs-diagram.js"


def add_static_folder(config: Config, folder: Path) -> None:
    """Copy ``folder``'s contents into ``_static`` (once, whoever asks)."""
    if str(folder) not in config.html_static_path:
        config.html_static_path.append(str(folder))


def setup_viewer(app: Sphinx) -> None:
    """Ship the diagram viewer, and load it on the pages that hold an archdocs diagram."""
    app.connect("config-inited", lambda app, config: add_static_folder(config, VIEWER_DIR))
    app.connect("html-page-context", _add_viewer)


def _has_diagram(doctree: nodes.document) -> bool:
    return any("archdocs-diagram" in node["classes"] for node in doctree.findall(nodes.container))


def _add_viewer(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> None:
    if doctree is not None and _has_diagram(doctree):
        app.add_js_file(VIEWER_JS, defer="defer")
