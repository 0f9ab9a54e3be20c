"""Which new import inference recommends when several would work (issue #14, cases 1-5): each a
two-commit git repository, each failing on the inference that did not prefer in this order:
the same ``module:name`` still defining the object (stayed, rewritten: not a move); a public path
over a private module; a path outside a frozen copy of the old API; the same name over a similar
one. Plus a PEP 562 hook bound by assignment, external re-exports, and ``TYPE_CHECKING`` names."""

from __future__ import annotations

import textwrap

from tests.helpers.inference import ENABLED_V1, ENABLED_V2, INFO_V1, INFO_V2, NORM, rows

from archdocs.analysis.migrations.infer import infer_map
from archdocs.reading.load import load_snapshot


def test_1_public_path_for_every_kind(repo):
    """A constant and a function moved into ``pkg.util.impl`` and re-exported by ``pkg.util``:
    both get the package, the constant too (it has no body to match: it follows its module)."""
    r = repo()
    r.write({"pkg/__init__.py": "", "pkg/old.py": "CONST = 3\n\n\n" + NORM})
    old = r.release("v1")
    r.write({"pkg/old.py": None, "pkg/util/impl.py": "CONST = 3\n\n\n" + NORM,
             "pkg/util/__init__.py": 'from pkg.util.impl import CONST, norm\n\n'
                                     '__all__ = ["CONST", "norm"]\n'})
    new = r.release("v2")
    got = rows(old, new)
    assert got["pkg.old:CONST"] == ("pkg.util:CONST", "moved", "removed")
    assert got["pkg.old:norm"] == ("pkg.util:norm", "moved", "removed")


def test_2_stayed_and_rewritten_is_not_a_move(repo):
    """``pkg.core:info`` rewritten in place, its re-exporter deleted: the re-exporter's users are
    sent to ``pkg.core``, not told it was removed — and not sent to a frozen copy of the old body
    in ``pkg.legacy``."""
    r = repo()
    r.write({"pkg/__init__.py": "", "pkg/core.py": INFO_V1,
             "pkg/helpers.py": "from pkg.core import info\n\n__all__ = ['info']\n"})
    old = r.release("v1")
    r.write({"pkg/core.py": INFO_V2, "pkg/helpers.py": None})
    new = r.release("v2")
    got = rows(old, new)
    assert "pkg.core:info" not in got
    assert got["pkg.helpers:info"] == ("pkg.core:info", "moved", "removed")

    r.write({"pkg/legacy/__init__.py": "", "pkg/legacy/core.py": INFO_V1})
    frozen = r.release("v3")
    got = rows(old, frozen)
    assert "pkg.core:info" not in got
    assert got["pkg.helpers:info"] == ("pkg.core:info", "moved", "removed")


def test_2_type_checking_star_import_served_by_getattr(repo):
    """``if TYPE_CHECKING: from pkg.impl import *`` plus a hook that imports ``pkg.impl``: the
    old path still works (the hook serves it), the name lives in ``pkg.impl``."""
    r = repo()
    r.write({"pkg/__init__.py": "", "pkg/api.py": NORM})
    old = r.release("v1")
    r.write({"pkg/impl.py": NORM, "pkg/api.py": '''\
        import importlib
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from pkg.impl import *


        def __getattr__(name):
            return getattr(importlib.import_module("pkg.impl"), name)
        '''})
    new = r.release("v2")
    got = rows(old, new)
    assert got["pkg.api:norm"][:1] == ("pkg.impl:norm",)
    assert got["pkg.api:norm"][2] in ("deprecated", "works")


def test_3_getattr_bound_by_assignment_is_a_shim(repo):
    """``__getattr__ = forward("pkg.new")``: the old module still serves the names it forwards."""
    r = repo()
    r.write({"pkg/__init__.py": "", "pkg/old.py": NORM,
             "pkg/_compat.py": '''\
                import importlib


                def forward(target):
                    def hook(name):
                        return getattr(importlib.import_module(target), name)
                    return hook
                '''})
    old = r.release("v1")
    r.write({"pkg/new.py": NORM,
             "pkg/old.py": 'from pkg._compat import forward\n\n__getattr__ = forward("pkg.new")\n'})
    new = r.release("v2")
    got = rows(old, new)
    assert got["pkg.old:norm"] == ("pkg.new:norm", "moved", "deprecated")
    assert got["pkg.old"][2] != "removed"


def test_4_public_copy_over_private_module(repo):
    """The function moved to ``pkg._helpers`` and an identical copy sits in ``pkg.compat.util``:
    a private module is never recommended while a public path serves the name."""
    r = repo()
    r.write({"pkg/__init__.py": "", "pkg/helpers.py": NORM})
    old = r.release("v1")
    r.write({"pkg/helpers.py": None, "pkg/_helpers.py": NORM,
             "pkg/compat/__init__.py": "", "pkg/compat/util.py": NORM})
    new = r.release("v2")
    assert rows(old, new)["pkg.helpers:norm"] == ("pkg.compat.util:norm", "moved", "removed")


def test_5_rewritten_sibling_follows_its_module(repo):
    """``norm`` and ``enabled`` moved together, ``enabled`` rewritten on the way: it follows its
    module (whose row says where it went), marked as changed; a renamed class is "renamed" with
    the evidence."""
    r = repo()
    engine = '''\
        class OldEngine:
            """Runs jobs."""

            def __init__(self, jobs):
                self.jobs = list(jobs)

            def run(self):
                return [job() for job in self.jobs]

            def size(self):
                return len(self.jobs)
        '''
    engine = textwrap.dedent(engine)
    r.write({"pkg/__init__.py": "", "pkg/helpers.py": NORM + "\n\n" + ENABLED_V1 + "\n\n" + engine})
    old = r.release("v1")
    renamed = engine.replace("OldEngine", "Engine").replace("Runs jobs.", "Runs the jobs.") \
        .replace("return len(self.jobs)", "return sum(1 for _ in self.jobs)")
    r.write({"pkg/helpers.py": None, "pkg/shared/__init__.py": "",
             "pkg/shared/utils.py": NORM + "\n\n" + ENABLED_V2 + "\n\n" + renamed})
    new = r.release("v2")
    migrations = infer_map(load_snapshot(old), load_snapshot(new))
    got = {e.old.spec: e for e in migrations.entries}
    assert got["pkg.helpers"].new[0].spec == "pkg.shared.utils"
    assert got["pkg.helpers:norm"].new[0].spec == "pkg.shared.utils:norm"
    enabled = got["pkg.helpers:enabled"]
    assert (enabled.new[0].spec, enabled.change, enabled.status) == (
        "pkg.shared.utils:enabled", "moved", "removed")
    assert "changed" in enabled.reason
    engine_entry = got["pkg.helpers:OldEngine"]
    assert (engine_entry.new[0].spec, engine_entry.change) == ("pkg.shared.utils:Engine", "renamed")
    assert "renamed?" in engine_entry.reason and "%" in engine_entry.reason


def test_same_signature_over_a_closer_body(repo):
    """Two new homes of the same name: the one that kept the signature is where the function
    went (its body was edited), not the copy whose body is closer but takes other parameters."""
    r = repo()
    r.write({"pkg/__init__.py": "", "pkg/helpers.py": NORM})
    old = r.release("v1")
    edited = NORM.replace('text.replace(" ", "")', 'text.replace(" ", "").replace("-", "")')
    r.write({"pkg/helpers.py": None, "pkg/clean.py": edited,
             "pkg/text.py": NORM.replace("def norm(value):", "def norm(value, keep=None):")})
    new = r.release("v2")
    assert rows(old, new)["pkg.helpers:norm"] == ("pkg.clean:norm", "moved", "removed")
