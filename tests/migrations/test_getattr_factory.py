"""``__getattr__ = forward("pkg.new")`` (issue #14, case 3) read by both readers as a PEP 562 hook
whose dotted strings are what it serves: the names it forwards are old paths that still work, a
name that went elsewhere is not served by it."""

from __future__ import annotations

import pytest
from tests.helpers.inference import NORM, rows

from archdocs.reading.fast import _reader as scan

ELSEWHERE = '''\
def slug(value):
    """Dashes for blanks."""
    text = str(value).strip()
    return "-".join(text.split())
'''

FORWARD = '''\
import importlib


def forward(target):
    def hook(name):
        return getattr(importlib.import_module(target), name)
    return hook
'''


@pytest.mark.parametrize("reader", ["fast", "tree-sitter"])
def test_the_forwarded_old_path_is_served_by_the_shim(repo, monkeypatch, reader):
    if reader == "tree-sitter":  # the fast reader declines: every file goes to tree-sitter
        monkeypatch.setattr(scan, "scan_facts", lambda data: None)
    r = repo()
    r.write({"pkg/__init__.py": "", "pkg/old.py": NORM + "\n\n" + ELSEWHERE,
             "pkg/_compat.py": FORWARD})
    old = r.release("v1")
    r.write({"pkg/new.py": NORM, "pkg/other.py": ELSEWHERE,
             "pkg/old.py": 'from pkg._compat import forward\n\n__getattr__ = forward("pkg.new")\n'})
    new = r.release("v2")
    got = rows(old, new)
    assert got["pkg.old:norm"] == ("pkg.new:norm", "moved", "deprecated")  # the shim serves it
    assert got["pkg.old:slug"][:1] == ("pkg.other:slug",)
    assert got["pkg.old:slug"][2] == "removed"  # forward("pkg.new") does not reach pkg.other
