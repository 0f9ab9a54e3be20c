"""SIGTERM and Ctrl-C while archdocs has helper processes running (ruff, forked workers): the
helpers are killed at once, then the run stops as the signal asks.

Python answers SIGINT with KeyboardInterrupt, raised wherever the main thread happens to be, and
SIGTERM's default action ends the process on the spot, leaving the helpers running (a worker
waiting on its queue never ends). An exception raised by a handler can also be lost: inside an
at-fork hook or a ``__del__`` it is printed and dropped, and the run would then wait for ever on a
helper it meant to stop. So inside :class:`terminable` the handler kills the helpers registered
with :func:`on_stop` itself, then raises (:class:`Terminated` for SIGTERM) so that ``finally``
blocks clean up; when the load unwinds, SIGTERM is delivered again with its default action (the
process ends, killed by SIGTERM as asked) and a lost KeyboardInterrupt is raised again.
"""

from __future__ import annotations

# The C module: ``signal`` itself builds enums on import, a cost a warm run would pay for nothing.
import _signal
import contextlib  # imported by the load already
import os
from collections.abc import Callable


class Terminated(BaseException):
    """SIGTERM arrived: not an error to handle, a request to stop (like KeyboardInterrupt)."""


_stoppers: dict[int, Callable[[], None]] = {}  #: what kills each running helper, by id
_received: list[int] = []  #: signals that arrived inside the outermost :class:`terminable`
_pending: list[int] = []  #: signals whose exception waits for the end of :class:`deferred`
_depth = [0, 0]  #: uses of :class:`terminable` and of :class:`deferred` under way


def _stop(signum: int) -> BaseException:
    return Terminated() if signum == _signal.SIGTERM else KeyboardInterrupt()


def _handle(signum: int, frame: object) -> None:
    _received.append(signum)
    for stop in list(_stoppers.values()):
        with contextlib.suppress(OSError):  # already gone
            stop()
    if _depth[1]:
        _pending.append(signum)
    else:
        raise _stop(signum)


class terminable:
    """``with terminable():`` — SIGTERM and Ctrl-C stop the helpers, then the run. Nothing changes
    outside the main thread (only it receives signals in Python) or for a signal the program
    handles itself or ignores (its choice stands); nested uses share the outermost one's."""

    def __enter__(self) -> None:
        self._installed: list[tuple[int, object]] = []
        _depth[0] += 1
        if _depth[0] > 1:
            return
        _received.clear()
        for signum, usual in ((_signal.SIGTERM, _signal.SIG_DFL),
                              (_signal.SIGINT, _signal.default_int_handler)):
            try:
                if _signal.getsignal(signum) == usual:
                    _signal.signal(signum, _handle)
                    self._installed.append((signum, usual))
            except ValueError:  # not the main thread
                pass

    def __exit__(self, kind: object, exc: object, traceback: object) -> None:
        _depth[0] -= 1
        if _depth[0]:
            return
        for signum, usual in self._installed:
            _signal.signal(signum, usual)
        if _signal.SIGTERM in _received:
            _received.clear()
            os.kill(os.getpid(), _signal.SIGTERM)  # the default action: the process ends here
        if _signal.SIGINT in _received and not isinstance(exc, KeyboardInterrupt):
            _received.clear()
            raise KeyboardInterrupt


def on_stop(helper: object, kill: Callable[[], None]) -> None:
    """Until :func:`forget`, ``kill`` (which kills ``helper``'s process or processes) is called by
    the handler of SIGTERM or Ctrl-C, before anything else."""
    _stoppers[id(helper)] = kill


def forget(helper: object) -> None:
    """``helper`` has ended (its process reaped): it is not to be killed any more."""
    _stoppers.pop(id(helper), None)


class deferred:
    """``with deferred():`` — a signal arriving inside still kills the helpers at once, but its
    exception is raised on the way out: for code that would print and drop it (the at-fork hooks
    that run while worker processes are forked)."""

    def __enter__(self) -> None:
        _depth[1] += 1

    def __exit__(self, kind: object, exc: object, traceback: object) -> None:
        _depth[1] -= 1
        if not _depth[1] and _pending:
            signum = _pending[0]
            _pending.clear()
            if exc is None:
                raise _stop(signum)


def quiet_worker() -> None:
    """Signal handling of a forked worker process: SIGTERM ends it (it inherited the parent's
    handler, which would only raise inside its task), and a Ctrl-C sent to the whole terminal
    group is left to the parent, which stops the workers (no traceback from each)."""
    _signal.signal(_signal.SIGTERM, _signal.SIG_DFL)
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
