"""A package page's children (archdocs.sphinxext.pages.children) come from packages grouped by
parent once per build; on generated trees they equal a scan of every paged package, with names
whose sort order puts ``_`` and digits around the ``.`` of a child."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archdocs.model import Module, ModuleFacts, Snapshot
from archdocs.sphinxext.pages import children, packages_below, sub_packages

PARTS = st.sampled_from(["a", "a_", "a0", "b", "ab", "_a", "Z"])
NAMES = st.lists(PARTS, min_size=1, max_size=4).map(lambda p: "pkg." + ".".join(p))


def snapshot_of(names: set[str]) -> Snapshot:
    """Modules ``names`` plus ``pkg``; a name with modules below it is a package (__init__)."""
    everything = sorted(names | {"pkg"})
    parents = {name.rpartition(".")[0] for name in everything}
    facts = ModuleFacts(1, 1, "", (), (), None, (), ())
    return Snapshot("test", (".",), tuple(
        Module(name, name.replace(".", "/") + ".py", name in parents, "0" * 40, facts, ())
        for name in everything), ())


def scanned(snapshot: Snapshot, package: str, packages: set[str]) -> tuple[list[str], list[str]]:
    """The straightforward scan: every paged package checked for each package."""
    depth = package.count(".") + 1
    subs = sorted(p for p in packages if p.count(".") == depth and p.startswith(package + "."))
    modules = sorted(m.name for m in snapshot.in_package(package)
                     if m.name == package or (m.name.count(".") == depth and not m.is_package))
    return subs, modules


@settings(max_examples=200, deadline=None)
@given(st.sets(NAMES, min_size=1, max_size=15), st.data())
def test_children_equal_a_scan_of_every_package(names: set[str], data: st.DataObject) -> None:
    snapshot = snapshot_of(names)
    below = packages_below(snapshot, "pkg")
    # the paged packages may leave some out (archdocs_page_exclude, archdocs_page_depth)
    paged = {"pkg"} | data.draw(st.sets(st.sampled_from(below)))
    grouped = sub_packages(paged)
    for package in sorted(paged):
        assert children(snapshot, package, grouped) == scanned(snapshot, package, paged)
