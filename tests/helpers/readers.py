"""The readers that turn a file's bytes into facts, by the names the tests give them."""

from __future__ import annotations

from collections.abc import Callable

from archdocs.model import ModuleFacts
from archdocs.reading._treesitter import parse_facts
from archdocs.reading.fast import _reader as scan
from archdocs.reading.fast._reader import scan_facts


def _python_scan(data: bytes) -> ModuleFacts | None:
    """The fast reader with its pure-Python first pass (what runs where _lex.c was not built)."""
    first, logical = scan.first_pass, scan.logical_lines
    scan.first_pass, scan.logical_lines = scan._first_pass, scan._logical_lines
    try:
        return scan_facts(data)
    finally:
        scan.first_pass, scan.logical_lines = first, logical


#: tree-sitter (the reference), the fast reader with its C first pass, and on its Python one.
READERS: dict[str, Callable[[bytes], ModuleFacts | None]] = {
    "tree-sitter": parse_facts, "fast": scan_facts, "fast-python": _python_scan}
