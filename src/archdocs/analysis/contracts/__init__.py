"""Architecture as code: contracts (layers, forbidden, independence, protected, acyclic siblings)
read from import-linter's configuration or our own TOML and checked against the static import
graph. A pure core: nothing here imports Sphinx or the analysed code."""
