"""Throwaway Sphinx project for the offline-Mermaid browser tests (tests/browser)."""

project = "archdocs offline mermaid"
extensions = ["myst_parser", "sphinxcontrib.mermaid"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]


def setup(app):
    # Stand-in for archdocs' extension setup: only the offline part.
    from archdocs.sphinxext.offline import setup_offline

    setup_offline(app)
