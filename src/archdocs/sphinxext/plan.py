"""The living plan in Sphinx: ``archdocs-plan``, ``archdocs-metrics`` and ``archdocs-history``.

Config values (paths relative to conf.py's folder):

* ``archdocs_plan`` — the plan TOML (see :mod:`archdocs.analysis.plan`); its problems and every move
  that does not resolve are warnings at the TOML line, so ``-W`` fails the build on a stale plan;
* ``archdocs_history_repo`` — a git repository whose revisions ``archdocs-history`` reads (also
  where the plan's ``baseline`` revision is looked up, to find code that went elsewhere);
* ``archdocs_history_refs`` — the revisions to show (default: every tag, oldest first).

```md
:::{archdocs-history}
:refs: phase-0 phase-2 midway
:chart: modules cycles
:::
```
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec
from sphinxcontrib.mermaid import mermaid

from archdocs.analysis.history import (
    Point,
    history,
    revisions_for_refs,
    revisions_since,
    table_rows,
    tagged_revisions,
)
from archdocs.analysis.plan import (
    DIVERGED,
    PENDING,
    SHIM,
    UNRESOLVED,
    MoveStatus,
    Plan,
    PlanStatus,
    cycles_of,
    evaluate_plan,
    measure,
    missing_package,
    read_plan,
)
from archdocs.model import Snapshot
from archdocs.reading.cache import FactsCache
from archdocs.reading.errors import SourceError
from archdocs.reading.load import load_snapshot
from archdocs.render.chart import xychart
from archdocs.sphinxext.analysis import derived
from archdocs.sphinxext.config import settings_of
from archdocs.sphinxext.directives.base import ArchdocsDirective, DirectiveError
from archdocs.sphinxext.domain import xref
from archdocs.sphinxext.log import warn
from archdocs.sphinxext.markup import joined, paragraph, table, verbatim

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Warning subtype: a plan problem (bad key, a move that resolves to nothing).
PLAN = "plan"
#: Figures ``archdocs-history`` can chart, with their axis titles.
CHARTS = {"modules": "modules", "lines": "lines", "classes": "classes", "edges": "internal edges",
          "cycles": "import-time cycles", "moves": "moves completed"}


def plan_path(env: BuildEnvironment, given: str = "") -> Path:
    value = given or env.config.archdocs_plan
    if not value:
        raise DirectiveError("no plan: set archdocs_plan in conf.py (a TOML file relative to its "
                             "folder), or give :plan:")
    path = settings_of(env.config).path(value)
    if not path.is_file():
        raise DirectiveError(f"plan file {path} not found (paths are relative to conf.py's folder)")
    env.note_dependency(str(path))
    return path


def _history_repo(env: BuildEnvironment) -> Path | None:
    value = env.config.archdocs_history_repo
    return settings_of(env.config).path(value) if value else None


def _note_refs(env: BuildEnvironment, repo: Path) -> None:
    """Re-read the page when the repository's refs change (a new tag, a rebuilt repository)."""
    git_dir = repo / ".git" if (repo / ".git").is_dir() else repo
    for path in [git_dir / "HEAD", git_dir / "packed-refs", *sorted((git_dir / "refs").rglob("*"))]:
        if path.is_file():
            env.note_dependency(str(path))


def _cache(env: BuildEnvironment) -> FactsCache:
    return FactsCache(Path(env.doctreedir) / "archdocs")


def plan_for(env: BuildEnvironment, path: Path) -> Plan:
    """The plan read once per build; its problems warned once, at their TOML lines."""

    def compute(snapshot: Snapshot) -> Plan:
        plan, problems = read_plan(path)
        for problem in problems:
            warn(problem.message, PLAN, f"{problem.path}:{problem.line or 1}")
        if plan is None:
            raise DirectiveError(f"the plan {path} cannot be used: see the warnings above")
        return plan

    return derived(env, ("plan", str(path)), compute)


def baseline_for(env: BuildEnvironment, plan: Plan) -> Snapshot | None:
    """The code at the plan's baseline revision in ``archdocs_history_repo``, if both are set."""
    repo = _history_repo(env)
    if not plan.baseline or repo is None:
        return None

    def compute(snapshot: Snapshot) -> Snapshot | None:
        cache = _cache(env)
        try:
            return load_snapshot(f"{repo}@{plan.baseline}", cache=cache)
        except SourceError as exc:
            warn(f"baseline {plan.baseline!r}: {exc}", PLAN, f"{plan.path}:{plan.line or 1}")
            return None
        finally:
            cache.close()

    return derived(env, ("plan-baseline", str(repo), plan.baseline), compute)


def status_for(env: BuildEnvironment, path: Path) -> PlanStatus:
    """The plan evaluated once per build; moves that do not resolve are warned at their line."""
    plan = plan_for(env, path)

    def compute(snapshot: Snapshot) -> PlanStatus:
        # Evaluated first: a package renamed since the plan's baseline is followed to its new name.
        status = evaluate_plan(plan, snapshot, baseline_for(env, plan))
        if missing_package(status, snapshot) is not None:
            raise DirectiveError(f"the plan's package {plan.package!r} is not in archdocs_sources")
        for move in status.moves:
            if move.status == UNRESOLVED:
                warn(f"plan move {move.move.label} does not resolve: {move.detail}", PLAN,
                     f"{plan.path}:{move.move.line or 1}")
        return status

    return derived(env, ("plan-status", str(path)), compute)


# --- archdocs-plan --------------------------------------------------------------------------------


def _link(name: str, package: str) -> Node:
    """A module link; inside the plan's package without its prefix (the tables stay readable)."""
    inside = name.startswith(package + ".")
    return xref(name, name[len(package) + 1:]) if inside else xref(name)


def _modules(names: tuple[str, ...], package: str) -> list[Node] | str:
    return joined(_link(n, package) for n in names) if names else "—"


def _status_cell(move: MoveStatus, package: str) -> Node | list[Node] | str:
    if move.status == DIVERGED:
        return [nodes.strong(DIVERGED, DIVERGED), nodes.Text(": went to "),
                *_modules(move.where, package)]
    if move.status == UNRESOLVED:
        return verbatim(nodes.strong(UNRESOLVED, UNRESOLVED), f": {move.detail}")
    if move.status == SHIM:  # how the old module still serves its importers
        return _stack(paragraph(SHIM), verbatim(move.detail, classes=["archdocs-note"]))
    return move.status


def _stack(*paragraphs: nodes.paragraph) -> nodes.container:
    out = nodes.container()
    out.extend(p for p in paragraphs if p.children)
    return out


def _move_row(move: MoveStatus, package: str) -> list[Any]:
    m = move.move
    what = _stack(paragraph(_link(m.source, package), " → ",
                            *joined(_link(d, package) for d in m.destinations)),
                  verbatim(m.notes, classes=["archdocs-note"]) if m.notes else paragraph())
    touches: nodes.Node | str = ""
    if move.status == PENDING:
        touches = _stack(
            paragraph(f"{move.lines:,} lines"),
            paragraph("imports: ", *_as_list(_modules(move.package_imports, package))),
            paragraph("imported by (must change): ", *_as_list(_modules(move.importers, package))),
            verbatim(move.detail, classes=["archdocs-note"]) if move.detail else paragraph())
    order = " · ".join(x for x in (str(m.priority) if m.priority is not None else "", m.risk) if x)
    return [what, verbatim(order) if order else "", _status_cell(move, package), touches,
            str(move.projected) if move.projected is not None else ""]


def _as_list(cell: list[Node] | str) -> list[Node | str]:
    return [cell] if isinstance(cell, str) else list(cell)


MOVE_COLUMNS = ("move", "priority · risk", "status", "before moving", "modules after")


def targets_table(status: PlanStatus, snapshot: Snapshot) -> nodes.table:
    plan, targets, figures = status.plan, status.plan.targets, status.figures
    rows = []
    if targets.modules is not None:
        low, high = targets.modules
        met = low <= figures.modules <= high
        rows.append([f"modules in {status.renamed or plan.package}", str(figures.modules),
                     f"{low}–{high}", "met" if met else "not met"])
    for spec, maximum in targets.cycles:
        now = cycles_of(figures, snapshot, spec)
        rows.append([f"{spec} cycles", str(now), f"at most {maximum}",
                     "met" if now <= maximum else "not met"])
    rows.append(["moves completed", str(status.completed), str(len(status.moves)),
                 "met" if status.completed == len(status.moves) else "in progress"])
    return table(("target", "now", "goal", "status"), rows, numeric=(False, True),
                 classes=["archdocs-plan-targets"])


class PlanDirective(ArchdocsDirective):
    """``archdocs-plan``: progress towards the targets, then each step's moves with their status."""

    required_arguments = 0
    option_spec: ClassVar[OptionSpec] = {"plan": directives.unchanged}

    def render(self, snapshot: Snapshot) -> list[Node]:
        status = status_for(self.env, plan_path(self.env, (self.options.get("plan") or "").strip()))
        self.show(snapshot.names, packages=("",))  # any module can start importing a source
        plan = status.plan
        summary = (f"{plan.title}: " if plan.title else "") + status.summary()
        out: list[Node] = [verbatim(summary, classes=["archdocs-plan-progress"]),
                           targets_table(status, snapshot),
                           paragraph(f"Counted with: {plan.targets.describe()}. Modules of "
                                     f"{plan.package} are named without that prefix; \"modules "
                                     "after\" is the count once this move and the pending ones "
                                     "above it are done.", classes=["archdocs-note"])]
        for name, notes in plan.steps:
            moves = [m for m in status.moves if m.move.step == name]
            if not moves:
                continue
            out.append(nodes.rubric(name, name, support_smartquotes=False))
            if notes:
                out.append(verbatim(notes))
            out.append(table(MOVE_COLUMNS, [_move_row(m, plan.package) for m in moves],
                             numeric=(False, False, False, False, True),
                             classes=["archdocs-plan"]))
        return out


# --- archdocs-metrics -----------------------------------------------------------------------------


class MetricsDirective(ArchdocsDirective):
    """``archdocs-metrics [PACKAGE]``: the current figures, with the convention they are counted
    with (the plan's for the plan's package, else the ``archdocs_count_init``/``_lines`` values)."""

    required_arguments = 0
    optional_arguments = 1

    def render(self, snapshot: Snapshot) -> list[Node]:
        plan = plan_for(self.env, plan_path(self.env)) if self.env.config.archdocs_plan else None
        if self.arguments:
            package = self.package(snapshot)
        elif plan is not None:
            package = plan.package
        else:
            raise DirectiveError("name a package (or set archdocs_plan: its package is the "
                                 "default)")
        self.show((m.name for m in snapshot.in_package(package)), packages=(package,))
        if plan is not None and plan.package == package:
            targets = plan.targets
            figures = measure(snapshot, package, targets.convention, targets.count_shims)
            described = targets.describe()
        else:
            convention = self.settings.convention
            figures = measure(snapshot, package, convention)
            described = convention.describe()
        rows = [["modules", str(figures.modules)], ["packages", str(figures.packages)],
                ["lines", f"{figures.lines:,}"], ["classes", str(figures.classes)],
                ["functions", str(figures.functions)],
                ["internal imports (module pairs)", str(figures.internal_edges)],
                ["shims (re-export only)", str(figures.shims)]]
        rows += [[f"cycles ({name})", str(count)] for name, count in figures.cycles]
        return [table(("figure", f"{package}"), rows, numeric=(False, True),
                      classes=["archdocs-metrics"]),
                paragraph(f"Counted with: {described}.", classes=["archdocs-note"])]


# --- archdocs-history -----------------------------------------------------------------------------


def _chart_values(points: list[Point], chart: str) -> list[int]:
    if chart == "cycles":
        return [dict(p.figures.cycles)["import-time"] for p in points]
    if chart == "moves":
        return [p.moves_completed or 0 for p in points]
    if chart == "edges":
        return [p.figures.internal_edges for p in points]
    return [getattr(p.figures, chart) for p in points]


class HistoryDirective(ArchdocsDirective):
    """``archdocs-history [PACKAGE]``: figures at each revision of ``archdocs_history_repo``, as a
    table and trend charts. Options: ``:refs:`` (default ``archdocs_history_refs``, else every
    tag), ``:since:`` with ``:every:``, ``:chart:`` (any of modules, lines, classes, edges,
    cycles, moves; default modules and cycles), ``:plan: off`` to leave the plan out."""

    required_arguments = 0
    optional_arguments = 1
    option_spec: ClassVar[OptionSpec] = {
        "refs": directives.unchanged, "since": directives.unchanged, "every": directives.unchanged,
        "chart": directives.unchanged, "plan": directives.unchanged}

    def render(self, snapshot: Snapshot) -> list[Node]:
        repo = _history_repo(self.env)
        if repo is None:
            raise DirectiveError("set archdocs_history_repo in conf.py (a git repository, relative "
                                 "to its folder)")
        _note_refs(self.env, repo)
        use_plan = self.switch("plan", bool(self.env.config.archdocs_plan))
        plan = plan_for(self.env, plan_path(self.env)) if use_plan else None
        package = self.arguments[0].strip() if self.arguments else plan.package if plan else None
        if plan is not None and package != plan.package:
            plan = None  # the plan counts its own package
        refs = self.words("refs", default=self.env.config.archdocs_history_refs)
        since = (self.options.get("since") or "").strip()
        every = self.positive_int("every") or 1
        charts = self.words("chart", CHARTS, default=("modules", "cycles"))
        if "moves" in charts and plan is None:
            raise DirectiveError(":chart: moves needs the plan (archdocs_plan, for the plan's "
                                 "package)")
        convention = plan.targets.convention if plan else self.settings.convention
        count_shims = plan.targets.count_shims if plan else True

        def compute(_: Snapshot) -> list[Point]:
            cache = _cache(self.env)
            try:
                if refs:
                    revisions = revisions_for_refs(repo, refs)
                elif since:
                    revisions = revisions_since(repo, since, every)
                else:
                    revisions = tagged_revisions(repo)
                return history(repo, revisions, package, convention, count_shims=count_shims,
                               plan=plan, cache=cache)
            finally:
                cache.close()

        try:
            points = derived(self.env, ("history", str(repo), package, refs, since, every,
                                        plan is not None), compute)
        except SourceError as exc:
            raise DirectiveError(str(exc)) from None
        if not points:
            raise DirectiveError(f"no revisions to show in {repo} (no tags; give :refs: or "
                                 ":since:)")
        header, rows = table_rows(points)
        what = package or "the code"
        grid = table(header, rows, numeric=(False, False, *([True] * (len(header) - 2))),
                     classes=["archdocs-history"])
        grid["support_smartquotes"] = False  # revision names (tags) are shown as written
        counted = plan.targets.describe() if plan else convention.describe()
        out: list[Node] = [grid, paragraph(f"Counted at every revision with: {counted}.",
                                           classes=["archdocs-note"])]
        labels = [p.revision.label for p in points]
        for chart in charts:
            node = mermaid()
            node["code"] = xychart(f"{CHARTS[chart].capitalize()} in {what}", labels,
                                   _chart_values(points, chart), CHARTS[chart])
            node["options"] = {}
            # nothing from the plan or the tags: sphinxcontrib-mermaid pastes "alt" into HTML
            # unescaped (png and svg output)
            node["alt"] = f"{CHARTS[chart]} at {len(labels)} revisions"
            out.append(node)
        return out


def _evaluate_before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read and evaluate the configured plan in the main process, once per build: its warnings
    come once, and ``-j N`` read workers inherit the result instead of each warning again."""
    path = settings_of(env.config).path(env.config.archdocs_plan)
    if not env.config.archdocs_plan or not path.is_file():
        return  # each directive using the plan reports it at its own line
    with contextlib.suppress(DirectiveError):  # likewise
        status_for(env, path)


def setup_plan(app: Sphinx) -> None:
    app.add_directive("archdocs-plan", PlanDirective)
    app.add_directive("archdocs-metrics", MetricsDirective)
    app.add_directive("archdocs-history", HistoryDirective)
    app.connect("env-before-read-docs", _evaluate_before_reading)
