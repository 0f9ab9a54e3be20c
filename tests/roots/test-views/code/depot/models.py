"""Records built on the core."""

from depot import core


class Item:
    size = core.LIMIT
