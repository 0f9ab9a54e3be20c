"""A plugin in a namespace package (no __init__.py)."""

from depot import core
