"""The Markdown migration guide draws text from releases and code as written, never as markup."""

from __future__ import annotations

from archdocs.analysis.migrations.model import MigrationMap
from archdocs.model import Problem
from archdocs.render.migrations import render_markdown

HOSTILE = "evil\n# Injected heading <img src=x onerror=alert(1)> [link](http://x) **bold**"


def test_label_notes_and_problems_are_text() -> None:
    guide = render_markdown(MigrationMap(label=HOSTILE, notes=(HOSTILE,)),
                            [Problem("pkg/a.py", 3, HOSTILE)])
    lines = guide.splitlines()
    assert lines[0].startswith("# Migration guide: evil ")  # one line: no heading injected
    assert not any(line.startswith("# Injected") for line in lines)
    assert "<img" not in guide and "&lt;img" in guide
    assert "[link](http" not in guide and "\\[link\\](http" in guide
    assert "**bold**" not in guide and "\\*\\*bold\\*\\*" in guide
    assert sum(1 for line in lines if line.startswith("> ")) == 1
