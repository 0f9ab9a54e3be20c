"""Trend charts as Mermaid ``xychart-beta`` text (the history directive draws them)."""

from __future__ import annotations

from archdocs.render.mermaid import label_text


def chart_text(text: str) -> str:
    """``text`` as a quoted Mermaid string shown as written (the one label escaper, with entity
    codes for quotes, ``%%``, ``#``, ``;``, brackets and markup)."""
    return f'"{label_text(text)}"'


def xychart(title: str, labels: list[str], values: list[int], axis: str) -> str:
    """A bar chart with a line over it (y from zero). The labels are revision names (git tags
    anyone with push rights chose): :func:`chart_text` escapes them."""
    quoted = ", ".join(map(chart_text, labels))
    top = max([*values, 1])
    series = ", ".join(map(str, values))
    return (f"xychart-beta\n    title {chart_text(title)}\n    x-axis [{quoted}]\n"
            f"    y-axis {chart_text(axis)} 0 --> {top + max(1, top // 10)}\n"
            f"    bar [{series}]\n    line [{series}]\n")
