"""The ``report`` and ``graph`` commands: golden JSON (``pytest --update-goldens`` rewrites it),
byte-identical output run after run, every graph format, exit codes, and the shipped JSON schema."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from tests.helpers.ci import import_or_skip
from tests.helpers.paths import GOLDEN

from archdocs.analysis.report import SCHEMA_VERSION
from archdocs.cli import main

SCHEMA = Path(__file__).resolve().parents[2] / "src" / "archdocs" / "schema" / "report.schema.json"

#: A small shop: a 3-cycle in billing, a TYPE_CHECKING-only cycle, lazy and guarded imports,
#: re-exports, PEP 695 syntax and a Python 2 file (a problem with its line).
SHOP = {
    "shop/__init__.py": '"""A small shop."""\nfrom .catalogue import Product\n'
                        'from . import orders\n\n__all__ = ["Product", "orders"]\n',
    "shop/catalogue.py": '''\
"""Products and prices."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from shop.orders.model import Order


@dataclass
class Product:
    """A thing to sell."""

    name: str
    price: int

    def orders(self) -> list[Order]:
        return []
''',
    "shop/orders/__init__.py": "from .model import Order\n",
    "shop/orders/model.py": '''\
"""Orders."""
from shop.catalogue import Product
from shop.billing import invoice


class Order:
    def __init__(self, product: Product) -> None:
        self.product = product

    def bill(self):
        return invoice.make(self)
''',
    "shop/orders/service.py": '''\
import logging

from shop.orders.model import Order


def place(product):
    from shop.billing.payment import charge
    order = Order(product)
    charge(order)
    return order
''',
    "shop/billing/__init__.py": "",
    "shop/billing/invoice.py": '"""Invoices."""\nfrom shop.billing import tax\n\n\n'
                               'def make(order):\n    return tax.rate(order)\n',
    "shop/billing/tax.py": "from shop.billing import payment\n\nRATE = 20\n\n\ndef rate(order):\n"
                           "    return RATE\n",
    "shop/billing/payment.py": '''\
"""Payments."""
try:
    import stripe
except ImportError:
    stripe = None

from shop.billing.invoice import make


def charge(order):
    return make(order)
''',
    "shop/types.py": "type Money = int\n\n\nclass Ledger[T]:\n"
                     "    def add[U](self, item: U) -> None:\n        pass\n",
    "shop/legacy.py": 'import shop.catalogue\n\nprint "legacy"\n',
}


@pytest.fixture
def shop(make_tree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shop written under a fresh folder that is also the working directory (paths in the
    output are then relative and the golden file does not depend on where tests run)."""
    root = make_tree(SHOP, tmp_path / "work")
    monkeypatch.chdir(root)
    monkeypatch.setenv("ARCHDOCS_CACHE_DIR", str(tmp_path / "cache"))
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_json_matches_the_golden_file_and_is_byte_identical_cold_and_warm(shop, capsys,
                                                                                 golden):
    code, cold, err = run(capsys, "report", "shop", "--format", "json")
    assert (code, err) == (0, "")
    code, warm, _ = run(capsys, "report", "shop", "--format", "json")
    code, uncached, _ = run(capsys, "report", "shop", "--format", "json", "--no-cache")
    assert cold == warm == uncached
    golden.check("report.json", cold)


def test_golden_report_figures(shop):
    """The golden file's key figures, checked by hand (so a regenerated golden file cannot hide a
    regression in them)."""
    report = json.loads((GOLDEN / "report.json").read_text())
    assert report["schema"] == SCHEMA_VERSION and report["source"] == "shop"
    assert report["summary"] == {"modules": 8, "packages": 3, "lines": 73, "classes": 3,
                                 "functions": 4, "internal_edges": 12,
                                 "cycles": {"all": 2, "no-type-checking": 1, "import-time": 1}}
    assert [c["witness"] for c in report["cycles"]["import-time"]] == [
        ["shop.billing.invoice", "shop.billing.tax", "shop.billing.payment",
         "shop.billing.invoice"]]
    assert [(i["path"], i["line"]) for i in report["cycles"]["import-time"][0]["imports"]] == [
        ("shop/billing/invoice.py", 2), ("shop/billing/tax.py", 1), ("shop/billing/payment.py", 7)]
    assert report["problems"] == [{"path": "shop/legacy.py", "line": 3, "code": "parse",
                                   "message": "Python 2 syntax (`print`/`exec` statement)"}]
    modules = {m["name"]: m for m in report["modules"]}
    assert modules["shop.billing.payment"]["external"] == ["stripe"]
    assert modules["shop.orders.service"]["imports"] == ["shop.billing.payment",
                                                         "shop.orders.model"]


def test_the_golden_report_validates_against_the_shipped_schema(shop, capsys):
    jsonschema = import_or_skip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert schema["properties"]["schema"]["const"] == SCHEMA_VERSION
    validator.validate(json.loads((GOLDEN / "report.json").read_text()))
    for argv in (("--package", "shop.billing", "--count-init", "--lines", "code"), ()):
        _, out, _ = run(capsys, "report", ".", "--format", "json", *argv)
        validator.validate(json.loads(out))
    broken = json.loads((GOLDEN / "report.json").read_text())
    broken["summary"]["cycles"]["all"] = -1
    assert not validator.is_valid(broken)


def test_report_text_and_markdown(shop, capsys):
    code, text, _ = run(capsys, "report", "shop")
    assert code == 0
    assert "8 modules, 73 physical lines, 3 classes, 4 functions, 12 internal imports" in text
    assert "Convention: modules not counting __init__.py files; physical lines." in text
    assert "shop/billing/payment.py:7: from shop.billing.invoice import make  (runtime)" in text
    assert "- shop/legacy.py:3: Python 2 syntax" in text
    code, markdown, _ = run(capsys, "report", "shop", "--format", "markdown", "--package",
                            "shop.billing")
    assert code == 0 and markdown.startswith("# Architecture report: shop.billing\n")
    assert "| shop.billing.payment | 11 | 0 |" in markdown


def test_report_on_a_subpackage_keeps_only_its_problems_and_cycles(shop, capsys):
    code, out, _ = run(capsys, "report", "shop", "--format", "json", "--package", "shop.orders")
    report = json.loads(out)
    assert code == 0 and report["package"] == "shop.orders"
    assert report["problems"] == [] and report["summary"]["cycles"]["all"] == 0
    assert [m["name"] for m in report["modules"]] == ["shop.orders", "shop.orders.model",
                                                      "shop.orders.service"]


def test_graph_mermaid(shop, capsys):
    code, out, _ = run(capsys, "graph", "shop", "--package", "shop.billing")
    assert code == 0 and out.startswith("flowchart LR\n")
    assert '    n_shop_billing_tax["tax"]' in out
    assert "    n_shop_billing_invoice --> n_shop_billing_tax" in out
    assert re.search(r"class .*n_shop_billing_payment.* archdocs_cycle", out)  # cycle members
    code, folded, _ = run(capsys, "graph", "shop", "--package", "shop", "--depth", "1",
                          "--direction", "TB")
    assert folded.startswith("flowchart TB\n")
    assert '    n_shop_billing[["billing/ (3)"]]' in folded  # not counting __init__.py
    assert "    n_shop_orders -->|2| n_shop_billing" in folded  # model → invoice, service → payment
    assert "    n_shop_catalogue -.-> n_shop_orders" in folded  # TYPE_CHECKING only: dotted


def test_graph_dot(shop, capsys):
    code, out, _ = run(capsys, "graph", "shop", "--package", "shop", "--depth", "1",
                       "--format", "dot")
    assert code == 0 and out.endswith("}\n")
    assert out.startswith("digraph imports {\n    rankdir=LR;\n")
    assert ('    "shop.billing" [label="billing/ (3)", class="archdocs_cycle", '
            'style="rounded,filled", fillcolor="#fde2e2", color="#c0392b", '
            'fontcolor="#5c0f0a", penwidth=2];') in out
    assert '    "shop.orders" -> "shop.billing" [label=2];' in out


def test_graph_json_and_kinds(shop, capsys):
    code, out, _ = run(capsys, "graph", "shop", "--package", "shop", "--format", "json",
                       "--kinds", "import-time")
    data = json.loads(out)
    assert code == 0 and data["kinds"] == "import-time" and data["schema"] == 1
    edges = {(e["from"], e["to"]): e for e in data["edges"]}
    assert ("shop.catalogue", "shop.orders.model") not in edges  # TYPE_CHECKING
    assert ("shop.orders.service", "shop.billing.payment") not in edges  # lazy
    assert edges[("shop.billing.tax", "shop.billing.payment")]["imports"] == [
        {"line": 1, "importer": "shop.billing.tax", "kind": "runtime"}]
    _, again, _ = run(capsys, "graph", "shop", "--package", "shop", "--format", "json",
                      "--kinds", "import-time")
    assert again == out
    _, all_kinds, _ = run(capsys, "graph", "shop", "--package", "shop", "--format", "json")
    assert len(json.loads(all_kinds)["edges"]) == 12
    jsonschema = import_or_skip("jsonschema")
    schema = json.loads((SCHEMA.parent / "graph.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    _, folded, _ = run(capsys, "graph", "shop", "--package", "shop", "--format", "json",
                       "--depth", "1", "--external")
    for output in (out, all_kinds, folded):
        validator.validate(json.loads(output))
    assert json.loads(folded)["folded"] == {"shop.billing": 4, "shop.orders": 3}


@pytest.mark.parametrize(("argv", "message"), [
    (("graph", "shop", "--kinds", "runtime,eager"), "--kinds: unknown import kind 'eager'"),
    (("graph", "shop", "--depth", "0"), "--depth must be 1 or more"),
    (("report", "shop", "--package", "nothere"), "package 'nothere' is not in shop"),
    (("report", "missing-dir"), "missing-dir: no such file or directory"),
    (("report", "shop", "--top", "-1"), "--top must be 0 or more"),
])
def test_usage_errors_exit_2_with_one_line(shop, capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("archdocs: error: ") and err.count("\n") == 1 and message in err


def test_bad_arguments_exit_2(shop, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["graph", "shop", "--format", "png"])
    assert exc.value.code == 2
    assert "invalid choice: 'png'" in capsys.readouterr().err


def test_problems_do_not_change_the_exit_status(shop, capsys):
    code, _, err = run(capsys, "report", "shop", "--format", "json")
    assert code == 0 and err == ""


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_report_on_sources_without_modules(make_tree, tmp_path, capsys, fmt):
    empty = tmp_path / "empty"
    empty.mkdir()
    only_init = make_tree({"pkg/__init__.py": ""}, tmp_path / "only-init")
    for source in (empty, only_init):
        code, out, err = run(capsys, "report", str(source), "--no-cache", "--format", fmt)
        assert (code, err) == (0, "")
        assert "0 modules" in out or '"modules": 0' in out


def test_python_dash_m_reports_usage_errors_in_one_line(shop):
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(SCHEMA.parents[2])}
    result = subprocess.run([sys.executable, "-m", "archdocs.cli", "report", "missing-dir",
                             "--no-cache"], check=False, capture_output=True, text=True, env=env)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr


def test_report_of_a_git_revision_names_the_commit_and_follows_the_schema(make_tree, tmp_path,
                                                                          capsys):
    from tests.helpers.gitrepo import commit_all, init

    repo = make_tree({"pkg/__init__.py": "", "pkg/a.py": "from pkg import b\n",
                      "pkg/b.py": "import pkg.a\n"},
                     tmp_path / "repo")
    init(repo)
    sha = commit_all(repo, "one", "2024-01-01T00:00:00+00:00")
    (repo / "pkg" / "b.py").write_text("")  # the work tree differs: the revision is what is read
    code, out, _ = run(capsys, "report", f"{repo}@main", "--format", "json", "--no-cache")
    report = json.loads(out)
    assert code == 0 and report["revision"] == sha and report["source"] == f"{repo}@main"
    assert report["summary"]["cycles"]["import-time"] == 1
    jsonschema = import_or_skip("jsonschema")
    jsonschema.validate(report, json.loads(SCHEMA.read_text()),
                        cls=jsonschema.Draft202012Validator)
    code, text, _ = run(capsys, "report", f"{repo}@main", "--no-cache")
    assert f"Revision {sha}" in text
