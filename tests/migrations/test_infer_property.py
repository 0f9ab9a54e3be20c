"""The property of issue #14 on generated releases: for every inferred entry the new import resolves
at the new release, and the old import resolves there exactly when the entry says it still works
(a shim or an alias serves it); and an old import that stops working always has an entry.

Each example is a package whose functions move (with or without a re-export left behind, a
``__getattr__`` shim, into a private module), stay, or go, read as two folders.
"""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from archdocs.analysis.migrations.infer import infer_map
from archdocs.analysis.migrations.model import ImportPath
from archdocs.analysis.migrations.release import Release, load_release

MODULES = ("alpha", "beta", "gamma", "_hidden")
FATES = ("stay", "move", "move-reexport", "move-hook", "remove")


def body(index: int) -> str:
    """A function whose body lines are its own (so a moved one is found by its code)."""
    return textwrap.dedent(f'''\
        def func{index}(value, scale={index}):
            """Function number {index}."""
            shifted = value + {index * 7}
            scaled = shifted * scale
            checked = max(scaled, {index})
            return checked - {index * 3}
        ''')


def write(root: Path, modules: dict[str, list[str]]) -> str:
    (root / "pkg").mkdir(parents=True)
    for module, parts in {"__init__": [""], **modules}.items():
        (root / "pkg" / f"{module}.py").write_text("\n\n".join(parts) + "\n")
    return str(root)


@st.composite
def histories(draw: st.DrawFn) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Old and new module texts of ``pkg``: where each function lives before and after."""
    count = draw(st.integers(min_value=1, max_value=5))
    old: dict[str, list[str]] = {}
    new: dict[str, list[str]] = {}
    hooks: dict[str, set[str]] = {}
    for index in range(count):
        home = draw(st.sampled_from(MODULES))
        fate = draw(st.sampled_from(FATES))
        exported = draw(st.booleans())  # the package re-exports it (before, and after if kept)
        old.setdefault(home, []).append(body(index))
        if exported:
            old.setdefault("__init__", []).append(f"from pkg.{home} import func{index}")
        if fate == "stay":
            new.setdefault(home, []).append(body(index))
            if exported:
                new.setdefault("__init__", []).append(f"from pkg.{home} import func{index}")
            continue
        if fate == "remove":
            new.setdefault(home, [])
            continue
        target = draw(st.sampled_from([m for m in (*MODULES, "moved", "_moved") if m != home]))
        new.setdefault(target, []).append(body(index))
        if exported and draw(st.booleans()):
            new.setdefault("__init__", []).append(f"from pkg.{target} import func{index}")
        if fate == "move-reexport":
            new.setdefault(home, []).append(f"from pkg.{target} import func{index} as func{index}")
        elif fate == "move-hook":
            hooks.setdefault(home, set()).add(target)
        else:
            new.setdefault(home, [])
    for home, targets in hooks.items():
        imports = "\n".join(f"from pkg import {t} as _{t.strip('_')}" for t in sorted(targets))
        lookups = "\n".join(f"    if hasattr(_{t.strip('_')}, name):\n"
                            f"        return getattr(_{t.strip('_')}, name)"
                            for t in sorted(targets))
        new.setdefault(home, []).insert(0, f"{imports}\n\n\ndef __getattr__(name):\n{lookups}\n"
                                           "    raise AttributeError(name)")
    # A module left with nothing to say is deleted, as a move without a shim does.
    new = {module: parts for module, parts in new.items() if parts}
    return old, new


def resolves(release: Release, path: ImportPath) -> bool:
    api = release.api()
    return api.resolve(path.module, path.name) is not None if path.name else api.exists(path.module)


@settings(max_examples=60, deadline=None)
@given(histories())
def test_entries_resolve_and_every_broken_import_has_one(history):
    old_modules, new_modules = history
    with tempfile.TemporaryDirectory() as tmp:
        old = load_release(write(Path(tmp) / "old", old_modules))
        new = load_release(write(Path(tmp) / "new", new_modules))
        migrations = infer_map(old, new, private=True)
        for entry in migrations.entries:
            assert all(resolves(new, path) for path in entry.new), entry
            assert resolves(new, entry.old) == (entry.status != "removed"), entry
        old_api, new_api = old.api(), new.api()
        for module in old.snapshot.modules:
            for name in old_api.names(module.name):
                if new_api.resolve(module.name, name) is None:
                    assert migrations.lookup(module.name, name) is not None, (module.name, name)
