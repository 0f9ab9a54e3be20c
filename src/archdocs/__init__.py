"""archdocs: a static architecture site for Python code bases.

``extensions = ["archdocs"]`` in a Sphinx ``conf.py`` loads the extension; importing this package
(the CLI, the analysis core) never imports Sphinx.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    from archdocs.sphinxext import setup as _setup

    return _setup(app)
