"""Shopping carts."""

from shop import pricing


class Cart:
    """Items a customer is about to buy."""


def total(cart: Cart) -> int:
    return pricing.price(cart)
