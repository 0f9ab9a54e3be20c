"""What a large build holds in memory, and how often Python's cyclic collector walks it.

Three costs grow with the code base rather than with the page being built:

* A serial build keeps every doctree it read (Sphinx's ``env._write_doc_doctree_cache``) until it
  writes that page: homeassistant's 1,362 pages held ~0.9 GB at the end of reading, the build's
  peak. Past :data:`DOCTREE_CACHE_BUDGET` bytes of pickled doctrees, the oldest are dropped while
  reading; writing loads them back from the doctree folder, as a ``-j`` build does for every page.
* Reading and writing pages leave cyclic garbage that only a full collection frees, and Python
  runs few of those when much is alive; one runs whenever the peak memory grew by
  :data:`GROWTH_KB`.
* Loading the pickled environment allocates hundreds of thousands of objects, and every
  collection they trigger walks them again: homeassistant's took 4.5 s with the collector on and
  0.7 s with it off (what an incremental build waits for before anything else). The collector is
  paused from ``config-inited`` to ``builder-inited``. It is not frozen for the rest of the build:
  a small oldest generation makes full collections more frequent (Python runs one when it grew by
  a quarter), which cost a homeassistant build more than the walks it saved.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config

try:
    import resource
except ImportError:  # Windows: no peak memory to watch, the collector's own schedule only
    resource = None  # type: ignore[assignment]

#: ``ru_maxrss`` is in kilobytes on Linux, in bytes on macOS.
_RU_MAXRSS_PER_KB = 1024 if sys.platform == "darwin" else 1
#: Peak memory growth (KB) after which a full collection runs (see :func:`_collect_when_grown`).
GROWTH_KB = 150 * 1024
#: Pickled bytes of the doctrees a serial build may keep between reading and writing a page
#: (in memory they take about seven times that).
DOCTREE_CACHE_BUDGET = 32_000_000


class _State:
    """Per application: whether this build paused the collector, and the pickled size of each
    doctree Sphinx keeps."""

    def __init__(self) -> None:
        self.paused = False
        self.sizes: dict[str, int] = {}
        self.collected_at = 0  #: peak memory (KB) at the last collection this module asked for


_STATES: WeakKeyDictionary[Sphinx, _State] = WeakKeyDictionary()


def _pause(app: Sphinx, config: Config) -> None:
    """``config-inited``, just before Sphinx unpickles the environment: no collection meanwhile
    (unless the program disabled the collector or froze objects itself: then leave it alone)."""
    state = _STATES.setdefault(app, _State())
    if gc.isenabled() and gc.get_freeze_count() == 0:
        gc.disable()
        state.paused = True


def _resume(app: Sphinx) -> None:
    """``builder-inited`` (last): the environment is loaded. What it allocated joins the oldest
    generation without being walked (``freeze`` then ``unfreeze``); the next full collection
    still looks at it, so a cycle is never lost."""
    state = _STATES.setdefault(app, _State())
    if state.paused:
        gc.freeze()
        gc.unfreeze()
        gc.enable()
        state.paused = False


def _keep_within_budget(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: drop the oldest kept doctrees while those kept exceed the budget (the one
    just read is kept after this event)."""
    cache: dict[str, Any] | None = getattr(app.env, "_write_doc_doctree_cache", None)
    if not cache:
        return
    sizes = _STATES.setdefault(app, _State()).sizes
    for docname in cache.keys() - sizes.keys():
        path = os.path.join(app.env.doctreedir, f"{docname}.doctree")
        sizes[docname] = os.path.getsize(path) if os.path.isfile(path) else 0
    total = sum(sizes[docname] for docname in cache)
    for docname in list(cache):
        if total <= DOCTREE_CACHE_BUDGET:
            break
        del cache[docname]
        total -= sizes.pop(docname)


def _collect_when_grown(app: Sphinx, *args: Any) -> None:
    """``doctree-read`` and ``doctree-resolved``: a full collection whenever the process's peak
    memory grew by :data:`GROWTH_KB` since the last one. Reading and writing a page leave cyclic
    garbage (parser state, dropped doctrees) that only a full collection frees, and Python runs
    few of those while a build holds much: homeassistant's reading reached 1.3 GB with the budget
    alone, 0.63 GB with a collection every 150 pages."""
    if resource is None:
        return
    state = _STATES.setdefault(app, _State())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // _RU_MAXRSS_PER_KB
    if peak - state.collected_at >= GROWTH_KB:
        gc.collect()
        state.collected_at = peak


def _finish(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the collector as it was found, whatever happened in between."""
    state = _STATES.pop(app, None)
    if state is not None and state.paused:
        gc.enable()


def setup_footprint(app: Sphinx) -> None:
    app.connect("config-inited", _pause, priority=100)
    app.connect("builder-inited", _resume, priority=999)
    app.connect("doctree-read", _keep_within_budget)
    app.connect("doctree-read", _collect_when_grown)
    app.connect("doctree-resolved", _collect_when_grown)
    app.connect("build-finished", _finish, priority=999)
