"""Operational one-off scripts. The bot never imports this package."""
