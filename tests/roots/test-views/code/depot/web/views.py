"""Views: the store at import time, billing lazily."""

from depot import store


class View:
    def pay(self) -> int:
        from depot import billing

        return billing.total(store)
