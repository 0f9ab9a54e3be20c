"""bot_v2: a perpetual-futures trading bot.

This is the archdocs showcase sample. Nothing in it trades; it exists to be analysed statically.
"""

__version__ = "2.3.0"

__all__ = ["__version__"]
