"""Names a module with a PEP 562 ``__getattr__`` spells as strings: what its hook can hand out.

A package's hook often serves old names from a table keyed by the name (sphinx 8's
``_DEPRECATED_OBJECTS = {"import_object": (_importer.import_object, ...)}``), and raises for
everything else. The submodules the package imports say nothing about which names the hook serves
(numpy 2.0's ``__getattr__`` imports ``numpy.exceptions`` to return the module, and
``numpy.AxisError`` is gone), but the name spelled as a string does. The facts keep only dotted
strings, so the text of each hooked module is read once more, with :mod:`ast` (never imported).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping

from archdocs.analysis.migrations.names import hooked
from archdocs.model import Module

#: Module name → the identifiers its source spells as string literals.
Spelled = Mapping[str, frozenset[str]]


def spelled_names(source: bytes) -> frozenset[str]:
    """Every string literal of the source that is an identifier (a source that does not parse
    spells nothing)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return frozenset()
    return frozenset(node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                     and isinstance(node.value, str) and node.value.isidentifier())


def hooked_spellings(modules: Iterable[Module], read: Callable[[list[Module]], Mapping[str, bytes]],
                     ) -> dict[str, frozenset[str]]:
    """:func:`spelled_names` of every hooked package among ``modules``; ``read`` gives the bytes of
    the modules it is asked for by name (a module it cannot read is left out: nothing known)."""
    packages = [m for m in modules if m.is_package and hooked(m)]
    texts = read(packages) if packages else {}
    return {name: spelled_names(text) for name, text in sorted(texts.items())}
