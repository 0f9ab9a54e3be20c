"""Billing: imports the store back, which closes the cycle."""

from depot import core, store


def total(order: object) -> int:
    return core.LIMIT
