"""Configuration files: TOML read with located errors."""

#: The modules other stages may import; the rest are this stage's own (tests/test_house.py).
__all__ = ["tomlfile"]
