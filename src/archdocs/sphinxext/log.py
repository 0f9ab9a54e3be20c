"""One way to warn: type "archdocs" plus a subtype, so users can ``suppress_warnings`` by kind."""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

logger = logging.getLogger("archdocs")

#: Warning subtypes (``suppress_warnings = ["archdocs.cycle"]``).
CONFIG = "config"  #: a bad ``archdocs_*`` value or source folder
SOURCE = "source"  #: a source file archdocs could not read fully (syntax error, undecodable)
OPTION = "option"  #: a bad directive option or argument
MISSING_MODULE = "missing_module"  #: a module or package name that is not in the sources
DIAGRAM = "diagram"  #: a diagram that had to be folded or fell back to another renderer
PAGES = "pages"  #: generated reference pages could not be written
OUTPUT = "output"  #: a file of the built site could not be written (a link in the way)


def warn(msg: str, subtype: str, location: Any = None) -> None:
    """Log a Sphinx warning of type ``archdocs``.

    ``location`` is a node, ``(docname, line)``, a docname, or a ``"path:line"`` string (used
    verbatim: how problems in analysed source files point at the code).
    """
    logger.warning(msg, type="archdocs", subtype=subtype, location=location)
