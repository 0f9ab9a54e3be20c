"""Orders: bills at import time; its views import is only for type checkers."""

from typing import TYPE_CHECKING

from depot import billing

if TYPE_CHECKING:
    from depot.web.views import View


class Order:
    def bill(self) -> int:
        return billing.total(self)
