"""One configuration schema: Sphinx registers exactly its ``archdocs_*`` values, the manual's
configuration page documents each (with its default), and every TOML table archdocs reads says an
unknown key or a value of the wrong type in one line at its ``file:line``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from archdocs.cli import main
from archdocs.config.reader import read
from archdocs.config.schema import (
    ARCHDOCS,
    CHECK,
    CONFIG_FILE,
    MIGRATIONS_FILE,
    PLAN_FILE,
    PREFIX,
    SPHINX_VALUES,
    Key,
    Table,
)
from archdocs.config.tomlfile import TomlFile
from archdocs.model import Problem

REPO = Path(__file__).resolve().parents[2]
MANUAL = REPO / "docs" / "manual" / "configuration.md"
FILES = {"config": CONFIG_FILE, "plan": PLAN_FILE, "migrations": MIGRATIONS_FILE}


def test_sphinx_registers_exactly_the_schema_values(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text('extensions = ["archdocs"]\n')
    (tmp_path / "index.rst").write_text("Home\n====\n")
    app = SphinxTestApp(srcdir=tmp_path)
    try:
        registered = {name: app.config.values[name] for name in app.config.values
                      if name.startswith(PREFIX)}
    finally:
        app.cleanup()  # undo global docutils registrations before the next app is made
    assert sorted(registered) == sorted(k.sphinx_name for k in SPHINX_VALUES)
    for key in SPHINX_VALUES:
        assert registered[key.sphinx_name].default == key.default
        assert registered[key.sphinx_name].rebuild == key.rebuild
        assert getattr(app.config, key.sphinx_name) == key.default
    # the one place that registers them: no module adds an archdocs_* value of its own
    callers = [p.relative_to(REPO).as_posix() for p in (REPO / "src").rglob("*.py")
               if "add_config_value(" in p.read_text(encoding="utf-8")]
    assert callers == ["src/archdocs/sphinxext/config.py"]


def _documented() -> dict[str, str]:
    """``archdocs_*`` rows of the manual's configuration tables: name → default as written."""
    rows = re.findall(r"^\| `(archdocs_\w+)` \| `([^`]*)` \|", MANUAL.read_text(), re.M)
    assert len(rows) == len(dict(rows)), "a value documented twice"
    return dict(rows)


def test_every_value_is_documented_with_its_default() -> None:
    expected = {k.sphinx_name: repr(k.default).replace("'", '"') for k in SPHINX_VALUES}
    assert _documented() == expected


def test_the_manual_lists_the_keys_of_the_archdocs_and_check_tables() -> None:
    text = MANUAL.read_text()
    sentence = re.search(r"table takes the values of .*?: (.*?)\.", text, re.S)
    assert sentence is not None
    assert re.findall(r"`(\w+)`", sentence.group(1)) == list(ARCHDOCS.allowed)
    section = text.split("## The `[check]` table")[1].split("\n## ")[0]
    assert re.findall(r"^\| `(\w+)` \|", section, re.M) == list(CHECK.allowed)


# --- every table: one located line per mistake ------------------------------------------------


def _tables(table: Table, path: tuple[Table, ...] = ()) -> Iterator[tuple[Table, ...]]:
    """Every table below ``table``, as the chain of tables that leads to it."""
    for child in table.tables:
        yield (*path, child)
        yield from _tables(child, (*path, child))


def _headers(chain: tuple[Table, ...]) -> str:
    return "".join(f"{t.header}\n" for t in chain)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml, value)) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    return str(value)


def _wrong(key: Key) -> Any:
    """A value ``key`` refuses (None when it takes anything: its table's reader checks it)."""
    candidates: list[Any] = [5, "x", True, [1], {"a": 1}, -1, [3, 1]]
    return next((v for v in candidates if key.check(v) is not None), None)


def _read(tmp_path: Path, layout: Table, text: str) -> list[Problem]:
    path = tmp_path / "file.toml"
    path.write_text(text)
    problems: list[Problem] = []
    read(TomlFile.read(path), layout, problems)
    return problems


CASES = [(name, chain) for name, layout in FILES.items() for chain in _tables(layout)
         if not chain[-1].open]


@pytest.mark.parametrize(("name", "chain"), CASES,
                         ids=[f"{n}:{c[-1].header}" for n, c in CASES])
def test_an_unknown_key_is_one_located_line(tmp_path: Path, name: str,
                                            chain: tuple[Table, ...]) -> None:
    text = "# a comment\n" + _headers(chain) + "colour = 1\n"
    problems = _read(tmp_path, FILES[name], text)
    line = text.count("\n")
    assert [(p.line, p.code) for p in problems] == [(line, "config")], problems
    table = chain[-1]
    assert "unknown key 'colour'" in problems[0].message
    assert table.header in problems[0].message
    assert ", ".join(table.allowed) in problems[0].message


WRONG = [(name, chain, key) for name, chain in CASES for key in chain[-1].keys
         if _wrong(key) is not None]


@pytest.mark.parametrize(("name", "chain", "key"), WRONG,
                         ids=[f"{n}:{c[-1].header}.{k.name}" for n, c, k in WRONG])
def test_a_value_of_the_wrong_type_is_one_located_line(tmp_path: Path, name: str,
                                                       chain: tuple[Table, ...], key: Key) -> None:
    value = _wrong(key)
    text = _headers(chain) + f"{key.name} = {_toml(value)}\n"
    problems = _read(tmp_path, FILES[name], text)
    assert [(p.line, p.code) for p in problems] == [(text.count("\n"), "config")], problems
    message = problems[0].message
    assert message.startswith(f"{chain[-1].header} {key.name} ")
    allowed = key.check(value)
    assert allowed is not None and allowed in message  # says what is allowed


def test_an_unknown_top_level_name_is_one_located_line(tmp_path: Path) -> None:
    for layout in FILES.values():
        problems = _read(tmp_path, layout, "\n[colour]\nx = 1\n")
        assert [(p.line, "'colour'" in p.message) for p in problems] == [(2, True)]


def test_a_table_of_the_wrong_shape_is_one_located_line(tmp_path: Path) -> None:
    for name, chain in CASES:
        table = chain[-1]
        text = _headers(chain[:-1]) + f"{table.short} = 5\n"
        problems = _read(tmp_path, FILES[name], text)
        assert [p.line for p in problems] == [text.count("\n")], (name, table.name, problems)
        assert table.name in problems[0].message


def test_check_refuses_a_config_with_a_mistake_in_each_of_its_tables(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Through the command: exit 2, one ``file:line`` line per mistake, nothing checked; the
    Sphinx build's [archdocs] table is its own reader's (the build warns about it)."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    config = tmp_path / "archdocs.toml"
    config.write_text('[archdocs]\ncolour = 1\n\n[check]\npackage = 5\nsize = 1\n\n'
                      '[[contract]]\nname = "c"\ntype = "independence"\nmodules = ["pkg"]\n'
                      'colour = 1\n')
    assert main(["check", str(tmp_path), "--config", str(config), "--no-cache"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[:2] == [
        f"archdocs: error: {config}:5: [check] package must be a string",
        (f"archdocs: error: {config}:6: [check] unknown key 'size'; allowed: contracts, cycles, "
         "deprecated_imports, migrations, package, plan"),
    ]
    assert len(lines) == 3 and lines[2].startswith(f"archdocs: error: {config}:12: contract 'c': "
                                                   "unknown key 'colour'")
