"""Inferred maps between two revisions of real git repositories: each table compared with the
expected one, for moves with and without shims, a same-named unrelated class, a split, a rename
and a removal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers.paths import REPO, SAMPLE

from archdocs.analysis.migrations import load_map
from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.verify import merge_maps
from archdocs.reading.load import load_snapshot


def table(old: str, new: str, package: str | None = None) -> list[tuple[str, str, str, str]]:
    migrations = infer_map(load_snapshot(old), load_snapshot(new), package)
    return [(e.old.spec, " ".join(p.spec for p in e.new), e.change, e.status)
            for e in migrations.entries]


ORDERS = '''\
    """Orders."""


    class OrderBook:
        """Keeps open orders by id."""

        def __init__(self):
            self.orders = {}
            self.closed = []

        def add(self, order):
            self.orders[order.id] = order
            return order

        def close(self, order_id):
            self.closed.append(self.orders.pop(order_id))


    def cancel_all(book):
        for order_id in list(book.orders):
            book.close(order_id)
        return len(book.closed)
    '''


def base(repo):
    r = repo()
    r.write({"src/shop/__init__.py": "", "src/shop/orders.py": ORDERS,
             "src/shop/core/__init__.py": ""})
    return r


def test_git_mv_without_shim(repo):
    r = base(repo)
    old = r.release("v1")
    r.mv("src/shop/orders.py", "src/shop/core/orders.py")
    r.write({"src/shop/core/__init__.py":
             "from .orders import OrderBook\n\n__all__ = ['OrderBook']\n"})
    new = r.release("v2")
    assert table(old, new) == [
        ("shop.orders", "shop.core.orders", "moved", "removed"),
        # the package re-exports it
        ("shop.orders:OrderBook", "shop.core:OrderBook", "moved", "removed"),
        ("shop.orders:cancel_all", "shop.core.orders:cancel_all", "moved", "removed"),
    ]


def test_git_mv_with_warning_shim(repo):
    r = base(repo)
    old = r.release("v1")
    r.mv("src/shop/orders.py", "src/shop/core/orders.py")
    r.write({"src/shop/orders.py": '''\
        """Deprecated: use shop.core.orders."""
        import warnings

        from shop.core.orders import OrderBook, cancel_all

        warnings.warn("shop.orders moved to shop.core.orders", DeprecationWarning, stacklevel=2)
        '''})
    new = r.release("v2")
    assert table(old, new) == [
        ("shop.orders", "shop.core.orders", "moved", "deprecated"),
        ("shop.orders:OrderBook", "shop.core.orders:OrderBook", "moved", "deprecated"),
        ("shop.orders:cancel_all", "shop.core.orders:cancel_all", "moved", "deprecated"),
    ]


def test_silent_shim_and_pep562_shim(repo):
    r = base(repo)
    r.write({"src/shop/cart.py": ORDERS.replace("OrderBook", "Cart").replace("cancel_all",
                                                                             "empty")})
    old = r.release("v1")
    r.mv("src/shop/orders.py", "src/shop/core/orders.py")
    r.mv("src/shop/cart.py", "src/shop/core/cart.py")
    r.write({
        "src/shop/orders.py": "from shop.core.orders import OrderBook, cancel_all\n",
        "src/shop/cart.py": '''\
            import importlib
            import warnings

            def __getattr__(name):
                warnings.warn(f"shop.cart.{name} moved", DeprecationWarning, stacklevel=2)
                return getattr(importlib.import_module("shop.core.cart"), name)
            ''',
    })
    new = r.release("v2")
    assert table(old, new) == [
        ("shop.cart", "shop.core.cart", "moved", "deprecated"),
        ("shop.cart:Cart", "shop.core.cart:Cart", "moved", "deprecated"),
        ("shop.cart:empty", "shop.core.cart:empty", "moved", "deprecated"),
        ("shop.orders", "shop.core.orders", "moved", "works"),
        ("shop.orders:OrderBook", "shop.core.orders:OrderBook", "moved", "works"),
        ("shop.orders:cancel_all", "shop.core.orders:cancel_all", "moved", "works"),
    ]


def test_moved_name_beside_unrelated_class_of_the_same_name(repo):
    r = base(repo)
    r.write({"src/shop/ledger.py": '''\
        class OrderBook:
            """Accounting: a ledger of booked orders, unrelated to shop.orders.OrderBook."""

            def post(self, entry):
                return entry.amount * 2
        '''})
    old = r.release("v1")
    r.write({"src/shop/orders.py": None,
             "src/shop/core/books.py": ORDERS})
    new = r.release("v2")
    rows = table(old, new)
    assert ("shop.orders:OrderBook", "shop.core.books:OrderBook", "moved", "removed") in rows
    assert not any("ledger" in new_path for _, new_path, _, _ in rows)


def test_unrelated_class_alone_is_not_a_move(repo):
    r = base(repo)
    old = r.release("v1")
    r.write({"src/shop/orders.py": None, "src/shop/core/books.py": '''\
        class OrderBook:
            """Another thing with the same name."""

            def total(self):
                return 0
        '''})
    new = r.release("v2")
    assert table(old, new) == [
        ("shop.orders", "", "removed", "removed"),
        ("shop.orders:OrderBook", "", "removed", "removed"),
        ("shop.orders:cancel_all", "", "removed", "removed"),
    ]


def test_module_split_in_two(repo):
    r = base(repo)
    old = r.release("v1")
    book, cancel = ORDERS.split("\n\n    def cancel_all")
    r.write({"src/shop/orders.py": None,
             "src/shop/orders_book.py": book,
             "src/shop/orders_ops.py": "    def cancel_all" + cancel})
    new = r.release("v2")
    assert table(old, new) == [
        ("shop.orders", "shop.orders_book shop.orders_ops", "split", "removed"),
        ("shop.orders:OrderBook", "shop.orders_book:OrderBook", "moved", "removed"),
        ("shop.orders:cancel_all", "shop.orders_ops:cancel_all", "moved", "removed"),
    ]


def test_rename_in_place(repo):
    r = base(repo)
    old = r.release("v1")
    r.write({"src/shop/orders.py": ORDERS.replace("def cancel_all", "def close_all")})
    new = r.release("v2")
    assert table(old, new) == [("shop.orders:cancel_all", "shop.orders:close_all", "renamed",
                                "removed")]


def test_removal(repo):
    r = base(repo)
    old = r.release("v1")
    r.write({"src/shop/orders.py": ORDERS.split("\n\n    def cancel_all")[0] + "\n"})
    new = r.release("v2")
    assert table(old, new) == [("shop.orders:cancel_all", "", "removed", "removed")]


def test_unchanged_code_gives_an_empty_map(repo):
    r = base(repo)
    old = r.release("v1")
    r.write({"src/shop/extra.py": "X = 1\n"})
    new = r.release("v2")
    assert table(old, new) == []


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """The sample's git history (tags phase-0 … midway), made once for this module."""
    dest = tmp_path_factory.mktemp("history") / "h"
    subprocess.run([sys.executable, str(REPO / "docs/showcase/make_history.py"), str(dest)],
                   check=True, capture_output=True)
    return dest


def test_showcase_history(history):
    """The sample's own history: phase-2 → midway gives the Phase 3 moves the README lists."""
    rows = {old: (new, change, status) for old, new, change, status
            in table(f"{history}@phase-2", f"{history}@midway")}
    assert rows["bot_v2.orchestration.streaming_service"] == (
        "bot_v2.features.streaming.websocket_service", "moved", "deprecated")
    assert rows["bot_v2.orchestration.session_guard"] == (
        "bot_v2.features.live_trade.guardrails.session_guard", "moved", "removed")
    assert rows["bot_v2.orchestration.configuration"] == (
        "bot_v2.orchestration.config.models bot_v2.orchestration.config.validation", "split",
        "deprecated")
    assert rows["bot_v2.orchestration.configuration:BotConfig"] == (
        "bot_v2.orchestration.config:BotConfig", "moved", "deprecated")
    assert (rows["bot_v2.orchestration.deterministic_broker"][0]
            == "bot_v2.features.brokerages.deterministic")
    assert "bot_v2.orchestration.perps_bot" not in rows  # pending: not moved yet


def test_distribution_files_and_cli_over_history(repo, tmp_path, capsys):
    """An sdist (unpacked to a temporary folder) as the old side, and the CLI over two revisions."""
    import json
    import tarfile

    from archdocs.analysis.migrations.release import load_source
    from archdocs.cli import main

    r = base(repo)
    old = r.release("v1")
    sdist = tmp_path / "shop-1.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive:
        archive.add(r.path / "src", arcname="shop-1.0/src")
    assert "shop.orders" in load_source(str(sdist))
    r.mv("src/shop/orders.py", "src/shop/core/orders.py")
    r.release("v2")

    assert main(["migrations", "--from", "v1", "--to", "v2", "--repo", str(r.path),
                 "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert [(e["old"], e["new"]) for e in entries][:1] == [("shop.orders", ["shop.core.orders"])]
    assert main(["migrations", "--from", str(sdist), "--to", f"{r.path}@v2",
                 "--format", "csv"]) == 0
    csv = capsys.readouterr().out
    assert "shop.orders.OrderBook,shop.core.orders.OrderBook,name,moved,removed" in csv
    assert table(old, f"{r.path}@v2")[0] == ("shop.orders", "shop.core.orders", "moved", "removed")


def test_declared_and_inferred_merge(history, tmp_path):
    """Our declared Phase 3 map agrees with the history; a wrong (but existing) path is reported."""
    inferred = infer_map(load_snapshot(f"{history}@phase-2"), load_snapshot(f"{history}@midway"))
    declared, problems = load_map(REPO / "conf/migrations.toml", load_snapshot(SAMPLE))
    merged, disagreements = merge_maps(declared, inferred)
    assert problems == [] and disagreements == []
    assert {e.origin for e in merged.entries if e.origin != "declared+inferred"} == {"inferred"}
    assert sum(e.origin == "declared+inferred" for e in merged.entries) == len(declared) == 28
    assert sorted(e.old.name for e in merged.entries if e.origin == "inferred") == ["logger",
                                                                                    "logger"]

    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[[migration]]\nold = "bot_v2.orchestration.deterministic_broker"\n'
                     'new = "bot_v2.features.brokerages.coinbase"\n')
    declared, problems = load_map(wrong, load_snapshot(SAMPLE))
    assert problems == []  # the path exists: only the history shows it is the wrong one
    _, disagreements = merge_maps(declared, inferred)
    assert [(p.line, p.message) for p in disagreements] == [(
        2, ("bot_v2.orchestration.deterministic_broker: declared → "
            "bot_v2.features.brokerages.coinbase, "
            "but the code shows → bot_v2.features.brokerages.deterministic"))]


def test_type_checking_import_left_behind_is_not_a_shim(repo):
    """A module that keeps the moved name only under ``if TYPE_CHECKING:`` no longer provides it."""
    r = base(repo)
    r.write({"src/shop/api.py": "from shop.orders import OrderBook\n\n__all__ = ['OrderBook']\n"})
    old = r.release("v1")
    r.mv("src/shop/orders.py", "src/shop/core/orders.py")
    r.write({"src/shop/api.py": '''\
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from shop.core.orders import OrderBook
        '''})
    new = r.release("v2")
    assert ("shop.api:OrderBook", "shop.core.orders:OrderBook", "moved", "removed") in table(old,
                                                                                             new)
