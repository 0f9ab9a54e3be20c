"""Broker adapters: the broker protocol, Coinbase, and a deterministic broker for tests."""

from .base import Broker, BrokerError
from .coinbase import CoinbaseBroker
from .deterministic import DeterministicBroker

__all__ = ["Broker", "BrokerError", "CoinbaseBroker", "DeterministicBroker"]
