"""``python -m archdocs``: the command line."""

import sys

from archdocs.cli import main

sys.exit(main())
