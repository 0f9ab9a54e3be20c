"""The declared map: every mistake is reported at its TOML line, verified against the code."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from tests.helpers.paths import REPO, SAMPLE

from archdocs.analysis.migrations import load_map
from archdocs.analysis.migrations.declared import read_declared
from archdocs.cli import main
from archdocs.reading.load import load_snapshot

BAD = '''\
[[migration]]
old = "bot_v2.orchestration.guardrails"
new = "bot_v2.features.live_trade.guardrail.trading_gates"

[[migration]]
old = "bot_v2.orchestration.perps_bot:PerpsBot"
new = "bot_v2.orchestration.core.runtime:PerpsBot"

[[migration]]
old = "bot_v2.orchestration.configuration:BotConfiguration"
new = "bot_v2.orchestration.config.models:BotConfiguration"

[[migration]]
old = "not a path"
colour = "blue"

[[migration]]
new = "bot_v2.monitoring"

[[migration]]
old = "bot_v2.orchestration.guardrails"
new = "bot_v2.features.live_trade.guardrails"
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "migrations.toml"
    path.write_text(textwrap.dedent(text))
    return path


def test_errors_point_at_their_lines(tmp_path: Path):
    path = write(tmp_path, BAD)
    _, problems = load_map(path, load_snapshot(SAMPLE))
    found = sorted((p.line, p.message) for p in problems)
    messages = "\n".join(f"{line}: {m}" for line, m in found)
    assert [line for line, _ in found] == [2, 6, 6, 10, 14, 15, 17, 21], messages
    assert ("2: new path bot_v2.features.live_trade.guardrail.trading_gates does not exist"
            in messages)
    # the classic handwritten-guide mistakes: a move not made yet, a class name that never existed
    assert ("6: bot_v2.orchestration.perps_bot.PerpsBot is still defined in "
            "bot_v2.orchestration.perps_bot" in messages)
    assert "6: new path bot_v2.orchestration.core.runtime.PerpsBot does not exist" in messages
    assert ("10: new path bot_v2.orchestration.config.models.BotConfiguration does not exist in "
            f"{SAMPLE}; no module defines BotConfiguration") in messages
    assert "14: migration old = 'not a path': expected a dotted module path" in messages
    assert ("15: unknown key 'colour' in [[migration]]; allowed: old, new, since, reason, change"
            in messages)
    assert "17: [[migration]] without `old`" in messages
    assert "21: bot_v2.orchestration.guardrails is declared twice (first at" in messages


def test_invalid_toml_is_one_located_problem(tmp_path: Path):
    path = write(tmp_path, "[[migration]]\nold = \n")
    migrations, problems = read_declared(path)
    assert len(migrations) == 0
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(2, "not valid TOML")]


def test_change_kinds_are_read_from_the_entry(tmp_path: Path):
    path = write(tmp_path, '''\
        [[migration]]
        old = "a.b:X"
        new = "a.c:Y"

        [[migration]]
        old = "a.d"
        new = ["a.e", "a.f"]

        [[migration]]
        old = "a.g:Z"
        reason = "use the standard library"
        since = "2.0"

        [[migration]]
        old = "a.h:W"
        new = "a.i:V"
        change = "removed"

        [[migration]]
        old = "a.j"
        new = "a.k"
        change = "vanished"

        [[migration]]
        old = "a.l:X"
        new = "a.m"
        ''')
    migrations, problems = read_declared(path)
    assert [(p.line, p.message) for p in problems] == [
        (22, "change = 'vanished': use one of moved, renamed, split, removed"),
        (26, "old 'a.l:X' is a name but new names a module; write new = \"a.m:X\" (module:Name)")]
    assert [(e.old.spec, e.change, e.replacement) for e in migrations.entries] == [
        ("a.b:X", "renamed", "from a.c import Y"),
        ("a.d", "split", "from a import e; from a import f"),
        ("a.g:Z", "removed", "no replacement (use the standard library)"),
        ("a.h:W", "removed", "from a.i import V"),
    ]


def test_cli_declared_tables_and_ruff(tmp_path: Path, capsys):
    declared = str(REPO / "conf/migrations.toml")
    assert main(["migrations", str(SAMPLE), "--declared", declared, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == []
    by_old = {e["old"]: e for e in data["entries"]}
    assert by_old["bot_v2.orchestration.guardrails.TradingGates"]["new"] == [
        "bot_v2.features.live_trade.guardrails.TradingGates"]
    assert by_old["bot_v2.orchestration.guardrails.TradingGates"]["status"] == "deprecated"
    assert by_old["bot_v2.orchestration.session_guard"]["status"] == "removed"
    # the burndown of each shim: our own modules that still go through it (README of the sample)
    assert {old: e["imported_by"] for old, e in by_old.items() if e["imported_by"] and ":" not in
            e["old_spec"]} == {
        "bot_v2.orchestration.configuration": ["bot_v2.orchestration.system_monitor"],
        "bot_v2.orchestration.core.bot_interface": ["bot_v2.orchestration.order_reconciler"],
        "bot_v2.orchestration.guardrails": ["bot_v2.orchestration.builders.perps_bot_builder"],
        "bot_v2.orchestration.service_registry": ["bot_v2.orchestration.builders.perps_bot_builder",
                                                  "bot_v2.orchestration.system_monitor"],
        "bot_v2.orchestration.strategy_orchestrator": [
            "bot_v2.orchestration.builders.perps_bot_builder"],
        "bot_v2.orchestration.streaming_service": ["bot_v2.orchestration.perps_bot"],
    }
    assert main(["migrations", str(SAMPLE), "--declared", declared, "--format", "ruff"]) == 0
    ruff = capsys.readouterr().out
    assert ruff.startswith("[tool.ruff.lint.flake8-tidy-imports.banned-api]\n")
    assert ('"bot_v2.orchestration.session_guard.SessionGuard".msg = "moved (since phase-3a): use '
            '`from bot_v2.features.live_trade.guardrails import SessionGuard`"') in ruff
    import tomllib

    banned = tomllib.loads(ruff)["tool"]["ruff"]["lint"]["flake8-tidy-imports"]["banned-api"]
    assert len(banned) == len(data["entries"])
    assert main(["migrations", str(SAMPLE), "--declared", declared, "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "old,new,kind,change,status,since,reason,origin"


def test_cli_exit_1_and_usage_errors(tmp_path: Path, capsys):
    assert main(["migrations", str(SAMPLE), "--declared", str(write(tmp_path, BAD))]) == 1
    assert "## Problems" in capsys.readouterr().out
    assert main(["migrations", str(SAMPLE)]) == 2
    assert "--declared TOML, --from REV" in capsys.readouterr().err
    assert main(["migrations", "--from", str(tmp_path / "nope"), "--to", str(SAMPLE)]) == 2
    broken = tmp_path / "broken.whl"
    broken.write_text("not a zip")
    assert main(["migrations", "--from", str(broken), "--to", str(SAMPLE)]) == 2
    assert "broken.whl: cannot unpack" in capsys.readouterr().err


def test_unknown_table_is_located(tmp_path: Path):
    path = write(tmp_path, '''\
        # a comment

        [migrations]
        old = "a.b"
        ''')
    _, problems = read_declared(path)
    assert [(p.line, p.message) for p in problems] == [
        (3, "unknown table or key 'migrations'; migrations are [[migration]] tables")]
