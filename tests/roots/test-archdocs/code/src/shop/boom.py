"""Writes a file when imported: archdocs must never import or run analysed code."""

from pathlib import Path

Path(__file__).with_name("IMPORTED").write_text("this module was imported\n")
