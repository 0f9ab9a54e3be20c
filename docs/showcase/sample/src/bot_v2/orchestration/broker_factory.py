"""Create the broker adapter a profile asks for."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from bot_v2.features.brokerages.base import Broker
from bot_v2.features.brokerages.deterministic import DeterministicBroker

if TYPE_CHECKING:
    from bot_v2.orchestration.config.models import BotConfig


def create_broker(config: BotConfig) -> Broker:
    """Return a deterministic broker for paper profiles, otherwise the live Coinbase adapter."""
    if config.paper_only:
        return DeterministicBroker(prices={symbol: 100.0 for symbol in config.symbols})
    # The live adapter pulls in optional HTTP dependencies; paper runs never need them.
    from bot_v2.features.brokerages.coinbase import CoinbaseBroker

    return CoinbaseBroker(os.environ.get("COINBASE_API_KEY", ""), os.environ.get("COINBASE_API_SECRET", ""))
