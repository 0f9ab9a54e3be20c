"""An :class:`~archdocs.analysis.archdiff.ArchDiff` as a pull-request comment (GitHub Markdown): a
summary line, a Mermaid diagram of the changed imports only, the lists (modules moved with their
migration entries, budgets crossed, contract breaches...) and a table of the touched modules'
lines and fan-in/out. When nothing architectural changed it is one line, so that a workflow can
skip the comment. Names and messages are text: escaped for Markdown and HTML (a contract's name
comes from a config file)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archdocs.analysis.archdiff import Neighbourhood, neighbourhood
from archdocs.analysis.views import NODE_BUDGET
from archdocs.render.markdown import md
from archdocs.render.mermaid import label_text, node_ids, over_limits

if TYPE_CHECKING:
    from archdocs.analysis.archdiff import ArchDiff, CycleChange, Figures, Move

ADDED, REMOVED = "#1a7f37", "#cf222e"  #: GitHub's green and red, for edges and their labels
#: GitHub refuses a comment of more than 65,536 characters: a longer one is cut to this many.
MAX_COMMENT = 60_000


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 'es' if word.endswith(('s', 'ch')) else 's'}"


def summary(diff: ArchDiff) -> str:
    where = f"{md(diff.base)} → {md(diff.head)}"
    if diff.unchanged:
        return f"archdocs diff {where}: no architectural change."
    cycles = {status: sum(c.status == status for c in diff.cycles)
              for status in ("new", "changed", "gone")}
    parts = [text for number, text in (
        (len(diff.added_modules), f"+{_count(len(diff.added_modules), 'module')}"),
        (len(diff.removed_modules), f"−{_count(len(diff.removed_modules), 'module')}"),
        (len(diff.moved), f"{_count(len(diff.moved), 'module')} moved"),
        (len(diff.added_imports), f"+{_count(len(diff.added_imports), 'import')}"),
        (len(diff.removed_imports), f"−{_count(len(diff.removed_imports), 'import')}"),
        (cycles["new"], _count(cycles["new"], "new cycle")),
        (cycles["changed"], _count(cycles["changed"], "changed cycle")),
        (cycles["gone"], f"{_count(cycles['gone'], 'cycle')} gone"),
        (len(diff.broken), f"{_count(len(diff.broken), 'contract breach')} new"),
        (len(diff.fixed), f"{_count(len(diff.fixed), 'contract breach')} fixed"),
        (sum(b.broken for b in diff.budgets),
         f"{_count(sum(b.broken for b in diff.budgets), 'budget')} crossed"),
        (sum(not b.broken for b in diff.budgets),
         f"{_count(sum(not b.broken for b in diff.budgets), 'budget')} kept again"),
    ) if number]
    return f"**archdocs diff** {where}: {', '.join(parts)}."


def mermaid(view: Neighbourhood) -> str:
    """The changed imports and their two ends only: added in green, removed in red (dashed); a
    folded neighbour is named with ``/``, a number counts the imports an edge stands for."""
    ids = node_ids(view.nodes)
    lines = ["flowchart LR"]
    lines += [f'  {ids[n]}["{label_text(n + "/" if n in view.folded else n)}"]'
              for n in view.nodes]
    for edge in view.edges:
        arrow = "-->" if edge.status == "added" else "-.->"
        label = edge.status if edge.imports == 1 else f"{edge.imports} {edge.status}"
        lines.append(f"  {ids[edge.importer]} {arrow}|{label}| {ids[edge.target]}")
    for number, edge in enumerate(view.edges):
        colour = ADDED if edge.status == "added" else REMOVED
        lines.append(f"  linkStyle {number} stroke:{colour},color:{colour}")
    return "\n".join(lines)


def render_comment(diff: ArchDiff) -> str:
    out = [summary(diff)]
    if diff.unchanged:
        return out[0] + "\n"
    view = neighbourhood(diff)
    drawing = mermaid(view)
    if view.edges and over_limits(drawing, len(view.edges)):
        out += ["", "Too many changed imports to draw (Mermaid's limits); they are listed below."]
    elif view.edges:
        out += ["", "```mermaid", drawing, "```"]
        if view.folded:
            out += ["", f"Modules that did not change themselves are drawn as their packages "
                    f"(a name ending in /), to keep the diagram within {NODE_BUDGET} boxes."]

    def section(title: str, items: list[str]) -> None:
        if items:
            out.extend(["", f"### {title}", "", *(f"- {item}" for item in items)])

    section("Modules added", [f"`{m}`" for m in diff.added_modules])
    section("Modules removed", [f"`{m}`" for m in diff.removed_modules])
    if diff.moved:
        out.extend(["", "### Modules moved", ""])
        for move in diff.moved:
            out.extend(_move(move))
    section("Budgets crossed", [
        f"{'**crossed**' if b.broken else 'kept again'}: {md(b.what)}: {b.before} → {b.after}, "
        f"the budget is {md(b.limit)} ({md(b.where)})" for b in diff.budgets])
    section("Imports added", [f"`{a}` → `{b}`" for a, b in diff.added_imports])
    section("Imports removed", [f"`{a}` → `{b}`" for a, b in diff.removed_imports])
    for status, title in (("new", "New import cycles"), ("changed", "Changed import cycles"),
                          ("gone", "Import cycles gone")):
        section(title, [_cycle(c) for c in diff.cycles if c.status == status])
    section("Contracts newly broken", [f"{md(f'{p.path}:{p.line}')}: {md(p.message)}"
                                       for p in diff.broken])
    section("Contract breaches fixed", [f"{md(p.message)}" for p in diff.fixed])
    if diff.inventory:
        out.extend(["", "### Modules touched", "", "| module | lines | fan-in | fan-out |",
                    "|---|--:|--:|--:|"])
        for delta in diff.inventory:
            cells = [_change(delta.before, delta.after, field)
                     for field in ("lines", "fan_in", "fan_out")]
            out.append(f"| `{delta.module}` | {' | '.join(cells)} |")
    return _fit(out)


def _fit(lines: list[str]) -> str:
    """The comment, cut after the last whole line that fits when it is longer than GitHub takes:
    the summary and the diagram (at most Mermaid's 50,000 characters) come first and stay."""
    text = "\n".join(lines) + "\n"
    if len(text) <= MAX_COMMENT:
        return text
    note = (f"… and {{}} more lines: a comment holds at most {MAX_COMMENT:,} characters here; "
            "`archdocs diff --format json` has everything.")
    kept: list[str] = []
    size = len(note) + 20
    for line in lines:
        if size + len(line) + 1 > MAX_COMMENT:
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join([*kept, "", note.format(len(lines) - len(kept))]) + "\n"


def _cycle(change: CycleChange) -> str:
    """``a``, ``b`` (import-time), or ``a``, ``b`` → ``a``, ``b``, ``c`` (all) when it changed."""
    members = ", ".join(f"`{m}`" for m in change.members)
    before = ", ".join(f"`{m}`" for m in change.before) + " → " if change.before else ""
    return f"{before}{members} ({change.kinds})"


def _move(move: Move) -> list[str]:
    """A moved module, the import to write instead and how the old one fares, then its names."""
    entry = move.entry
    new = ", ".join(f"`{m}`" for m in move.new)
    lines = [f"- `{move.old}` → {new} ({entry.change}; {md(entry.status_text)}): "
             f"write `{entry.replacement}`"]
    for name in move.names:
        lines.append(f"  - `{name.old.statement}` → `{name.replacement}` ({name.change})"
                     + (f": {md(name.reason)}" if name.reason else ""))
    return lines


def _change(before: Figures | None, after: Figures | None, field: str) -> str:
    """``12 → 15``, ``new: 15``, ``gone (was 12)`` or ``15`` when it did not change."""
    old = None if before is None else getattr(before, field)
    now = None if after is None else getattr(after, field)
    if old is None:
        return f"new: {now}"
    if now is None:
        return f"gone (was {old})"
    return str(now) if old == now else f"{old} → {now}"
