"""``python -m archdocs.cli``: the command line, as ``python -m archdocs``."""

import sys

from archdocs.cli import main

sys.exit(main())
