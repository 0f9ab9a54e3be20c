"""Views: a lazy and a TYPE_CHECKING import, so kinds matter."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shop.cart import Cart


def show(cart: "Cart") -> int:
    from shop import pricing

    return pricing.price(cart)
