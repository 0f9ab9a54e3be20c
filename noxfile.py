"""Sessions: tests (the whole suite, CI runs it), docs (our site, warnings are errors), serve (live
docs that rebuild when code changes), lint, bench (speed side by side with grimp)."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests"]
nox.options.reuse_existing_virtualenvs = True
# `nox -s tests` runs on 3.11 alone (a developer's machine, .ci/run); the GitHub workflow picks
# one of TEST_PYTHONS per job with `--python 3.12`, which overrides this default.
nox.options.pythons = ["3.11"]
# A missing interpreter is an error, never a skipped (and so green) test session.
nox.options.error_on_missing_interpreters = True

DOCS = ("docs", "docs/_build/html")
#: Real packages the slow differential tests read (never import); pure Python wheels.
ORACLE_PACKAGES = ("django==5.2.*", "sympy==1.14.*")
#: The Pythons we support; pip gives 3.12+ the newest Sphinx, 3.11 the newest below 9.1.
TEST_PYTHONS = ["3.11", "3.12", "3.13"]


@nox.session(python=TEST_PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole test suite, slow real-package and browser tests included."""
    session.install("-e", ".[test]", *ORACLE_PACKAGES)
    session.run("pytest", *session.posargs)


@nox.session(python="3.11")
def docs(session: nox.Session) -> None:
    """Build our docs site with warnings as errors."""
    session.install("-e", ".")
    session.run("sphinx-build", "-W", "--keep-going", "-b", "html", *DOCS, *session.posargs)


@nox.session(python="3.11")
def serve(session: nox.Session) -> None:
    """Live docs: rebuild when docs, the sample code, our own code or conf/ change."""
    session.install("-e", ".[live]")
    session.run("sphinx-autobuild", *DOCS, "--watch", "src", "--watch", "conf",
                "--ignore", "*/_generated/*", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff, mypy and our own layering (import-linter reads the contracts in pyproject.toml): the
    commands tests/test_lint.py and tests/test_house.py run in every `nox -s tests`."""
    # the test extra: mypy, the docutils stubs, and the test dependencies the tests are typed with
    session.install("-e", ".[test]")
    session.run("ruff", "check", "src", "tests")
    session.run("mypy")  # pyproject.toml's files: src (strict) and tests
    session.run("lint-imports")


@nox.session(python="3.11")
def bench(session: nox.Session) -> None:
    """Print archdocs and grimp timings side by side on django, sympy and homeassistant, then the
    cost of a 50-revision history against one cold analysis, then what the largest homeassistant
    package page costs a reader in Chromium (Debian's /usr/bin/chromium; playwright drives it)."""
    # sphinx-autoapi: the docs benchmark's peer on django (not a dependency of archdocs)
    session.install("-e", ".", "grimp", "playwright", "sphinx-autoapi")
    session.run("python", "benchmarks/bench.py", *session.posargs)
    session.run("python", "benchmarks/history_bench.py")
    session.run("python", "benchmarks/page_bench.py")
    # sphinx-build of the django/HA sites, and sphinx-autoapi's django site as the peer
    session.run("python", "benchmarks/docs_bench.py")
