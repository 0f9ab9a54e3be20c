"""Test project for the matrix and the explorer (tests/sphinx/test_matrix.py, test_explorer.py,
tests/browser/test_explorer.py)."""

project = "archdocs views tests"
extensions = ["archdocs", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "code"]
archdocs_sources = ["code"]
archdocs_packages = ["depot"]
