"""The command line starts with only what the command it runs uses: LibCST (``migrate``, the
migration checks), Sphinx/docutils (the extension) and tree-sitter stay out of
``import archdocs.cli``, ``archdocs --help`` and ``archdocs report``."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archdocs.cli import COMMANDS, build_parser
from archdocs.cli.commands import SUMMARIES

HEAVY = re.compile(r"\|\s+(libcst|sphinx|docutils|tree_sitter)\b")
CODE = Path(__file__).resolve().parent.parent / "roots" / "test-archdocs" / "code"


def imported_heavy(*args: str) -> list[str]:
    """Heavy modules a fresh interpreter imports running ``python -X importtime ARGS``."""
    result = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True,
                            text=True, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    return sorted({m.group(1) for m in HEAVY.finditer(result.stderr)})


def test_import_of_the_cli_imports_no_heavy_dependency() -> None:
    assert imported_heavy("-c", "import archdocs.cli") == []


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"], ["graph", "--help"],
                                  ["report", "--no-cache", str(CODE)]],
                         ids=["help", "report-help", "graph-help", "report"])
def test_commands_that_do_not_need_them_import_no_heavy_dependency(args: list[str]) -> None:
    assert imported_heavy("-m", "archdocs", *args) == []


def test_the_command_that_needs_libcst_still_gets_it() -> None:
    """The oracle that the probe above sees imports at all: ``migrate`` loads LibCST."""
    assert "libcst" in imported_heavy("-m", "archdocs", "migrate", "--help")


def _choices(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {c.dest: c.help for c in action._choices_actions}


def test_help_lists_every_command_as_its_module_registers_it() -> None:
    """The summaries listed without importing a command are the help its module gives."""
    full = build_parser()
    assert _choices(build_parser(set())) == _choices(full)
    assert set(_choices(full)) == {m.rpartition(".")[2] for m in COMMANDS} == set(SUMMARIES)
    assert build_parser(set()).format_help() == full.format_help()


@pytest.mark.parametrize("module", COMMANDS)
def test_each_command_parses_its_own_options_when_named(module: str) -> None:
    name = module.rpartition(".")[2]
    lazy = build_parser({name})
    sub = next(a for a in lazy._actions if isinstance(a, argparse._SubParsersAction))
    assert sub.choices[name].format_help() == \
        next(a for a in build_parser()._actions
             if isinstance(a, argparse._SubParsersAction)).choices[name].format_help()
