"""Reading: a source tree or git revision, file by file, into the immutable model (a ``Snapshot``).

sources (folder or git) → facts per file (cached by content) → resolution of imports → Snapshot.

Public: ``load`` (:func:`~archdocs.reading.load.load_snapshot`), ``sources`` (listing, selection),
``git`` (every git command), ``cache`` (facts by blob id, their encoding), ``errors``, and ``fast``
(the fast reader behind one entry). This stage's own: ``_index`` (what a warm run reuses),
``_signatures`` (when a stat is trusted), ``_files`` (safe reads), ``_units`` and ``_pool`` (reading
and resolving modules, in worker processes on a cold run), ``_modules`` (the snapshot's modules),
``_treesitter`` (the reference reader), ``_resolve``, ``_filetext``, ``_signals``, ``_lex`` (C).
"""

#: The modules other stages may import; the rest are this stage's own (tests/test_house.py).
__all__ = ["cache", "errors", "fast", "git", "load", "sources"]
