"""Contracts: read from every format, checked with file:line and chains, and in agreement with
import-linter itself (its ``lint-imports`` is the oracle) on small packages per type and option."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from tests.helpers.contract_cases import CASES, CONTAINED, LAYERED
from tests.helpers.files import write_tree
from tests.helpers.import_linter import ours, theirs

from archdocs.analysis.contracts.evaluate import check_contracts
from archdocs.analysis.contracts.read import read_contracts
from archdocs.cli import main
from archdocs.reading.load import load_snapshot
from archdocs.reading.sources import Selection


@pytest.mark.parametrize("case", sorted(CASES))
def test_agrees_with_import_linter(tmp_path: Path, case: str) -> None:
    tree, config = CASES[case]
    root = write_tree(tmp_path, {**tree, ".importlinter": config})
    verdicts = theirs(root, ".importlinter")
    assert verdicts, "lint-imports reported no contract"
    assert ours(root, ".importlinter") == verdicts


def test_every_case_breaks_something(tmp_path: Path) -> None:
    """The agreement above is not the agreement of two silences."""
    broken = set()
    for name, (tree, config) in CASES.items():
        root = write_tree(tmp_path / name, {**tree, ".importlinter": config})
        broken |= {n for n, (kept, _, _) in ours(root, ".importlinter").items() if not kept}
    assert len(broken) >= 10


def test_check_shows_file_line_and_chain(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    tree, config = CASES["layers"]
    root = write_tree(tmp_path, {**tree, ".importlinter": config})
    monkeypatch.chdir(root)
    assert main(["check", ".", "--contracts", ".importlinter", "--no-cache"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert ("pkg/domain/service.py:3: contract 'Layers, all kinds' broken: pkg.domain is not "
            "allowed to import pkg.ui: pkg.domain.service imports pkg.ui.views indirectly: "
            "pkg.domain.service:3 → pkg.helpers:1 → pkg.ui.views") in out
    assert ("pkg/data/repo.py:5: contract 'Layers, all kinds' broken: pkg.data is not allowed to "
            "import pkg.ui: pkg.data.repo imports pkg.ui.views") in out
    assert any(line.startswith("pkg/data/typed.py:4: ") for line in out)
    assert len(out) == 3


def test_kinds_per_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Layers over import-time imports only: the import inside a function and the one under
    TYPE_CHECKING do not count; the other contract, over every kind, still sees them."""
    root = write_tree(tmp_path, {**LAYERED, "arch.toml": """
        [[contract]]
        name = "import-time layers"
        type = "layers"
        kinds = "import-time"
        layers = ["pkg.ui", "pkg.domain", "pkg.data"]

        [[contract]]
        name = "data is independent of ui"
        type = "independence"
        modules = ["pkg.ui", "pkg.data"]
        """})
    assert main(["check", str(root), "--config", str(root / "arch.toml"), "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "'import-time layers' broken: pkg.domain is not allowed to import pkg.ui" in out
    assert "'import-time layers' broken: pkg.data" not in out
    assert "'data is independent of ui' broken: pkg.data is not allowed to import pkg.ui" in out


def test_same_contracts_from_every_format(tmp_path: Path) -> None:
    ini = """
        [importlinter]
        root_packages =
            pkg
        [importlinter:contract:one]
        name = Layers
        type = layers
        layers =
            pkg.ui
            pkg.domain | pkg.data
        ignore_imports = pkg.data.* -> pkg.ui.**
        """
    toml_body = """
        name = "Layers"
        type = "layers"
        layers = ["pkg.ui", "pkg.domain | pkg.data"]
        ignore_imports = ["pkg.data.* -> pkg.ui.**"]
        """
    files = {
        ".importlinter": ini,
        "setup.cfg": ini,
        "pyproject.toml": '[tool.importlinter]\nroot_packages = ["pkg"]\n'
                          '[[tool.importlinter.contracts]]\nid = "one"\n'
                          + textwrap.dedent(toml_body),
        "archdocs.toml": '[[contract]]\nid = "one"\nroot_packages = ["pkg"]\n'
                         + textwrap.dedent(toml_body),
    }
    root = write_tree(tmp_path, files)
    read = {name: read_contracts(str(root / name)) for name in files}
    assert all(not problems for _, problems in read.values()), read
    shapes = {name: [(c.id, c.name, c.type, c.rules, c.kinds, c.roots,
                      [(i.importer, i.imported) for i in c.ignore]) for c in contracts]
              for name, (contracts, _) in read.items()}
    first = shapes[".importlinter"]
    assert first[0][3].layers[1].modules == ("pkg.domain", "pkg.data")
    assert all(shape == first for shape in shapes.values()), shapes


def test_exhaustive_and_optional_layers(tmp_path: Path) -> None:
    tree, config = CASES["layers-containers"]
    root = write_tree(tmp_path, {**tree, ".importlinter": config})
    contracts, problems = read_contracts(str(root / ".importlinter"))
    assert not problems
    breaches = check_contracts(contracts, load_snapshot(root, Selection(), jobs=1))
    undeclared = sorted(b.message for b in breaches if b.code == "contract-exhaustive")
    assert undeclared == [("contract 'Feature layers' broken: shop.orders.extra is not listed as a "
                          "layer (the contract is exhaustive)")]
    # users has no helpers module: optional, so no "does not exist"
    assert not [b for b in breaches if b.code == "contract-missing"]


def test_unmatched_ignore_and_missing_layer_are_located(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree(tmp_path, {**CONTAINED, ".importlinter": """\
        [importlinter]
        root_package = shop

        [importlinter:contract:1]
        name = Layers
        type = layers
        containers = shop.orders
        layers =
            api
            service
        ignore_imports =
            shop.nowhere -> shop.**
        """})
    assert main(["check", str(root), "--contracts", str(root / ".importlinter"),
                 "--no-cache"]) == 1
    out = capsys.readouterr().out.splitlines()
    config = root / ".importlinter"
    assert (f"{config}:11: ignore_imports shop.nowhere -> shop.** matches no import "
            "(import-linter fails on this too)") in out
    assert f"{config}:4: contract 'Layers': layer shop.orders.service does not exist" in out


@pytest.mark.parametrize(("text", "expected"), [
    ("[importlinter]\nroot_package = p\n[importlinter:contract:1]\nname = X\ntype = layerz\n",
     ":5: contract 'X': type 'layerz' is not one archdocs checks"),
    (("[importlinter]\nroot_package = p\n[importlinter:contract:1]\nname = X\ntype = forbidden\n"
     "source_modules = p.a\nforbiden_modules = p.b\n"),
     ":7: contract 'X': unknown key 'forbiden_modules'"),
    (("[importlinter]\nroot_package = p\n[importlinter:contract:1]\nname = X\ntype = layers\n"
     "layers =\n    a | b : c\n"), ":6: contract 'X': layer 'a | b : c' mixes"),
    (("[importlinter]\nroot_package = p\n[importlinter:contract:1]\nname = X\ntype = layers\n"
     "layers = p.a\nignore_imports = p.a p.b\n"), ":7: contract 'X': ignore_imports: 'p.a p.b'"),
    (("[importlinter]\nroot_package = p\n[importlinter:contract:1]\nname = X\ntype = forbidden\n"
     "source_modules = p.a*\nforbidden_modules = p.b\n"),
     ":6: contract 'X': source_modules: 'p.a*'"),
])
def test_config_mistakes_exit_2_with_file_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               text: str, expected: str) -> None:
    root = write_tree(tmp_path, {"p/__init__.py": "", ".importlinter": text})
    assert main(["check", str(root), "--contracts", str(root / ".importlinter"),
                 "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert f"archdocs: error: {root / '.importlinter'}{expected}" in err
    assert "Traceback" not in err
