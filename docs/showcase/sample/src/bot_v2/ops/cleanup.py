"""Remove the run marker a crashed bot leaves behind.

SAFETY FIXTURE: this module deletes a file **at import time**. It exists so that tests can prove archdocs
never imports or executes the code it analyses: create the sentinel file, run archdocs over the sample,
and check that the file is still there. Nothing in ``bot_v2`` imports this module.
"""

import os
import tempfile

SENTINEL = os.path.join(tempfile.gettempdir(), "archdocs-sentinel-must-survive")

os.remove(SENTINEL)
