"""The fast reader and what only speed needs, behind one entry: :mod:`~archdocs.reading.fast.facts`
(facts for a batch of files). Inside: a statement-level reader for files ruff vouches for
(``_reader``, with a first pass in C where the install built it), the ruff syntax check
(``_syntax``); beside it, the collector pause (:mod:`~archdocs.reading.fast.gcpause`) the loaders
and the graph builder use. tree-sitter (:mod:`archdocs.reading._treesitter`) is the reference
reader: both give the same facts.
"""

#: The modules other stages may import; the rest are this stage's own (tests/test_house.py).
__all__ = ["facts", "gcpause"]
