"""Configuration: one schema of every value (``schema``), and the one reader that checks a TOML
file against it with located errors (``reader``, over ``tomlfile``)."""

#: The modules other stages may import; the rest are this stage's own (tests/test_house.py).
__all__ = ["reader", "schema", "tomlfile"]
