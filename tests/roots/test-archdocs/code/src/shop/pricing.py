"""Prices: imports the cart back, which makes an import-time cycle."""

from shop.cart import Cart


def price(cart: Cart) -> int:
    return 0
