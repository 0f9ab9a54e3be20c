"""The Coinbase Advanced Trade adapter."""

from __future__ import annotations

try:
    import orjson as _json
except ImportError:  # orjson is an optional speed-up
    import json as _json

from ..live_trade.orders import Order
from .base import Broker, BrokerError


class CoinbaseBroker(Broker):
    """Place and cancel orders through the Coinbase REST API."""

    def __init__(self, api_key: str, api_secret: str) -> None:
        self._api_key = api_key
        self._api_secret = api_secret

    def place_order(self, order: Order) -> str:
        """Send ``order``; the sample never talks to the network."""
        payload = _json.dumps({"product_id": order.symbol, "side": order.side.value})
        raise BrokerError(f"offline sample cannot send {payload!r}")

    def cancel_order(self, order_id: str) -> None:
        """Cancel ``order_id``."""
        raise BrokerError(f"offline sample cannot cancel {order_id}")

    def balances(self) -> dict[str, float]:
        """Return no balances: the sample is offline."""
        return {}
