"""An :class:`~archdocs.analysis.archdiff.ArchDiff` as a pull-request comment (GitHub Markdown): a
summary line, a Mermaid diagram of the changed imports only, and the lists. When nothing
architectural changed it is one line, so that a workflow can skip the comment. Names and messages
are text: escaped for Markdown and HTML (a contract's name comes from a config file)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from archdocs.render.mermaid import label_text, node_ids

if TYPE_CHECKING:  # a renderer sits below the analyses (pyproject.toml): no import cycle
    from archdocs.analysis.archdiff import ArchDiff

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
ADDED, REMOVED = "#1a7f37", "#cf222e"  #: GitHub's green and red, for edges and their labels


def md(text: str) -> str:
    """``text`` drawn as it is in GitHub Markdown: no emphasis, link, tag or entity."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN.sub(r"\\\1", text).replace("\n", " ")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 'es' if word.endswith(('s', 'ch')) else 's'}"


def summary(diff: ArchDiff) -> str:
    where = f"{md(diff.base)} → {md(diff.head)}"
    if diff.unchanged:
        return f"archdocs diff {where}: no architectural change."
    parts = [text for number, text in (
        (len(diff.added_modules), f"+{_count(len(diff.added_modules), 'module')}"),
        (len(diff.removed_modules), f"−{_count(len(diff.removed_modules), 'module')}"),
        (len(diff.added_imports), f"+{_count(len(diff.added_imports), 'import')}"),
        (len(diff.removed_imports), f"−{_count(len(diff.removed_imports), 'import')}"),
        (len(diff.new_cycles), f"{_count(len(diff.new_cycles), 'new cycle')}"),
        (len(diff.changed_cycles), f"{_count(len(diff.changed_cycles), 'changed cycle')}"),
        (len(diff.gone_cycles), f"{_count(len(diff.gone_cycles), 'cycle')} gone"),
        (len(diff.broken), f"{_count(len(diff.broken), 'contract breach')} new"),
        (len(diff.fixed), f"{_count(len(diff.fixed), 'contract breach')} fixed"),
    ) if number]
    return f"**archdocs diff** {where}: {', '.join(parts)}."


def mermaid(diff: ArchDiff) -> str:
    """The changed imports and their two ends only: added in green, removed in red (dashed)."""
    edges = [(e, "added") for e in diff.added_imports] + [(e, "removed")
                                                         for e in diff.removed_imports]
    names = tuple(sorted({n for (a, b), _ in edges for n in (a, b)}))
    ids = node_ids(names)
    lines = ["flowchart LR"]
    lines += [f'  {ids[n]}["{label_text(n)}"]' for n in names]
    for (a, b), kind in edges:
        arrow = "-->" if kind == "added" else "-.->"
        lines.append(f"  {ids[a]} {arrow}|{kind}| {ids[b]}")
    for number, (_, kind) in enumerate(edges):
        colour = ADDED if kind == "added" else REMOVED
        lines.append(f"  linkStyle {number} stroke:{colour},color:{colour}")
    return "\n".join(lines)


def render_comment(diff: ArchDiff) -> str:
    out = [summary(diff)]
    if diff.unchanged:
        return out[0] + "\n"
    if diff.added_imports or diff.removed_imports:
        out += ["", "```mermaid", mermaid(diff), "```"]

    def section(title: str, items: list[str]) -> None:
        if items:
            out.extend(["", f"### {title}", "", *(f"- {item}" for item in items)])

    section("Modules added", [f"`{m}`" for m in diff.added_modules])
    section("Modules removed", [f"`{m}`" for m in diff.removed_modules])
    section("Imports added", [f"`{a}` → `{b}`" for a, b in diff.added_imports])
    section("Imports removed", [f"`{a}` → `{b}`" for a, b in diff.removed_imports])
    section("New import cycles (import-time)", [", ".join(f"`{m}`" for m in c)
                                                for c in diff.new_cycles])
    section("Changed import cycles", [", ".join(f"`{m}`" for m in old) + " → "
                                      + ", ".join(f"`{m}`" for m in new)
                                      for old, new in diff.changed_cycles])
    section("Import cycles gone", [", ".join(f"`{m}`" for m in c) for c in diff.gone_cycles])
    section("Contracts newly broken", [f"{md(f'{p.path}:{p.line}')}: {md(p.message)}"
                                       for p in diff.broken])
    section("Contract breaches fixed", [f"{md(p.message)}" for p in diff.fixed])
    return "\n".join(out) + "\n"
