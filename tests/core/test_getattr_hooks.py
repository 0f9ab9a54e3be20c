"""A module ``__getattr__`` bound by assignment from a factory (issue #14, case 3) is a PEP 562 hook
like a ``def __getattr__``: every reader says so and keeps the dotted names it may serve."""

from __future__ import annotations

import pytest
from tests.helpers.readers import READERS


def facts(source: str, reader: str):
    got = READERS[reader](source.encode())
    assert got is not None, f"{reader} declined the snippet"
    assert got.problems == ()
    return got


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize(("source", "targets"), [
    ('from pkg._forward import forward\n\n__getattr__ = forward("pkg.new")\n', ("pkg.new",)),
    (("import lazy_loader as lazy\n\n__getattr__, __dir__, __all__ = lazy.attach(\n"
      "    __name__, submodules=['pkg.io', 'pkg.draw'],\n)\n"), ("pkg.draw", "pkg.io")),
    ("import sys\nif sys.version_info >= (3, 7):\n"
     "    __getattr__ = _deprecated.hook('a.b')  # c.d\n", ("a.b",)),
    ('def __getattr__(name):\n    from pkg.new import Old\n    return Old\nX = "x.y"\n',
     ("x.y",)),  # the def, as before: the file's dotted strings
], ids=["forward", "lazy-attach", "guarded", "def"])
def test_a_factory_bound_getattr_is_a_hook(reader: str, source: str,
                                           targets: tuple[str, ...]) -> None:
    got = facts(source, reader)
    assert got.has_getattr
    assert got.getattr_targets == targets
    assert "__getattr__" in got.bound_names


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("source", [
    '__getattr__ = None\nX = "pkg.new"\n',  # not made by a call
    'getattr_ = forward("pkg.new")\n',
    'def f():\n    __getattr__ = forward("pkg.new")\n',  # inside a function: not the module's
    'class C:\n    __getattr__ = forward("pkg.new")\n',
    'x = __getattr__ == forward("pkg.new")\n',
], ids=["none", "other-name", "in-function", "in-class", "comparison"])
def test_other_bindings_are_not_hooks(reader: str, source: str) -> None:
    got = facts(source, reader)
    assert not got.has_getattr and got.getattr_targets == ()
