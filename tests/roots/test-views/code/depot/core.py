"""Shared constants: imports nothing, the bottom layer."""

LIMIT = 10
