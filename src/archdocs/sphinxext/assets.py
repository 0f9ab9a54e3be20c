"""Static folders the extension adds to HTML builds.

Added at ``config-inited``, before Sphinx compares the configuration with the one it pickled: added
later, every incremental build would report ``html_static_path`` as changed. Only HTML builders copy
static files, so adding them for other builders is harmless.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.config import Config


def add_static_folder(config: Config, folder: Path) -> None:
    """Copy ``folder``'s contents into ``_static`` (once, whoever asks)."""
    if str(folder) not in config.html_static_path:
        config.html_static_path.append(str(folder))
