"""The map as tables (Markdown, JSON, CSV) and as ruff ``flake8-tidy-imports.banned-api`` settings.

Every output has the same columns in the same order as the docs table, so a reader can move
between the page, the CLI and a spreadsheet without relearning it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from archdocs.analysis.migrations.model import Entry, ImportPath, MigrationMap
from archdocs.model import Problem
from archdocs.render.json_ import dumps
from archdocs.render.markdown import inline

#: Version of the JSON format (``schema/migrations.schema.json``): fields may be added; removing or
#: changing one bumps it.
SCHEMA_VERSION = 1
COLUMNS = ("old import", "new import", "kind", "change", "status", "since")
#: Extra column when the map is shown with the code's own remaining uses of old paths.
USES_COLUMN = "still imported by"

#: Old path → modules of the code base that still import it (see :func:`~.usage.internal_uses`).
Uses = Mapping[ImportPath, tuple[str, ...]]


def columns(uses: Uses | None = None) -> tuple[str, ...]:
    return (*COLUMNS, USES_COLUMN) if uses else COLUMNS


def row(entry: Entry, uses: Uses | None = None) -> tuple[str, ...]:
    """The table cells of one entry (shared by every renderer and the directive)."""
    new = " | ".join(p.statement for p in entry.new) or "—"
    change = entry.change + (f" ({entry.reason})" if entry.reason else "")
    cells = (entry.old.statement, new, entry.kind, change, entry.status_text, entry.since)
    return (*cells, ", ".join(uses.get(entry.old, ())) or "—") if uses else cells


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|")


def render_markdown(migrations: MigrationMap, problems: Sequence[Problem] = (),
                    uses: Uses | None = None) -> str:
    """The guide as Markdown; text that came from code or release metadata (labels, notes,
    reasons, problems) is escaped so that it renders as written, never as markup."""
    title = "# Migration guide" + (f": {inline(migrations.label)}" if migrations.label else "")
    out = [title, ""]
    out += [f"> {inline(note)}" for note in migrations.notes] + ([""] if migrations.notes else [])
    header = columns(uses)
    for module, entries in migrations.grouped().items():
        out += [f"## `{module}`", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(f"`{_escape(c)}`" if i < 2 and c != "—" else inline(c)
                                  for i, c in enumerate(row(e, uses))) + " |" for e in entries]
        out.append("")
    if not migrations.entries:
        out += ["No import path changed.", ""]
    if problems:
        out += ["## Problems", ""] + [f"- {inline(str(p))}" for p in problems] + [""]
    return "\n".join(out)


def map_data(migrations: MigrationMap, problems: Sequence[Problem] = (),
             uses: Uses | None = None) -> dict[str, object]:
    """JSON-ready: entries with old/new as dotted paths and as ``module:name`` specs."""
    uses = uses or {}
    return {
        "schema": SCHEMA_VERSION,
        "label": migrations.label,
        "notes": list(migrations.notes),
        "entries": [
            {"old": e.old.dotted, "old_spec": e.old.spec, "new": [p.dotted for p in e.new],
             "new_spec": [p.spec for p in e.new], "kind": e.kind, "change": e.change,
             "status": e.status, "since": e.since, "reason": e.reason, "origin": e.origin,
             "where": e.where, "replacement": e.replacement,
             "imported_by": list(uses.get(e.old, ()))}
            for e in migrations.entries
        ],
        "problems": [{"path": p.path, "line": p.line, "message": p.message, "code": p.code}
                     for p in problems],
    }


def render_json(migrations: MigrationMap, problems: Sequence[Problem] = (),
                uses: Uses | None = None) -> str:
    return dumps(map_data(migrations, problems, uses))


def render_csv(migrations: MigrationMap) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("old", "new", "kind", "change", "status", "since", "reason", "origin"))
    for e in migrations.entries:
        writer.writerow((e.old.dotted, " ".join(p.dotted for p in e.new), e.kind, e.change,
                         e.status, e.since, e.reason, e.origin))
    return buffer.getvalue()


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_ruff(migrations: MigrationMap) -> str:
    """``[tool.ruff.lint.flake8-tidy-imports.banned-api]`` entries for every old path, each
    message naming the replacement (ruff TID251 flags imports and attribute uses of them)."""
    out = ["[tool.ruff.lint.flake8-tidy-imports.banned-api]"]
    for e in migrations.entries:
        since = f" (since {e.since})" if e.since else ""
        message = (f"moved{since}: use `{e.replacement}`" if e.new
                   else f"removed{since}: {e.replacement}")
        if e.change == "split":
            message = f"split{since}: names now live in " + ", ".join(p.dotted for p in e.new)
        out.append(f"{_toml_string(e.old.dotted)}.msg = {_toml_string(message)}")
    return "\n".join(out) + "\n"

