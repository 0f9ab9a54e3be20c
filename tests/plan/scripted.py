"""A small scripted refactor used by the plan, history and check tests: app.core loses three
modules, one per commit: ``feed`` moves (no shim), ``store`` moves and leaves a shim, ``engine``
goes somewhere the plan did not say."""

from __future__ import annotations

from tests.plan.gitrepo import Repo

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
    """Tags v0 (before), v1 (feed done), v2 (store done, shim left), v3 (engine went to app.other)."""
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
