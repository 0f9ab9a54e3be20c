"""A package's ``__getattr__`` serves the names it spells, not everything its submodules define
(issue #14): numpy 2.0's hook imports ``numpy.exceptions`` to return the module, yet
``from numpy import AxisError`` fails; sphinx 8's hook serves ``import_object`` from a table keyed
by the name. Read the same from a revision (git blobs), a checkout and the command line.
"""

from __future__ import annotations

import json

from tests.helpers.sphinx_build import migration_rows

from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.release import load_release
from archdocs.cli import main

ERROR = '''\
class AxisError(ValueError):
    """An axis out of range."""

    def __init__(self, axis, ndim):
        self.axis = axis
        self.ndim = ndim
        super().__init__(f"axis {axis} is out of bounds for array of dimension {ndim}")
'''

TOOL = '''\
class Tool:
    """Something old callers still import from the package."""

    def run(self, value):
        result = value * 2
        return result + 1
'''

HOOK = '''\
import warnings

from pkg import _tools, errors

_DEPRECATED = {"Tool": _tools.Tool}


def __getattr__(name):
    if name == "errors":
        return errors
    if name in _DEPRECATED:
        warnings.warn(f"pkg.{name} is deprecated", DeprecationWarning, stacklevel=2)
        return _DEPRECATED[name]
    raise AttributeError(name)
'''

EXPECTED = {
    # held by the package, never spelled by its hook: gone from ``pkg``, with where it went
    "pkg:AxisError": (["pkg.errors:AxisError"], "moved", "removed"),
    # spelled as the table's key: still served, with a warning
    "pkg:Tool": (["pkg._tools:Tool"], "moved", "deprecated"),
    "pkg.core": (["pkg._tools", "pkg.errors"], "split", "removed"),
    "pkg.core:AxisError": (["pkg.errors:AxisError"], "moved", "removed"),
    "pkg.core:Tool": (["pkg._tools:Tool"], "moved", "removed"),
}


def test_a_package_hook_serves_what_it_spells(repo, capsys):
    r = repo()
    old = r.release("v1", {"pkg/__init__.py": "from pkg.core import AxisError, Tool\n",
                           "pkg/core.py": ERROR + "\n\n" + TOOL})
    new = r.release("v2", {"pkg/core.py": None, "pkg/__init__.py": HOOK, "pkg/errors.py": ERROR,
                           "pkg/_tools.py": TOOL})
    for sides in ((old, new), (old, str(r.path))):  # a revision, then the checkout of v2
        old_release, new_release = (load_release(side) for side in sides)
        spelled = new_release.spelled["pkg"]
        assert "Tool" in spelled and "AxisError" not in spelled
        migrations = infer_map(old_release, new_release)
        got = {e.old.spec: ([p.spec for p in e.new], e.change, e.status)
               for e in migrations.entries}
        assert got == EXPECTED, sides
    assert main(["migrations", "--from", "v1", "--to", "v2", "--repo", str(r.path),
                 "--format", "json", "--no-cache"]) == 0
    entries = json.loads(capsys.readouterr().out)["entries"]
    assert {e["old"]: e["status"] for e in entries} == {
        old.replace(":", "."): status for old, (_, _, status) in EXPECTED.items()}


def test_the_directive_reads_the_hook_as_the_command_line_does(tmp_path, make_app):
    """``archdocs-migrations`` with ``:from:`` compares the documented code read the same way:
    the package's hook serves ``Tool`` (spelled), not ``AxisError`` (only held)."""
    files = {
        "conf.py": 'extensions = ["archdocs"]\nexclude_patterns = ["_build", "code", "old"]\n'
                   'archdocs_sources = ["code"]\n',
        "index.rst": "Guide\n=====\n\n.. archdocs-migrations:: pkg\n   :from: old\n",
        "old/pkg/__init__.py": "from pkg.core import AxisError, Tool\n",
        "old/pkg/core.py": ERROR + "\n\n" + TOOL,
        "code/pkg/__init__.py": HOOK, "code/pkg/errors.py": ERROR, "code/pkg/_tools.py": TOOL,
    }
    rows = migration_rows(make_app, tmp_path / "proj", files)
    assert rows["migration-pkg-axiserror"][4] == "old path removed"
    assert rows["migration-pkg-tool"][4] == "old path still works (deprecated)"
