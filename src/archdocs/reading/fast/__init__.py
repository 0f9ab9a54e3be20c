"""The fast reader and what only speed needs: a statement-level reader for files ruff vouches for,
its optional C pass, the ruff syntax check and the collector pause. tree-sitter
(:mod:`archdocs.reading.treesitter`) is the reference reader: both give the same facts.
"""

#: The modules other stages may import; the rest are this stage's own (tests/test_house.py).
__all__ = ["gcpause", "reader", "syntax"]
