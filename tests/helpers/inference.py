"""Inferred migrations as table rows, and the small functions the inference tests move between
revisions (each written once, so a test that changes one sees every test that uses it)."""

from __future__ import annotations

import textwrap

from archdocs.analysis.migrations.infer import infer_map
from archdocs.reading.load import load_snapshot

#: old spec, new specs (space-separated), change, status
Row = tuple[str, str, str, str]


def table(old: str, new: str, package: str | None = None, *, private: bool = False) -> list[Row]:
    """The migrations inferred between two sources, one row per entry."""
    migrations = infer_map(load_snapshot(old), load_snapshot(new), package, private=private)
    return [(e.old.spec, " ".join(p.spec for p in e.new), e.change, e.status)
            for e in migrations.entries]


def rows(old: str, new: str, *, private: bool = False) -> dict[str, tuple[str, str, str]]:
    """``{old spec: (new specs, change, status)}``."""
    return {spec: (new_, change, status)
            for spec, new_, change, status in table(old, new, private=private)}


INFO_V1 = '''\
    def info(text):
        """Log a line."""
        line = text.strip()
        stamp = "[info] "
        print(stamp + line)
        return line
    '''
INFO_V2 = '''\
    def info(text, *, level="info"):
        """Log a line at a level."""
        prefix = f"[{level}] "
        out = prefix + str(text)
        print(out, flush=True)
        return out
    '''
NORM = '''\
    def norm(value):
        """Lower-case, no blanks."""
        text = str(value)
        text = text.strip().lower()
        return text.replace(" ", "")
    '''
ENABLED_V1 = '''\
    def enabled(flags, name):
        value = flags.get(name, "")
        return value in ("1", "yes", "true")
    '''
ENABLED_V2 = '''\
    def enabled(flags, name, default=False):
        if name not in flags:
            return default
        return str(flags[name]).lower() in {"1", "on", "yes", "true"}
    '''
INFO_V1, INFO_V2, NORM, ENABLED_V1, ENABLED_V2 = map(
    textwrap.dedent, (INFO_V1, INFO_V2, NORM, ENABLED_V1, ENABLED_V2))
