"""Command-line entry point: read settings, build the bot and run it."""

from __future__ import annotations

import argparse
import logging

from bot_v2.config.settings import load_settings


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="bot_v2")
    parser.add_argument("--profile", default=None, help="trading profile to run")
    parser.add_argument("--cycles", type=int, default=0, help="stop after this many cycles (0: never)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build the bot for the selected profile and run it."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    settings = load_settings()
    # Imported here so that `--help` does not pay for importing every service.
    from bot_v2.orchestration.builders.perps_bot_builder import PerpsBotBuilder

    bot = PerpsBotBuilder(settings).with_profile(args.profile or settings.profile).build()
    bot.run(max_cycles=args.cycles)
    return 0
