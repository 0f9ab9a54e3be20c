"""Small scripted refactors used by the plan, history and check tests. :func:`build`: app.core loses
three modules, one per commit: ``feed`` moves (no shim), ``store`` moves and leaves a shim,
``engine`` goes somewhere the plan did not say. :func:`rename_history`: the package is renamed
while one of its planned moves is done."""

from __future__ import annotations

from tests.helpers.gitrepo import Repo

ENGINE = '''\
"""The engine."""
from app.core.store import Store


class Engine:
    """Runs jobs."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.jobs = []

    def run(self, job):
        self.jobs.append(job)
        return self.store.save(job)
'''

STORE = '''\
"""Storage."""


class Store:
    def save(self, item):
        self.items = getattr(self, "items", [])
        self.items.append(item)
        return len(self.items)
'''

FEED = '''\
"""A feed."""
from app.core.store import Store


class Feed:
    def __init__(self) -> None:
        self.store = Store()
'''

RUNNER = '''\
"""Runs the engine on the feed."""
from app.core.engine import Engine
from app.core.feed import Feed


def main():
    return Engine(Feed().store)
'''

STORE_SHIM = '''\
"""Moved to app.ext.store."""
import warnings

from app.ext.store import Store

warnings.warn("app.core.store moved to app.ext.store", DeprecationWarning, stacklevel=2)
__all__ = ["Store"]
'''

PLAN = '''\
[plan]
package = "app.core"
baseline = "v0"

[targets]
modules = [1, 2]
cycles = { import-time = 0 }

[[step]]
name = "out of core"

[[step.move]]
source = "app.core.feed"
destination = "app.ext.feed"
priority = 1
risk = "low"

[[step.move]]
source = "app.core.store"
destination = "app.ext.store"
priority = 2

[[step.move]]
source = "app.core.engine"
destination = "app.ext.engine"
priority = 3
'''


def build(repo: Repo) -> None:
    """Tags v0 (before), v1 (feed done), v2 (store done, shim left), v3 (engine went to
    app.other)."""
    repo.commit({"app/__init__.py": "", "app/core/__init__.py": "", "app/ext/__init__.py": "",
                 "app/core/engine.py": ENGINE, "app/core/store.py": STORE,
                 "app/core/feed.py": FEED, "app/core/runner.py": RUNNER}, tag="v0")
    repo.commit({"app/core/feed.py": None, "app/ext/feed.py": FEED,
                 "app/core/runner.py": RUNNER.replace("app.core.feed", "app.ext.feed")}, tag="v1")
    repo.commit({"app/ext/store.py": STORE, "app/core/store.py": STORE_SHIM,
                 "app/ext/feed.py": FEED.replace("app.core.store", "app.ext.store")}, tag="v2")
    repo.commit({"app/core/engine.py": None, "app/other/__init__.py": "",
                 "app/other/engine.py": ENGINE.replace("app.core.store", "app.ext.store"),
                 "app/core/runner.py": RUNNER.replace("app.core.feed", "app.ext.feed")
                 .replace("app.core.engine", "app.other.engine")}, tag="v3")


RENAME_PLAN = '''\
    [plan]
    package = "app.oldname"
    baseline = "v0"

    [[step]]
    name = "tidy"

    [[step.move]]
    source = "app.oldname.feed"
    destination = "app.oldname.io.feed"

    [[step.move]]
    source = "app.oldname.store"
    destination = "app.oldname.io.store"
    '''


#: The runner of rename_history: it imports neither the engine nor the feed.
RUN = RUNNER.replace("from app.core.engine import Engine\n", "").replace(
    "from app.core.feed import Feed\n", "").replace("Engine(Feed().store)",
                                                    "[step() for step in (1, 2)]")


def rename_history(repo: Repo) -> None:
    """v0: app.oldname.{feed,store}; v1: the package is app.newname, feed moved to io/ as planned,
    store not yet."""
    feed = FEED.replace("app.core.store", "app.oldname.store")
    repo.commit({"app/__init__.py": "", "app/oldname/__init__.py": "", "app/oldname/runner.py": RUN,
                 "app/oldname/feed.py": feed, "app/oldname/store.py": STORE}, tag="v0")
    repo.commit({"app/oldname/__init__.py": None, "app/oldname/feed.py": None,
                 "app/oldname/runner.py": None, "app/newname/runner.py": RUN,
                 "app/oldname/store.py": None, "app/newname/__init__.py": "",
                 "app/newname/io/__init__.py": "",
                 "app/newname/io/feed.py": feed.replace("app.oldname.store", "app.newname.store"),
                 "app/newname/store.py": STORE}, tag="v1")
