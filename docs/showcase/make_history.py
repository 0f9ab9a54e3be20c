#!/usr/bin/env python3
"""Reproduce the refactoring history of the showcase sample ``bot_v2`` as a git repository.

Usage::

    python docs/showcase/make_history.py DEST

DEST must be missing or empty. The script creates one commit per phase and tags it:

==========  ===============================================================================
tag         state
==========  ===============================================================================
phase-0     before the refactor: 40 orchestration files counting ``__init__.py``, 7 pair cycles
phase-1     ``IBotRuntime`` protocol in ``orchestration/core/bot_interface.py``; 4 pairs broken
phase-2     domain modules extracted to features/monitoring; 31 orchestration modules without
            ``__init__.py``; no pair cycles left, the longer cycles remain
phase-3a    Tier 3: streaming and guardrails extracted (shims), session_guard moved (no shim)
phase-3b    core/config reorganisation, configuration split (PEP 562 shim), deterministic
            broker moved to features/brokerages (the plan said features/testing)
phase-3c    strategy/ and services/ packages; also tagged ``midway``: exactly the files of
            ``docs/showcase/sample/``
==========  ===============================================================================

Only the last state is stored as files (``docs/showcase/sample/``). Every earlier state is derived
from it by undoing the steps below, newest first: a moved module goes back to its old path with its
imports renamed back, a split module is merged again, files a step created disappear, and files a step
rewrote get their earlier text. The commits are then made oldest first, with ``git mv`` for each move.

Commit shas are the same on every run: names, e-mails and dates are fixed, and no user or system git
configuration is read. The script only runs the ``git`` command; it never imports the sample.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
PACKAGE_DIR = "src/bot_v2/"  # where the package sits inside the sample and the repository

AUTHOR = ("bot_v2 team", "team@bot-v2.invalid")

Tree = dict[str, str]  # repository-relative POSIX path -> file text


class Move(NamedTuple):
    """A module moved from ``old`` to ``new`` (paths relative to ``src/bot_v2/``)."""

    old: str
    new: str
    shim: bool  # True: a re-export shim stays at ``old``; False: ``old`` is gone


class Split(NamedTuple):
    """A module split into two: the bulk went to ``main``, a part to ``extra``."""

    old: str
    main: str
    extra: str
    shim: bool


@dataclass(frozen=True)
class Step:
    """One commit of the refactor, described by what it changed.

    Paths are relative to ``src/bot_v2/`` and name files as they are *after* the step, except the
    keys of ``restore``, which name files as they were *before* it.
    """

    tag: str
    date: str
    message: str
    moves: tuple[Move, ...] = ()
    splits: tuple[Split, ...] = ()
    added: tuple[str, ...] = ()  # files the step created (new packages' __init__.py, new modules)
    edits: tuple[tuple[str, str, str], ...] = ()  # (path, text before the step, text after it)
    restore: Mapping[str, str] = field(default_factory=dict)  # earlier text of rewritten/deleted files


# --------------------------------------------------------------------------------------------------
# Earlier texts of files that a step rewrote or deleted.

ORCHESTRATION_INIT_BEFORE_PHASE_2 = '''\
"""The coordination layer: builds the bot, runs its cycles and wires the services together."""

__all__: list[str] = []
'''

SYMBOLS_WRAPPER = '''\
"""Symbol helpers, re-exported for old imports.

The implementation lives in :mod:`bot_v2.orchestration.shared.symbol_utils`.
"""

from bot_v2.orchestration.shared.symbol_utils import is_perpetual, normalize_symbol, split_symbol

__all__ = ["is_perpetual", "normalize_symbol", "split_symbol"]
'''

LIVE_TRADE_INIT_BEFORE_PHASE_2 = '''\
"""Live trading: order value objects."""

from .orders import Order, OrderSide, OrderType

__all__ = ["Order", "OrderSide", "OrderType"]
'''

MARKET_DATA_INIT_BEFORE_PHASE_2 = '''\
"""Market data: quote and candle value objects."""

from .quotes import Candle, Quote

__all__ = ["Candle", "Quote"]
'''

MONITORING_INIT_BEFORE_PHASE_2 = '''\
"""Metrics and alerts."""

from .alerts import AlertDispatcher
from .metrics import MetricsRegistry

__all__ = ["AlertDispatcher", "MetricsRegistry"]
'''

CORE_INIT_BEFORE_PHASE_3B = '''\
"""Core abstractions of the orchestration layer."""

from .bot_interface import IBotRuntime

__all__ = ["IBotRuntime"]
'''

BROKERAGES_INIT_BEFORE_PHASE_3B = '''\
"""Broker adapters: the broker protocol and Coinbase."""

from .base import Broker, BrokerError
from .coinbase import CoinbaseBroker

__all__ = ["Broker", "BrokerError", "CoinbaseBroker"]
'''

PERPS_BOT_FROM_CONFIG = '''\
    @classmethod
    def from_config(cls, settings: Settings) -> PerpsBot:
        """Build a fully wired bot for ``settings``."""
        return PerpsBotBuilder(settings).build()

'''

# --------------------------------------------------------------------------------------------------
# The phases. Phase 0 is the starting point; each later step says what it changed.

PHASE_0 = Step(
    tag="phase-0",
    date="2025-03-03T09:00:00+00:00",
    message="Snapshot of bot_v2 before the orchestration refactor",
)

PHASE_1 = Step(
    tag="phase-1",
    date="2025-03-24T16:30:00+00:00",
    message="Phase 1: services depend on the IBotRuntime protocol instead of PerpsBot\n\n"
    "Breaks the cycles perps_bot <-> live_execution, perps_bot <-> runtime_coordinator,\n"
    "config_controller <-> perps_bot and guardrails <-> perps_bot.",
    added=(
        "orchestration/core/__init__.py",
        "orchestration/core/bot_interface.py",
        "orchestration/service_rebinding.py",
    ),
    edits=(
        ("orchestration/live_execution.py",
         "from bot_v2.orchestration.perps_bot import PerpsBot",
         "from bot_v2.orchestration.core.bot_interface import IBotRuntime"),
        ("orchestration/live_execution.py", "bot: PerpsBot", "bot: IBotRuntime"),
        ("orchestration/runtime_coordinator.py",
         "from bot_v2.orchestration.perps_bot import PerpsBot",
         "from bot_v2.orchestration.core.bot_interface import IBotRuntime"),
        ("orchestration/runtime_coordinator.py", "bot: PerpsBot", "bot: IBotRuntime"),
        ("orchestration/config_controller.py",
         "from bot_v2.orchestration.perps_bot import PerpsBot",
         "from bot_v2.orchestration.core.bot_interface import IBotRuntime"),
        ("orchestration/config_controller.py", "bot: PerpsBot", "bot: IBotRuntime"),
        ("orchestration/guardrails.py",
         "from bot_v2.orchestration.configuration import BotConfig\n"
         "from bot_v2.orchestration.perps_bot import PerpsBot\n",
         "from bot_v2.orchestration.configuration import BotConfig\n"),
        ("orchestration/guardrails.py",
         "broker: object | None = None, bot: PerpsBot | None = None)",
         "broker: object | None = None)"),
        ("orchestration/perps_bot.py",
         '"""PerpsBot: the main runtime of the perpetual-futures bot."""\n',
         '"""PerpsBot: the main runtime of the perpetual-futures bot.\n\n'
         "PerpsBot satisfies the ``IBotRuntime`` protocol structurally; services receive it typed as the\n"
         'protocol, never as ``PerpsBot``.\n"""\n'),
    ),
)

PHASE_2 = Step(
    tag="phase-2",
    date="2025-04-28T15:00:00+00:00",
    message="Phase 2: extract domain modules out of orchestration\n\n"
    "Old names stay importable from bot_v2.orchestration (PEP 562 __getattr__, with a\n"
    "DeprecationWarning). The symbols wrapper is deleted in favour of shared.symbol_utils.\n"
    "Breaks the last pair cycles: perps_bot_builder <-> perps_bot,\n"
    "live_execution <-> execution_coordinator and order_reconciler <-> live_execution.",
    moves=(
        Move("orchestration/account_telemetry.py", "monitoring/telemetry.py", shim=False),
        Move("orchestration/equity_calculator.py", "features/live_trade/equity.py", shim=False),
        Move("orchestration/market_monitor.py", "features/market_data/monitor.py", shim=False),
        Move("orchestration/market_data_service.py", "features/market_data/service.py", shim=False),
        Move("orchestration/spot_profile_service.py", "features/live_trade/profiles.py", shim=False),
        Move("orchestration/risk_gate_validator.py", "features/live_trade/risk.py", shim=False),
    ),
    edits=(
        ("orchestration/perps_bot.py",
         "import logging\n\nfrom bot_v2.config.settings import Settings\n",
         "import logging\n\n"),
        ("orchestration/perps_bot.py",
         "from bot_v2.orchestration.builders.perps_bot_builder import PerpsBotBuilder\n"
         "from bot_v2.orchestration.config_controller import ConfigController\n",
         "from bot_v2.orchestration.config_controller import ConfigController\n"),
        ("orchestration/perps_bot.py",
         PERPS_BOT_FROM_CONFIG + "    @property\n    def running(self) -> bool:\n",
         "    @property\n    def running(self) -> bool:\n"),
        ("orchestration/live_execution.py",
         "from bot_v2.orchestration.execution_coordinator import ExecutionCoordinator\n"
         "from bot_v2.orchestration.order_reconciler import OrderReconciler\n",
         "from bot_v2.orchestration.order_reconciler import OrderReconciler\n"),
        ("orchestration/live_execution.py",
         "        self.coordinator: ExecutionCoordinator | None = None\n"
         "        self.on_report: ReportCallback | None = None\n",
         "        self.on_report: ReportCallback | None = None\n"),
        ("orchestration/order_reconciler.py",
         "from bot_v2.orchestration.live_execution import LiveExecutionEngine",
         "from bot_v2.orchestration.core.bot_interface import IBotRuntime"),
        ("orchestration/order_reconciler.py", "runtime: LiveExecutionEngine", "runtime: IBotRuntime"),
        ("orchestration/strategy_registry.py",
         "from bot_v2.orchestration.symbols import normalize_symbol",
         "from bot_v2.orchestration.shared.symbol_utils import normalize_symbol"),
        ("orchestration/execution/validation.py",
         "from bot_v2.orchestration.symbols import normalize_symbol",
         "from bot_v2.orchestration.shared.symbol_utils import normalize_symbol"),
    ),
    restore={
        "orchestration/__init__.py": ORCHESTRATION_INIT_BEFORE_PHASE_2,
        "orchestration/symbols.py": SYMBOLS_WRAPPER,
        "features/live_trade/__init__.py": LIVE_TRADE_INIT_BEFORE_PHASE_2,
        "features/market_data/__init__.py": MARKET_DATA_INIT_BEFORE_PHASE_2,
        "monitoring/__init__.py": MONITORING_INIT_BEFORE_PHASE_2,
    },
)

PHASE_3A = Step(
    tag="phase-3a",
    date="2025-06-02T11:00:00+00:00",
    message="Phase 3a: extract streaming and guardrails into feature packages\n\n"
    "streaming_service and guardrails leave re-export shims that warn; session_guard moves\n"
    "with guardrails and has no shim (its only importer was updated).",
    moves=(
        Move("orchestration/streaming_service.py", "features/streaming/websocket_service.py", shim=True),
        Move("orchestration/guardrails.py", "features/live_trade/guardrails/trading_gates.py", shim=True),
        Move("orchestration/session_guard.py", "features/live_trade/guardrails/session_guard.py", shim=False),
    ),
    added=("features/streaming/__init__.py", "features/live_trade/guardrails/__init__.py"),
)

PHASE_3B = Step(
    tag="phase-3b",
    date="2025-06-16T14:00:00+00:00",
    message="Phase 3b: core/ and config/ packages, configuration split, deterministic broker\n\n"
    "core/bot_interface.py becomes core/interfaces.py (shim left); configuration.py is split into\n"
    "config/models.py and config/validation.py (lazy PEP 562 shim left); config_controller.py\n"
    "moves to config/controller.py without a shim. deterministic_broker.py moves to\n"
    "features/brokerages/deterministic.py (shim left) instead of the planned features/testing/.",
    moves=(
        Move("orchestration/core/bot_interface.py", "orchestration/core/interfaces.py", shim=True),
        Move("orchestration/config_controller.py", "orchestration/config/controller.py", shim=False),
        # Diverged from the plan, which proposed features/testing/.
        Move("orchestration/deterministic_broker.py", "features/brokerages/deterministic.py", shim=True),
    ),
    splits=(
        Split("orchestration/configuration.py", "orchestration/config/models.py",
              "orchestration/config/validation.py", shim=True),
    ),
    added=("orchestration/config/__init__.py",),
    restore={
        "orchestration/core/__init__.py": CORE_INIT_BEFORE_PHASE_3B,
        "features/brokerages/__init__.py": BROKERAGES_INIT_BEFORE_PHASE_3B,
    },
)

PHASE_3C = Step(
    tag="phase-3c",
    date="2025-06-30T10:00:00+00:00",
    message="Phase 3c: strategy/ and services/ packages\n\n"
    "strategy_orchestrator and service_registry leave shims; strategy_executor moves without one.\n"
    "strategy_registry, system_monitor, the core/ runtime moves and the builder rename are pending.",
    moves=(
        Move("orchestration/strategy_orchestrator.py", "orchestration/strategy/orchestrator.py", shim=True),
        Move("orchestration/strategy_executor.py", "orchestration/strategy/executor.py", shim=False),
        Move("orchestration/service_registry.py", "orchestration/services/registry.py", shim=True),
    ),
    added=("orchestration/strategy/__init__.py", "orchestration/services/__init__.py"),
)

STEPS = (PHASE_1, PHASE_2, PHASE_3A, PHASE_3B, PHASE_3C)
MIDWAY_TAG = "midway"  # second tag on the last commit: the state stored in docs/showcase/sample/

READMES = {
    "phase-0": "Before the refactor. `bot_v2.orchestration` holds 40 files counting `__init__.py` "
    "(36 without), and seven pairs of its modules import each other.",
    "phase-1": "Phase 1 done: services depend on the `IBotRuntime` protocol "
    "(`orchestration/core/bot_interface.py`) instead of `PerpsBot`. Three pair cycles remain.",
    "phase-2": "Phase 2 done: domain modules moved to `bot_v2.features` and `bot_v2.monitoring`; "
    "`bot_v2.orchestration` has 31 modules without `__init__.py` and no pair cycles.",
    "phase-3a": "Phase 3 started: streaming and guardrails extracted to feature packages.",
    "phase-3b": "Phase 3 continued: `core/` and `config/` packages, configuration split, "
    "deterministic broker moved to `features/brokerages/`.",
}


# --------------------------------------------------------------------------------------------------
# Deriving the earlier states from the sample.


def read_tree(root: Path) -> Tree:
    """Return every file under ``root`` (skipping caches) keyed by its POSIX path relative to ``root``."""
    tree = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and "__pycache__" not in rel.parts and path.suffix != ".pyc":
            tree[rel.as_posix()] = path.read_text(encoding="utf-8")
    return tree


def module_name(rel: str) -> str:
    """``orchestration/core/interfaces.py`` -> ``bot_v2.orchestration.core.interfaces``."""
    return "bot_v2." + rel.removesuffix(".py").replace("/", ".")


def rename_modules(text: str, renames: Mapping[str, str]) -> str:
    """Replace each dotted module name in ``renames`` (and nothing that merely starts like one)."""
    if not renames:
        return text
    names = sorted(renames, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    return pattern.sub(lambda m: renames[m.group(0)], text)


def merge_modules(main: str, extra: str, main_module: str) -> str:
    """Undo a split: ``extra``'s imports join ``main``'s import block and its body follows ``main``'s.

    ``extra``'s docstring, its ``from __future__`` import and its imports from ``main_module`` are dropped.
    """
    main_body = ast.parse(main).body
    last_import = max(stmt.end_lineno for stmt in main_body if isinstance(stmt, (ast.Import, ast.ImportFrom)))
    extra_lines = extra.splitlines(keepends=True)
    new_imports, body_start = [], None
    for stmt in ast.parse(extra).body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            source = "".join(extra_lines[stmt.lineno - 1 : stmt.end_lineno])
            if isinstance(stmt, ast.ImportFrom) and stmt.module in ("__future__", main_module):
                continue
            if source not in main:
                new_imports.append(source)
        elif not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):  # not the docstring
            decorators = getattr(stmt, "decorator_list", [])
            body_start = min([stmt.lineno] + [d.lineno for d in decorators])
            break
    main_lines = main.splitlines(keepends=True)
    merged = main_lines[:last_import] + new_imports + main_lines[last_import:]
    extra_body = "".join(extra_lines[body_start - 1 :]) if body_start else ""
    return "".join(merged).rstrip("\n") + "\n\n\n" + extra_body


def revert(tree: Tree, step: Step) -> Tree:
    """Return the tree as it was before ``step``."""
    tree = dict(tree)

    def key(rel: str) -> str:
        return PACKAGE_DIR + rel

    for rel, before, after in step.edits:
        text = tree[key(rel)]
        if text.count(after) != 1:
            raise ValueError(f"{step.tag}: {rel} should contain exactly once: {after!r}")
        tree[key(rel)] = text.replace(after, before)
    for change in step.moves + step.splits:
        if (key(change.old) in tree) != change.shim:
            raise ValueError(f"{step.tag}: {change.old} should {'' if change.shim else 'not '}be a shim")
    renames = {}
    for move in step.moves:
        tree[key(move.old)] = tree.pop(key(move.new))  # overwrites the shim, if one was left
        renames[module_name(move.new)] = module_name(move.old)
    for split in step.splits:
        main, extra = tree.pop(key(split.main)), tree.pop(key(split.extra))
        tree[key(split.old)] = merge_modules(main, extra, module_name(split.main))
        renames[module_name(split.main)] = renames[module_name(split.extra)] = module_name(split.old)
    for rel in step.added:
        del tree[key(rel)]
    tree = {path: rename_modules(text, renames) for path, text in tree.items()}
    for rel, text in step.restore.items():
        tree[key(rel)] = text
    return tree


def build_trees(sample: Path = SAMPLE_DIR) -> dict[str, Tree]:
    """Return the files of every phase, oldest first, keyed by tag; the last is the sample itself."""
    tree = read_tree(sample)
    trees = {STEPS[-1].tag: tree}
    earlier = (PHASE_0,) + STEPS[:-1]
    for step, before in zip(reversed(STEPS), reversed(earlier)):
        tree = revert(tree, step)
        tree["README.md"] = f"# bot_v2 at `{before.tag}`\n\n{READMES[before.tag]}\n"
        trees[before.tag] = tree
    return {step.tag: trees[step.tag] for step in (PHASE_0, *STEPS)}


# --------------------------------------------------------------------------------------------------
# Writing the repository.


def _git_env(date: str) -> dict[str, str]:
    """An environment in which git reads no user or system configuration and dates are fixed."""
    env = {key: os.environ[key] for key in ("PATH", "SYSTEMROOT") if key in os.environ}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        LC_ALL="C",
        GIT_AUTHOR_NAME=AUTHOR[0],
        GIT_AUTHOR_EMAIL=AUTHOR[1],
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_NAME=AUTHOR[0],
        GIT_COMMITTER_EMAIL=AUTHOR[1],
        GIT_COMMITTER_DATE=date,
    )
    return env


def _git(repo: Path, date: str, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=repo, env=_git_env(date), check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


def _write_tree(repo: Path, tree: Tree) -> None:
    """Make the work tree of ``repo`` hold exactly the files of ``tree``."""
    for path in sorted(repo.rglob("*"), reverse=True):  # children before their directories
        rel = path.relative_to(repo)
        if rel.parts[0] == ".git":
            continue
        if path.is_file() and rel.as_posix() not in tree:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for rel, text in tree.items():
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def _commit(repo: Path, step: Step, tree: Tree, tags: tuple[str, ...]) -> None:
    for old, new in [(m.old, m.new) for m in step.moves] + [(s.old, s.main) for s in step.splits]:
        (repo / PACKAGE_DIR / new).parent.mkdir(parents=True, exist_ok=True)
        _git(repo, step.date, "mv", PACKAGE_DIR + old, PACKAGE_DIR + new)
    _write_tree(repo, tree)
    _git(repo, step.date, "add", "--all", ".")
    _git(repo, step.date, "commit", "--quiet", "--no-verify", "-m", step.message)
    for tag in tags:
        _git(repo, step.date, "tag", "--annotate", tag, "-m", step.message.splitlines()[0])


def make_history(dest: Path, sample: Path = SAMPLE_DIR) -> dict[str, str]:
    """Create the history repository at ``dest``; return each tag's commit sha."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} is not empty")
    trees = build_trees(sample)
    dest.mkdir(parents=True, exist_ok=True)
    _git(dest, PHASE_0.date, "init", "--quiet")
    _git(dest, PHASE_0.date, "symbolic-ref", "HEAD", "refs/heads/main")
    for step in (PHASE_0, *STEPS):
        tags = (step.tag, MIDWAY_TAG) if step is STEPS[-1] else (step.tag,)
        _commit(dest, step, trees[step.tag], tags)
    all_tags = [step.tag for step in (PHASE_0, *STEPS)] + [MIDWAY_TAG]
    return {tag: _git(dest, PHASE_0.date, "rev-parse", f"{tag}^{{commit}}") for tag in all_tags}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="directory for the new repository (missing or empty)")
    args = parser.parse_args(argv)
    for tag, sha in make_history(args.dest).items():
        print(f"{tag:10} {sha}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
