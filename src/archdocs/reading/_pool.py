"""Units run in forked worker processes when there are many: a cold run reads on every core."""

from __future__ import annotations

import os

from archdocs.reading._resolve import Resolver
from archdocs.reading._signals import deferred, forget, on_stop, quiet_worker
from archdocs.reading._units import Result, Unit, resolve_units
from archdocs.reading.fast.facts import Reader

#: Below this many units, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 150

#: The work of the current run, set before the workers fork so that they inherit it (the files'
#: bytes are not pickled through a pipe to each worker).
_INHERITED: list[tuple[list[Unit], Resolver, Reader]] = []


def run_units(units: list[Unit], resolver: Resolver, reader: Reader, jobs: int | None,
              ) -> list[Result]:
    """Every unit's result: in this process when they are few, else in ``jobs`` workers (default:
    the number of CPUs, at most 4)."""
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 4)
    if workers <= 1 or len(units) < PARALLEL_THRESHOLD:
        return resolve_units(units, resolver, reader)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # only cold runs pay for this import

    # Interleave so each worker gets a similar mix of big and small files.
    step = workers * 8
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=quiet_worker)

    def kill() -> None:
        """Done, failed, or stopped by SIGTERM or Ctrl-C: the workers are killed, not asked to
        finish their queue (a graceful shutdown that a signal interrupts leaves them waiting on it
        for ever); there is no public way to do it before Python 3.14."""
        for process in list((pool._processes or {}).values()):
            process.kill()

    _INHERITED.append((units, resolver, reader))
    on_stop(pool, kill)
    try:
        # submitted, not mapped: map cancels its futures on the way out, and the pool, broken
        # below, would fail to mark them failed (a thread's traceback on Python 3.11)
        with deferred():  # the workers are forked here
            parts = [pool.submit(_run_slice, first, step) for first in range(step)]
        return [result for part in parts for result in part.result()]
    finally:
        kill()
        pool.shutdown()
        forget(pool)
        _INHERITED.pop()


def _run_slice(first: int, step: int) -> list[Result]:
    """Every ``step``-th unit of the run from ``first``: a worker's share, read from its copy."""
    units, resolver, reader = _INHERITED[-1]
    return resolve_units(units[first::step], resolver, reader)
