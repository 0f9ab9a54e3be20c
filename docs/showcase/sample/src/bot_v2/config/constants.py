"""Constants shared by every layer of the bot."""

DEFAULT_PROFILE = "dev"
SUPPORTED_QUOTES = ("USD", "USDC")
PERPETUAL_SUFFIX = "-PERP"
TRADING_SESSION_HOURS = (0, 24)
