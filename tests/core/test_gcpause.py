"""The collector is paused during loads and graph builds, and left as it was found afterwards."""

from __future__ import annotations

import gc
import weakref

from archdocs.reading.fast.gcpause import paused


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_inside_nothing_collects_and_afterwards_a_cycle_made_inside_is_still_collected() -> None:
    with paused():
        assert not gc.isenabled()
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle: only the collector can free it
        probe = weakref.ref(a)
        del a, b
    assert gc.isenabled()
    assert probe() is not None  # promoted, not walked
    gc.collect()
    assert probe() is None


def test_a_collector_the_caller_disabled_stays_disabled_and_nesting_is_harmless() -> None:
    gc.disable()
    try:
        with paused(), paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with paused():
        with paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_objects_the_program_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused():
            Node()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
