"""Codemod round trips: rewritten code parses, its imports resolve to the new paths, comments and
formatting are kept, and a second run changes nothing."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from tests.helpers.paths import REPO, SAMPLE

from archdocs.analysis.migrations import ImportPath, load_map
from archdocs.analysis.migrations.codemod import rewrite_files, rewrite_source
from archdocs.analysis.migrations.declared import read_declared
from archdocs.analysis.migrations.names import Api
from archdocs.analysis.migrations.usage import deprecated_uses
from archdocs.reading.load import load_snapshot

SNAPSHOT = load_snapshot(SAMPLE)
MAP, PROBLEMS = load_map(REPO / "conf/migrations.toml", SNAPSHOT)

USER_CODE = '''\
"""A user's script written against bot_v2 before Phase 3."""

from __future__ import annotations

import os
import bot_v2.orchestration.streaming_service
import bot_v2.orchestration.guardrails as gr
from bot_v2.orchestration.configuration import (  # the models
    BotConfig,  # the main one
    Profile as P,
)
from bot_v2.orchestration.configuration import validate_config, ensure_valid as check
from bot_v2.orchestration import session_guard, perps_bot
from bot_v2.orchestration.service_registry import ServiceRegistry
import bot_v2.orchestration.configuration


def main():
    # build the services
    service = bot_v2.orchestration.streaming_service.StreamingService()
    gates = gr.TradingGates()
    config = bot_v2.orchestration.configuration.RiskConfig()
    return (service, gates, config, BotConfig, P, validate_config, check, session_guard, perps_bot,
            os)
'''

EXPECTED = '''\
"""A user's script written against bot_v2 before Phase 3."""

from __future__ import annotations

import os
import bot_v2.features.streaming.websocket_service
import bot_v2.features.live_trade.guardrails.trading_gates as gr
from bot_v2.orchestration.config import (  # the models
    BotConfig,  # the main one
    Profile as P,
)
from bot_v2.orchestration.config import validate_config, ensure_valid as check
from bot_v2.features.live_trade.guardrails import session_guard
from bot_v2.orchestration import perps_bot
from bot_v2.orchestration.services import ServiceRegistry
import bot_v2.orchestration.configuration
import bot_v2.orchestration.config


def main():
    # build the services
    service = bot_v2.features.streaming.websocket_service.StreamingService()
    gates = gr.TradingGates()
    config = bot_v2.orchestration.config.RiskConfig()
    return (service, gates, config, BotConfig, P, validate_config, check, session_guard, perps_bot,
            os)
'''


def imported_paths(code: str) -> set[tuple[str, str]]:
    """``(module, name)`` of every absolute import in ``code`` (name "" for ``import a.b``)."""
    found: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.update((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update((alias.name, "") for alias in node.names)
    return found


def test_declared_map_is_clean():
    assert PROBLEMS == []


def test_round_trip():
    after, changes = rewrite_source(USER_CODE, MAP)
    assert after == EXPECTED
    assert len(changes) == 10
    api = Api(SNAPSHOT)
    for module, name in imported_paths(after):
        if module.startswith("bot_v2") and module != "bot_v2.orchestration.configuration":
            assert (api.resolve(module, name) if name else module in SNAPSHOT), (module, name)
            assert MAP.get(ImportPath(module, name)) is None  # nothing old is left
    again, more = rewrite_source(after, MAP)
    assert again == after and more == []


def test_aliased_and_parenthesised_split_across_modules():
    code = textwrap.dedent('''\
        from bot_v2.orchestration.configuration import (
            BotConfig as Config,  # kept comment
            something_local,
        )
        ''')
    after, _ = rewrite_source(code, MAP)
    assert after == textwrap.dedent('''\
        from bot_v2.orchestration.config import (
            BotConfig as Config,  # kept comment
        )
        from bot_v2.orchestration.configuration import something_local
        ''')
    assert rewrite_source(after, MAP)[0] == after


def test_files_it_cannot_parse_are_reported_and_left_alone(tmp_path: Path):
    good = tmp_path / "good.py"
    bad = tmp_path / "bad.py"
    good.write_text("from bot_v2.orchestration.guardrails import TradingGates\n")
    bad.write_text("from bot_v2.orchestration.guardrails import (TradingGates\n")
    rewrites, problems = rewrite_files([tmp_path], MAP)
    assert [r.path for r in rewrites] == [str(good)]
    assert [p.path for p in problems] == [str(bad)] and "cannot parse" in problems[0].message
    assert bad.read_text() == "from bot_v2.orchestration.guardrails import (TradingGates\n"


def test_deprecated_uses_name_file_line_and_replacement(tmp_path: Path):
    (tmp_path / "user.py").write_text(USER_CODE)
    found = [str(p).replace(str(tmp_path), "") for p in deprecated_uses([tmp_path], MAP)]
    assert ("/user.py:7: bot_v2.orchestration.guardrails: deprecated since phase-3a; use "
            "bot_v2.features.live_trade.guardrails.trading_gates") in found
    assert ("/user.py:13: bot_v2.orchestration.session_guard: removed since phase-3a; use "
            "bot_v2.features.live_trade.guardrails.session_guard") in found
    assert len(found) == 10


def test_cli_diff_then_write(tmp_path: Path, capsys):
    from archdocs.cli import main

    user = tmp_path / "user.py"
    user.write_text(USER_CODE)
    args = [str(user), "--map", str(REPO / "conf/migrations.toml"), "--source", str(SAMPLE)]
    assert main(["migrate", *args]) == 0
    assert "+from bot_v2.orchestration.services import ServiceRegistry" in capsys.readouterr().out
    assert user.read_text() == USER_CODE  # --diff writes nothing
    assert main(["migrate", *args, "--write"]) == 0
    assert user.read_text() == EXPECTED
    assert main(["migrate", *args, "--write"]) == 0 and user.read_text() == EXPECTED


def test_removed_paths_are_reported_not_rewritten(tmp_path: Path):
    toml = tmp_path / "map.toml"
    toml.write_text('[[migration]]\nold = "shop.legacy"\nreason = "use shop.core"\n\n'
                    '[[migration]]\nold = "shop.util:helper"\n')
    migrations, problems = read_declared(toml)
    assert problems == []
    code = ("import shop.legacy\nfrom shop.legacy import thing\n"
            "from shop.util import helper, other\n")
    after, changes = rewrite_source(code, migrations)
    assert after == code
    assert [(c.line, c.old, c.new) for c in changes] == [
        (1, "shop.legacy", ""), (2, "shop.legacy.thing", ""), (3, "shop.util.helper", "")]
    (tmp_path / "user.py").write_text(code)
    found = [str(p).replace(str(tmp_path), "")
             for p in deprecated_uses([tmp_path / "user.py"], migrations)]
    assert found == ["/user.py:1: shop.legacy: removed (use shop.core); no replacement",
                     "/user.py:2: shop.legacy.thing: removed (use shop.core); no replacement",
                     "/user.py:3: shop.util.helper: removed; no replacement"]


def test_cli_default_map_and_missing_map(tmp_path: Path, monkeypatch, capsys):
    from archdocs.cli import main

    user = tmp_path / "user.py"
    user.write_text(USER_CODE)
    monkeypatch.chdir(REPO)  # where conf/migrations.toml is
    assert main(["migrate", str(user), "--write"]) == 0
    assert user.read_text() == EXPECTED
    monkeypatch.chdir(tmp_path)
    assert main(["migrate", str(user)]) == 2
    assert "--map TOML (default conf/migrations.toml, not found here)" in capsys.readouterr().err
