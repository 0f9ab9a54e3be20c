"""Test project for the archdocs Sphinx extension (tests/sphinx)."""

project = "archdocs tests"
extensions = ["archdocs", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "code"]
archdocs_sources = ["code"]
archdocs_packages = ["shop"]
