"""Tests of the showcase sample ``bot_v2`` and of ``docs/showcase/make_history.py``.

The sample is only ever parsed here, never imported: ``bot_v2/ops/cleanup.py`` deletes a file when
it is imported. The import graph used below is a small AST walk written for these tests, so that the
facts the docs state about the sample (module counts, cycles, shims) are checked independently of
archdocs.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers.gitrepo import git

ROOT = Path(__file__).resolve().parents[1]
SHOWCASE = ROOT / "docs" / "showcase"
SAMPLE = SHOWCASE / "sample"
SCRIPT = SHOWCASE / "make_history.py"

EAGER, TYPE_CHECKING_, LOCAL = "eager", "type_checking", "local"
ALL_KINDS = frozenset({EAGER, TYPE_CHECKING_, LOCAL})

ORCH = "bot_v2.orchestration."
CYCLE_EAGER = {ORCH + "execution.order_placement", ORCH + "execution.order_submission",
               ORCH + "execution.validation", ORCH + "execution.guards"}
CYCLE_TYPE_CHECKING = {ORCH + "live_execution", ORCH + "execution.state_collection",
                       ORCH + "execution.runtime_supervisor"}
CYCLE_LOCAL = {"bot_v2.features.market_data.service", "bot_v2.monitoring.telemetry",
               "bot_v2.features.live_trade.equity"}
# The same two longer cycles before Phase 2 moved their modules out of orchestration.
CYCLE_LOCAL_BEFORE_PHASE_2 = {ORCH + "market_data_service", ORCH + "account_telemetry",
                              ORCH + "equity_calculator"}

PAIRS_PHASE_0 = {
    frozenset({ORCH + "perps_bot", ORCH + "live_execution"}),
    frozenset({ORCH + "perps_bot", ORCH + "runtime_coordinator"}),
    frozenset({ORCH + "live_execution", ORCH + "execution_coordinator"}),
    frozenset({ORCH + "builders.perps_bot_builder", ORCH + "perps_bot"}),
    frozenset({ORCH + "config_controller", ORCH + "perps_bot"}),
    frozenset({ORCH + "order_reconciler", ORCH + "live_execution"}),
    frozenset({ORCH + "guardrails", ORCH + "perps_bot"}),
}
PAIRS_FIXED_IN_PHASE_2 = {
    frozenset({ORCH + "builders.perps_bot_builder", ORCH + "perps_bot"}),
    frozenset({ORCH + "live_execution", ORCH + "execution_coordinator"}),
    frozenset({ORCH + "order_reconciler", ORCH + "live_execution"}),
}


def _load_script():
    spec = importlib.util.spec_from_file_location("make_history", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is created
    spec.loader.exec_module(module)
    return module


make_history = _load_script()
TAGS = ["phase-0", "phase-1", "phase-2", "phase-3a", "phase-3b", "phase-3c"]


# --------------------------------------------------------------------------------------------------
# A minimal static import graph over a tree {path: text}.


def _module_of(path: str) -> str:
    dotted = path.removeprefix("src/").removesuffix(".py").replace("/", ".")
    return dotted.removesuffix(".__init__")


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _ImportCollector(ast.NodeVisitor):
    def __init__(self) -> None:
        self.kind = EAGER
        self.found: list[tuple[str | None, list[str] | None, int, str]] = []

    def _visit_scope(self, body, kind: str) -> None:
        outer, self.kind = self.kind, kind
        for stmt in body:
            self.visit(stmt)
        self.kind = outer

    def visit_FunctionDef(self, node) -> None:
        self._visit_scope(node.body, LOCAL if self.kind == EAGER else self.kind)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self._visit_scope(node.body, TYPE_CHECKING_)
            self._visit_scope(node.orelse, self.kind)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found += [(alias.name, None, 0, self.kind) for alias in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.found.append((node.module, [alias.name for alias in node.names], node.level,
                           self.kind))


def _defined_names(body: list[ast.stmt]) -> set[str]:
    """Names bound at module level, including under top-level ``if`` and ``try`` statements."""
    names: set[str] = set()
    for stmt in body:
        if isinstance(stmt, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(stmt.name)
        elif isinstance(stmt, ast.Assign):
            names.update(target.id for target in stmt.targets if isinstance(target, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            names.add(stmt.target.id)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in stmt.names)
        elif isinstance(stmt, ast.If):
            names |= _defined_names(stmt.body) | _defined_names(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            names |= _defined_names(stmt.body) | _defined_names(stmt.orelse)
            for handler in stmt.handlers:
                names |= _defined_names(handler.body)
    return names


def import_graph(tree: dict[str, str]) -> tuple[set[tuple[str, str, str]], list[str]]:
    """Return the edges (importer, imported, kind) inside ``bot_v2`` and the imports that do not
    resolve.

    ``from X import name`` resolves when ``X.name`` is a module or ``X`` defines ``name``.
    """
    sources = {_module_of(p): (p, text) for p, text in tree.items()
               if p.startswith("src/") and p.endswith(".py")}
    parsed = {module: ast.parse(text, filename=path) for module, (path, text) in sources.items()}
    defined = {module: _defined_names(module_ast.body) for module, module_ast in parsed.items()}
    edges, unresolved = set(), []
    for importer, (path, _) in sources.items():
        collector = _ImportCollector()
        collector.visit(parsed[importer])
        for module, names, level, kind in collector.found:
            if level:
                base = importer if path.endswith("__init__.py") else importer.rpartition(".")[0]
                for _ in range(level - 1):
                    base = base.rpartition(".")[0]
                target = f"{base}.{module}" if module else base
            else:
                target = module or ""  # an absolute import always names its module
            if target.split(".")[0] != "bot_v2":
                continue
            wanted: list[str | None] = list(names) if names else [None]
            for name in wanted:
                if name and f"{target}.{name}" in sources:
                    edges.add((importer, f"{target}.{name}", kind))
                elif target in sources and (name is None or name in defined[target]):
                    edges.add((importer, target, kind))
                else:
                    unresolved.append(f"{path}: {target} {name or ''}")
    return edges, unresolved


def cycles(edges, kinds=ALL_KINDS) -> list[set[str]]:
    """Strongly connected components with more than one module (Tarjan), over edges of ``kinds``."""
    graph: dict[str, set[str]] = {}
    for src, dst, kind in edges:
        if kind in kinds:
            graph.setdefault(src, set()).add(dst)
            graph.setdefault(dst, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def pair_cycles(edges, kinds=ALL_KINDS) -> set[frozenset[str]]:
    pairs = {(s, d) for s, d, k in edges if k in kinds and s != d}
    return {frozenset(pair) for pair in pairs if pair[::-1] in pairs}


def _orchestration_files(tree) -> list[str]:
    return [p for p in tree if p.startswith("src/bot_v2/orchestration/") and p.endswith(".py")]


def _orchestration_imports(tree, module: str) -> set[str]:
    edges, _ = import_graph(tree)
    return {dst for src, dst, _ in edges if src == module
                              and dst.startswith("bot_v2.orchestration")}


@pytest.fixture(scope="module")
def trees() -> dict[str, dict[str, str]]:
    return make_history.build_trees()


# --------------------------------------------------------------------------------------------------
# (a) The sample itself.


def test_every_sample_file_parses_without_being_imported():
    files = sorted(SAMPLE.rglob("*.py"))
    assert len(files) >= 70
    for path in files:
        compile(path.read_text(encoding="utf-8"), str(path), "exec", ast.PyCF_ONLY_AST,
                dont_inherit=True)
    assert not [m for m in sys.modules if m == "bot_v2" or m.startswith("bot_v2.")]


def test_sample_state_midway_through_phase_3():
    tree = make_history.read_tree(SAMPLE)
    orchestration = _orchestration_files(tree)
    assert len(orchestration) == 43
    assert len([p for p in orchestration if not p.endswith("__init__.py")]) == 35
    package = "src/bot_v2/"
    phase_3 = [change for step in make_history.STEPS[2:] for change in step.moves + step.splits]
    shims = [change.old for change in phase_3 if change.shim]
    assert len(shims) == 7 and len(phase_3) - len(shims) == 3
    for shim in shims:
        text = tree[package + shim]
        assert "DeprecationWarning" in text and "class " not in text, shim
        hooked = shim == "orchestration/configuration.py"
        assert ("def __getattr__(name: str)" in text) == hooked, shim
    assert "def __getattr__(name: str)" in tree[package + "orchestration/__init__.py"]
    gone = [change.old for change in phase_3 if not change.shim]
    gone += ["orchestration/symbols.py", "features/testing/__init__.py"]
    assert not [p for p in gone if package + p in tree]
    pending = ["orchestration/system_monitor.py", "orchestration/perps_bot.py",
               "orchestration/runtime_coordinator.py", "orchestration/lifecycle_service.py",
               "orchestration/strategy_registry.py", "orchestration/builders/perps_bot_builder.py"]
    assert all(package + p in tree for p in pending)
    assert package + "features/brokerages/deterministic.py" in tree  # the diverged move


def test_sample_imports_resolve_and_use_every_kind():
    edges, unresolved = import_graph(make_history.read_tree(SAMPLE))
    assert unresolved == []
    assert {kind for _, _, kind in edges} == ALL_KINDS
    text = (SAMPLE / "src/bot_v2/features/brokerages/coinbase.py").read_text()
    assert "except ImportError:" in text


def test_sample_cycles_differ_by_import_kind():
    edges, _ = import_graph(make_history.read_tree(SAMPLE))
    assert cycles(edges, {EAGER}) == [CYCLE_EAGER]
    assert sorted(map(sorted, cycles(edges, {EAGER, TYPE_CHECKING_}))) == sorted(
        map(sorted, [CYCLE_EAGER, CYCLE_TYPE_CHECKING]))
    assert sorted(map(sorted, cycles(edges, {EAGER, LOCAL}))) == sorted(
        map(sorted, [CYCLE_EAGER, CYCLE_LOCAL]))
    assert len(cycles(edges)) == 3
    assert pair_cycles(edges) == set()


def test_safety_fixture_would_delete_a_file_and_nothing_imports_it():
    tree = ast.parse((SAMPLE / "src/bot_v2/ops/cleanup.py").read_text())
    calls = [stmt.value for stmt in tree.body if isinstance(stmt, ast.Expr)
             and isinstance(stmt.value, ast.Call)]
    assert [ast.unparse(call) for call in calls] == ["os.remove(SENTINEL)"]
    edges, _ = import_graph(make_history.read_tree(SAMPLE))
    assert not [edge for edge in edges if edge[1].startswith("bot_v2.ops")]


# --------------------------------------------------------------------------------------------------
# The derived phases (in memory).


def test_every_phase_parses_and_its_imports_resolve(trees):
    assert list(trees) == TAGS
    for tag, tree in trees.items():
        for path, text in tree.items():
            if path.endswith(".py"):
                ast.parse(text, filename=f"{tag}:{path}")
        assert import_graph(tree)[1] == [], tag


def test_module_counts_per_phase(trees):
    counts = {tag: len(_orchestration_files(tree)) for tag, tree in trees.items()}
    assert counts == {"phase-0": 40, "phase-1": 43, "phase-2": 36, "phase-3a": 35, "phase-3b": 39,
                      "phase-3c": 43}
    without_init = [p for p in _orchestration_files(trees["phase-2"])
                    if not p.endswith("__init__.py")]
    assert len(without_init) == 31


def test_pair_cycles_are_removed_in_phases_1_and_2(trees):
    edges = {tag: import_graph(tree)[0] for tag, tree in trees.items()}
    assert pair_cycles(edges["phase-0"], {EAGER}) == PAIRS_PHASE_0
    assert pair_cycles(edges["phase-0"]) == PAIRS_PHASE_0
    assert pair_cycles(edges["phase-1"]) == PAIRS_FIXED_IN_PHASE_2
    for tag in TAGS[2:]:
        assert pair_cycles(edges[tag]) == set(), tag


def test_longer_cycles_survive_every_phase(trees):
    for tag, tree in trees.items():
        edges, _ = import_graph(tree)
        eager = cycles(edges, {EAGER})
        assert CYCLE_EAGER in eager, tag
        # The other two close only through one TYPE_CHECKING import or one function-local import.
        assert not any(CYCLE_TYPE_CHECKING.issubset(component) for component in eager), tag
        assert any(CYCLE_TYPE_CHECKING.issubset(c)
                   for c in cycles(edges, {EAGER, TYPE_CHECKING_})), tag
        local = CYCLE_LOCAL_BEFORE_PHASE_2 if tag in ("phase-0", "phase-1") else CYCLE_LOCAL
        assert not any(local <= component for component in eager), tag
        assert local in cycles(edges, {EAGER, LOCAL}), tag
    assert cycles(import_graph(trees["phase-2"])[0], {EAGER}) == [CYCLE_EAGER]


def test_phase_2_import_facts_from_the_team(trees):
    tree = trees["phase-2"]
    assert _orchestration_imports(tree, ORCH + "streaming_service") == set()
    assert _orchestration_imports(tree, ORCH + "guardrails") == {ORCH + "configuration",
                                                                 ORCH + "deterministic_broker"}
    assert _orchestration_imports(tree, ORCH + "system_monitor") == {
        ORCH + "perps_bot", ORCH + "configuration", ORCH + "service_registry"}


# --------------------------------------------------------------------------------------------------
# (b) The git repository.


def _blob_sha(text: str) -> str:
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    repo = tmp_path_factory.mktemp("history") / "bot_v2"
    return repo, make_history.make_history(repo)


def test_history_has_one_tagged_commit_per_phase(history):
    repo, shas = history
    assert list(shas) == [*TAGS, "midway"]
    assert shas["midway"] == shas["phase-3c"]
    assert len(set(shas.values())) == len(TAGS)
    assert git(repo, "rev-list", "--reverse", "main").split() == [shas[tag] for tag in TAGS]
    assert git(repo, "status", "--porcelain") == ""
    dates = [step.date for step in (make_history.PHASE_0, *make_history.STEPS)]
    log = git(repo, "log", "--reverse", "--date=iso-strict",
              "--format=%an <%ae> %ad %cn <%ce> %cd").splitlines()
    assert log == [f"bot_v2 team <team@bot-v2.invalid> {d} bot_v2 team <team@bot-v2.invalid> {d}"
                   for d in dates]


def test_history_is_deterministic_and_the_cli_works(history, tmp_path):
    _, shas = history
    result = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "again")],
                            check=True, capture_output=True, text=True)
    again = dict(line.split() for line in result.stdout.splitlines())
    assert again == shas


def test_every_tag_holds_exactly_its_phase_tree(history, trees):
    repo, _ = history
    for tag, tree in trees.items():
        listing = git(repo, "ls-tree", "-r", tag).splitlines()
        blobs = {line.split("\t")[1]: line.split()[2] for line in listing}
        assert blobs == {path: _blob_sha(text) for path, text in tree.items()}, tag


def test_midway_tag_equals_the_sample_directory(history):
    repo, _ = history
    on_disk = {
        path.relative_to(SAMPLE).as_posix(): _blob_sha(path.read_text(encoding="utf-8"))
        for path in SAMPLE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    listing = git(repo, "ls-tree", "-r", "midway").splitlines()
    assert {line.split("\t")[1]: line.split()[2] for line in listing} == on_disk
    orchestration = [p for p in on_disk if p.startswith("src/bot_v2/orchestration/")
                     and p.endswith(".py")]
    assert len(orchestration) == 43


def test_moves_without_shims_show_up_as_git_renames(history):
    repo, _ = history
    expected = {
        "phase-2": {("orchestration/account_telemetry.py", "monitoring/telemetry.py"),
                    ("orchestration/market_data_service.py", "features/market_data/service.py")},
        "phase-3a": {("orchestration/session_guard.py",
                      "features/live_trade/guardrails/session_guard.py")},
        "phase-3b": {("orchestration/config_controller.py", "orchestration/config/controller.py")},
        "phase-3c": {("orchestration/strategy_executor.py", "orchestration/strategy/executor.py")},
    }
    for tag, moves in expected.items():
        status = git(repo, "diff", "--name-status", "-M", f"{tag}~1", tag).splitlines()
        renames = {tuple(p.removeprefix("src/bot_v2/") for p in line.split("\t")[1:])
                   for line in status if line.startswith("R")}
        assert moves <= renames, tag


def test_make_history_refuses_a_non_empty_destination(tmp_path):
    (tmp_path / "keep.txt").write_text("precious")
    with pytest.raises(FileExistsError):
        make_history.make_history(tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "precious"
