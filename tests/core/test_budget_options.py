"""``archdocs check`` and ``archdocs diff`` share one set of budget options (``--config``,
``--plan``, ``--contracts``): the same spelling, metavar and help, and the same reading of the
files they name (a mistake in one is the same located line from either command)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from tests.helpers.layered_repo import repo

from archdocs.cli import build_parser, main

BUDGETS = ("--config", "--plan", "--contracts")


def options(command: str) -> dict[str, tuple[object, ...]]:
    """The budget options of ``command``'s parser: what ``--help`` prints of each, and how each
    parses."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {flag: (action.dest, action.metavar, action.help, action.nargs, action.default,
                   action.type, action.required)
            for action in sub.choices[command]._actions for flag in action.option_strings
            if flag in BUDGETS}


def help_of(command: str, flag: str) -> str:
    """The lines ``archdocs COMMAND --help`` prints for ``flag`` (its first line to the next
    option)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    lines = sub.choices[command].format_help().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {flag} "))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  -"))
    return "\n".join(lines[start:end])


def test_check_and_diff_declare_the_same_budget_options_with_the_same_help() -> None:
    check, diff = options("check"), options("diff")
    assert set(check) == set(BUDGETS)
    assert check == diff
    for flag in BUDGETS:
        shown = help_of("check", flag)
        assert shown == help_of("diff", flag)
        assert flag in shown and len(shown.split()) > 5, shown  # a help, not a bare flag


@pytest.mark.parametrize(("flag", "name", "text", "said"), [
    ("--plan", "plan.toml", '[plan]\ntitle = "x"\npackage = "app"\n\n[targets]\nmodules = "many"\n',
     "plan.toml:6: [targets] modules must be a range"),
    ("--config", "conf.toml", "[check]\ncycles = { nonsense = 1 }\n",
     "conf.toml:2: cycles: unknown import kind 'nonsense'"),
    ("--contracts", "rules.toml", '[[contract]]\nname = "x"\ntype = "nope"\n',
     "rules.toml:3: contract 'x': type 'nope' is not one archdocs checks"),
])
def test_check_and_diff_read_a_budget_file_alike(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 flag: str, name: str, text: str,
                                                 said: str) -> None:
    """Each option reaches the same reader from both commands: a mistake in the file it names is
    the same ``file:line`` line, exit 2, from ``check`` and from ``diff``."""
    root = repo(tmp_path)
    (root / name).write_text(text)
    given = [str(root), "--no-cache", flag, str(root / name)]
    errors = []
    for command in (["check"], ["diff", "--base", "HEAD"]):
        assert main([*command, *given]) == 2
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1]
    assert f"{root / said}" in errors[0], errors[0]
