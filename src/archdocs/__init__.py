"""archdocs: a static architecture site for Python code bases.

``extensions = ["archdocs"]`` in a Sphinx ``conf.py`` loads the extension; importing this package
(the CLI, the analysis core) never imports Sphinx.
"""

from __future__ import annotations

from archdocs.version import __version__

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs CLI start-up time
if TYPE_CHECKING:
    from typing import Any

__all__ = ["__version__", "setup"]


def setup(app: Any) -> dict[str, Any]:
    from archdocs.sphinxext import setup as _setup

    return _setup(app)
