"""SIGTERM turned into an exception while archdocs has helper processes running, so they are stopped.

A load may run ruff (spawned) and forked worker processes. Python answers SIGINT with
KeyboardInterrupt, which unwinds through the ``finally`` blocks that stop them; SIGTERM's default
action ends the process on the spot, leaving them running (a worker blocked on its queue never
ends). Inside :class:`terminable`, SIGTERM raises :class:`Terminated` instead; once the cleanup is
done the signal is delivered again with its default action, so the process still ends as SIGTERM
says (killed by SIGTERM, status 143 in a shell).
"""

from __future__ import annotations

# The C module: ``signal`` itself builds enums on import, a cost a warm run would pay for nothing.
import _signal
import os


class Terminated(BaseException):
    """SIGTERM arrived: not an error to handle, a request to stop (like KeyboardInterrupt)."""


def _raise(signum: int, frame: object) -> None:
    raise Terminated


class terminable:
    """``with terminable():`` — SIGTERM raises :class:`Terminated` inside. Nothing changes outside
    the main thread (only it receives signals in Python), when SIGTERM is ignored (the program
    chose to survive it), or when the program handles it itself (its handler decides); a nested
    use leaves the outer one's handler in place."""

    def __enter__(self) -> None:
        self._installed = False
        try:
            if _signal.getsignal(_signal.SIGTERM) == _signal.SIG_DFL:
                _signal.signal(_signal.SIGTERM, _raise)
                self._installed = True
        except ValueError:  # not the main thread
            pass

    def __exit__(self, kind: object, exc: object, traceback: object) -> None:
        if not self._installed:
            return
        _signal.signal(_signal.SIGTERM, _signal.SIG_DFL)
        if isinstance(exc, Terminated):
            os.kill(os.getpid(), _signal.SIGTERM)  # the default action: the process ends here


def quiet_worker() -> None:
    """Signal handling of a forked worker process: SIGTERM ends it (it inherited the parent's
    handler, which would only raise inside its task), and a Ctrl-C sent to the whole terminal
    group is left to the parent, which stops the workers (no traceback from each)."""
    _signal.signal(_signal.SIGTERM, _signal.SIG_DFL)
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
