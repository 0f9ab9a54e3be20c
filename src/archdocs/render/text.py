"""The report as plain text (terminals) or Markdown (PR comments, wikis)."""

from __future__ import annotations

from typing import Any


def _table(headers: list[str], rows: list[list[Any]], markdown: bool) -> list[str]:
    cells = [[str(c) for c in row] for row in rows]
    if markdown:
        out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        return out + ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*headers), fmt.format(*("-" * w for w in widths)),
            *(fmt.format(*r) for r in cells)]


def _statement(imp: dict[str, Any]) -> str:
    """``path:line: text  (kind)``; an implied edge says which parent package the import runs."""
    runs = f", runs {imp['imported']} first" if imp["implied"] else ""
    return f"{imp['path']}:{imp['line']}: {imp['text']}  ({imp['kind']}{runs})"


def render_report(report: dict[str, Any], markdown: bool = False) -> str:
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    s = report["summary"]
    title = report["package"] or report["source"]
    out = [f"{h1}Architecture report: {title}", ""]
    if report.get("revision"):
        out += [f"Revision {report['revision']}", ""]
    out += [
        (f"{s['modules']} modules, {s['lines']:,} {report['convention']['lines']} lines, "
         f"{s['classes']} classes, {s['functions']} functions, "
         f"{s['internal_edges']} internal imports"),
        f"Convention: {report['convention']['description']}.",
        "Cycles: " + ", ".join(f"{n} {name}" for name, n in s["cycles"].items()),
        "",
        f"{h2}Largest modules", "",
        *_table(["module", "lines", "classes"],
                [[m["name"], m["lines"], m["classes"]] for m in report["hotspots"]], markdown),
        "", f"{h2}Most imported", "",
        *_table(["module", "imported by"],
                [[m["name"], m["fan_in"]] for m in report["most_imported"]], markdown),
        "", f"{h2}Cycles", "",
    ]
    any_cycle = False
    for kind_set, cycles in report["cycles"].items():
        for c in cycles:
            any_cycle = True
            out.append(f"- [{kind_set}] {len(c['members'])} modules: {' -> '.join(c['witness'])}")
            out += [f"    {_statement(imp)}" for imp in c["imports"]]
            n = len(c["breakers"])
            how = ("fewest imports" if c["breakers_exact"]
                   else "approximate: a greedy choice for a large cycle")
            out.append(f"  cut {n} import{'s' if n != 1 else ''} to break it ({how}):")
            out += [f"    {_statement(imp)}" for imp in c["breakers"]]
    if not any_cycle:
        out.append("No import cycles.")
    out += ["", f"{h2}Extraction candidates", "",
            *_table(["module", "lines", "imports from package", "dependents in package"],
                    [[c["name"], c["lines"], c["package_imports"], c["package_dependents"]]
                     for c in report["candidates"]], markdown)]
    out += ["", f"{h2}Problems", ""]
    out += [f"- {p['path']}:{p['line']}: {p['message']}" for p in report["problems"]] or ["None."]
    return "\n".join(out) + "\n"
