"""Reading: a source tree or git revision, file by file, into the immutable model (a ``Snapshot``).

sources (folder or git) → facts per file (cached by content) → resolution of imports → Snapshot.
"""

#: The modules other stages may import; the rest are this stage's own (tests/test_house.py).
__all__ = ["cache", "errors", "fast", "git", "load", "sources"]
