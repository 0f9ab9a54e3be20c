"""Analyses of the model: the import graph, folding for diagrams, cycles, metrics, the report,
plans and their history, checks, contracts, the ratchet, revision diffs and migrations.
"""

#: The modules other stages may import; the rest are this stage's own (tests/test_house.py).
__all__ = ["archdiff", "checks", "contracts", "cycles", "graph", "history", "matrix", "metrics",
           "migrations", "plan", "ratchet", "report", "views"]
