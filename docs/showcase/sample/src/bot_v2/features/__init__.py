"""Domain features of the bot: trading, market data, brokerages and streaming."""
