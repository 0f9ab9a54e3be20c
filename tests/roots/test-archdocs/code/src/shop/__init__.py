"""A tiny shop: the package the archdocs extension tests document."""
