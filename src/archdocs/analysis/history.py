"""The same figures at every revision of a git history, read from git objects (no checkout).

Facts are cached by blob id, and each revision's load reuses the resolution of modules that did not
change since the previous one (see :mod:`archdocs.reading.load`): a hundred revisions cost little
more than the files that changed between them. One convention is used at every revision, so a trend
compares like with like.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from archdocs.analysis.metrics import Convention
from archdocs.analysis.plan import Figures, Plan, evaluate_plan, measure
from archdocs.model import KIND_SETS, ModuleFacts, Snapshot
from archdocs.reading.cache import FactsCache
from archdocs.reading.errors import SourceError
from archdocs.reading.git import git, resolve_revision
from archdocs.reading.load import LoadStats, load_snapshot
from archdocs.reading.sources import Selection

#: ``progress(done, total, label)`` after each revision.
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Revision:
    label: str  #: the ref(s) as named (tags joined by " / "), or a short commit id
    commit: str
    date: str  #: committer date, ISO 8601


@dataclass(frozen=True)
class Point:
    revision: Revision
    figures: Figures
    moves_completed: int | None = None  #: plan moves done (with or without a shim; not diverged)
    moves_total: int | None = None


@dataclass
class HistoryStats:
    """Summed over the revisions: how much was parsed, and how much came from the cache."""

    revisions: int = 0
    unchanged: int = 0  #: revisions whose code folder is the tree of the revision before
    files: int = 0
    parsed: int = 0
    cached: int = 0


def _log(repo: Path, *args: str) -> list[tuple[str, str]]:
    """(commit, committer date) of each commit ``git log args`` lists."""
    out = git(repo, "log", "--format=%H%x00%cI", *args).decode()
    fields = (line.partition("\0") for line in out.splitlines() if line)
    return [(commit, date) for commit, _, date in fields]


def revisions_for_refs(repo: Path, refs: Sequence[str]) -> list[Revision]:
    """The named refs, in the order given; SourceError for one that is not there."""
    out = []
    for ref in refs:
        commit = resolve_revision(repo, ref)
        out.append(Revision(ref, commit, _log(repo, "-1", commit)[0][1]))
    return out


def revisions_since(repo: Path, since: str, every: int = 1, branch: str = "HEAD") -> list[Revision]:
    """Every ``every``-th first-parent commit of ``branch`` since ``since`` (any date git reads),
    oldest first; the newest is always included."""
    if every < 1:
        raise ValueError("every must be 1 or more")
    tip = resolve_revision(repo, branch)  # git log gets the id: a branch is never an option
    commits = _log(repo, "--first-parent", "--reverse", f"--since={since}", tip)
    picked = commits[::every]
    if commits and picked[-1] != commits[-1]:
        picked.append(commits[-1])
    return [Revision(commit[:10], commit, date) for commit, date in picked]


def tagged_revisions(repo: Path) -> list[Revision]:
    """One revision per tagged commit, oldest commit first; tags on the same commit share a
    label."""
    if not (repo / ".git").exists() and not (repo / "HEAD").exists():
        raise SourceError(f"{repo}: not a git repository")
    # Oldest first; tags of one commit made together come newest name first (phase-3c, midway).
    lines = git(repo, "for-each-ref", "--sort=-refname", "--sort=creatordate",
                "--format=%(refname:short)", "refs/tags").decode().split()
    by_commit: dict[str, list[str]] = {}
    for tag in lines:
        by_commit.setdefault(resolve_revision(repo, tag), []).append(tag)
    dated = [(_log(repo, "-1", commit)[0][1], commit) for commit in by_commit]
    return [Revision(" / ".join(by_commit[commit]), commit, date)
            for date, commit in sorted(dated,
                                       key=lambda d: (d[0], lines.index(by_commit[d[1]][0])))]


def code_trees(repo: Path, commits: Sequence[str], subdir: str = "") -> list[str | None]:
    """The tree id of the code folder at each commit (None where it is missing), in one git call."""
    specs = [f"{c}:{subdir.strip('/')}" if subdir.strip("/") else f"{c}^{{tree}}" for c in commits]
    out = git(repo, "cat-file", "--batch-check", data="".join(f"{s}\n" for s in specs).encode())
    # each line "<id> tree <size>" or "... missing"
    found = [line.split() for line in out.decode().splitlines()]
    return [parts[0] if len(parts) == 3 and parts[1] == "tree" else None for parts in found]


def history(repo: str | Path, revisions: Sequence[Revision], package: str | None,
            convention: Convention, *, count_shims: bool = True, plan: Plan | None = None,
            subdir: str = "", selection: Selection | None = None, cache: FactsCache | None = None,
            stats: HistoryStats | None = None, progress: Progress | None = None) -> list[Point]:
    """Figures of ``package`` (and the plan's progress) at each revision, in the order given."""
    repo = Path(repo)
    where = f":{subdir}" if subdir else ""
    stats = stats if stats is not None else HistoryStats()
    baseline = None
    if plan is not None and plan.baseline:
        baseline = load_snapshot(f"{repo}@{plan.baseline}{where}", selection, cache=cache)
    points: list[Point] = []
    decoded: dict[str, ModuleFacts] = {}
    trees = code_trees(repo, [r.commit for r in revisions], subdir)
    if subdir and revisions and not any(trees):
        raise SourceError(f"{subdir!r} is not a folder of {repo} at any of these revisions")
    for index, revision in enumerate(revisions):
        if index and trees[index] is not None and trees[index] == trees[index - 1]:
            # The code did not change (a commit to docs or tests): the same figures, for free.
            points.append(replace(points[-1], revision=revision))
            stats.revisions += 1
            stats.unchanged += 1
            if progress is not None:
                progress(index + 1, len(revisions), revision.label)
            continue
        load = LoadStats()
        snapshot = _with_decoded_facts(
            load_snapshot(f"{repo}@{revision.commit}{where}", selection, cache=cache, stats=load),
            decoded)
        stats.revisions += 1
        stats.files += load.files
        stats.parsed += load.parsed
        stats.cached += load.cached
        if plan is not None:
            status = evaluate_plan(plan, snapshot, baseline)
            points.append(Point(revision, status.figures, status.completed, len(status.moves)))
        else:
            points.append(Point(revision, measure(snapshot, package, convention, count_shims)))
        decoded.update((m.blob, m.facts_source) for m in snapshot.modules
                       if isinstance(m.facts_source, ModuleFacts))
        if progress is not None:
            progress(index + 1, len(revisions), revision.label)
    return points


def _with_decoded_facts(snapshot: Snapshot, decoded: dict[str, ModuleFacts]) -> Snapshot:
    """The snapshot with facts already decoded at an earlier revision put in place: a blob that
    did not change is decoded once for the whole history, not once per revision."""
    if not decoded:
        return snapshot
    modules = tuple(replace(m, facts_source=decoded[m.blob]) if m.blob in decoded else m
                    for m in snapshot.modules)
    return Snapshot(snapshot.label, snapshot.roots, modules, snapshot.problems, snapshot.revision)


def table_rows(points: Sequence[Point],
               grouped: bool = True) -> tuple[tuple[str, ...], list[list[str]]]:
    """Header and cells of the history table (the CLI and the directive share it); ``grouped``
    writes thousands separators."""
    with_plan = bool(points) and points[0].moves_total is not None
    header = ("revision", "date", "modules", "lines", "classes", "internal imports",
              *(f"cycles ({name})" for name in KIND_SETS),
              *(("moves completed",) if with_plan else ()))
    rows = []
    for point in points:
        f = point.figures
        row = [point.revision.label, point.revision.date[:10], str(f.modules),
               f"{f.lines:,}" if grouped else str(f.lines), str(f.classes), str(f.internal_edges),
               *(str(n) for _, n in f.cycles)]
        if not f.present:  # zeros would read as a package emptied, not one that is not there
            row[2:] = ["absent"] + ["—"] * (len(row) - 3)
        if with_plan:
            row.append(f"{point.moves_completed}/{point.moves_total}")
        rows.append(row)
    return header, rows


def point_data(point: Point) -> dict[str, object]:
    """A point as plain data (JSON, CSV and tables share it)."""
    figures = point.figures
    data: dict[str, object] = {
        "revision": point.revision.label, "commit": point.revision.commit,
        "date": point.revision.date, "modules": figures.modules, "lines": figures.lines,
        "classes": figures.classes, "internal_edges": figures.internal_edges,
        "shims": figures.shims,
        "cycles": dict(figures.cycles),
        "present": figures.present,
    }
    if point.moves_total is not None:
        data["moves_completed"] = point.moves_completed
        data["moves_total"] = point.moves_total
    return data
