"""The ``archdocs_*`` config values: registered, read from ``archdocs_config`` and checked from
the one schema (:mod:`archdocs.config.schema`); the manual's configuration page is tested against
it.

Sphinx's own type check only says "has type str, defaults to list". A bad value here gets a warning
that names the key, the value, what is allowed and the fallback used, and the build goes on.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from archdocs.analysis.metrics import Convention
from archdocs.config.reader import read
from archdocs.config.schema import ARCHDOCS, CONFIG_FILE, SPHINX_VALUES, Key
from archdocs.config.schema import DEFAULT_OUTPUT_DIR as DEFAULT_OUTPUT_DIR  # the pages' default
from archdocs.config.tomlfile import TomlError, TomlFile
from archdocs.model import ImportKind, Problem, parse_kinds
from archdocs.reading.sources import Selection
from archdocs.sphinxext.log import CONFIG, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


@dataclass(frozen=True)
class Settings:
    """The validated configuration, paths made absolute: what the rest of the extension reads."""

    sources: tuple[Path, ...]
    packages: tuple[str, ...]
    module_pages: bool
    convention: Convention
    kinds: frozenset[ImportKind]
    selection: Selection
    output_dir: str  #: posix, relative to srcdir
    confdir: Path
    page_depth: int | None = None  #: None: automatic (see ``archdocs_page_depth``)
    page_exclude: tuple[str, ...] | None = None  #: None: the defaults for vendored/tests folders

    def path(self, value: str) -> Path:
        """A path set in conf.py (``archdocs_plan``, a directive's ``:map:``): relative to its
        folder."""
        return self.confdir / value

    def location(self, name: str) -> str:
        """Where ``name`` is set in conf.py, as a warning location."""
        return conf_location(self.confdir, name)

    @property
    def output_docname_prefix(self) -> str:
        return self.output_dir.strip("/") + "/"


def register(app: Sphinx, names: Collection[str] | None = None) -> None:
    """Add the schema's values (``names``: only those; every value when None) that are not there
    yet, and check them all when conf.py has run (when every value is added)."""
    for key in SPHINX_VALUES:
        if (names is None or key.sphinx_name in names) and key.sphinx_name not in app.config:
            # no Sphinx type list: validate() checks each value against the schema first
            app.add_config_value(key.sphinx_name, key.default, key.rebuild, types=frozenset(),
                                 description=key.doc)
    if names is None:
        app.connect("config-inited", validate, priority=400)


def read_toml(config: Config, confdir: Path) -> None:
    """Take values from ``archdocs_config`` for every key conf.py does not set; bad keys and
    values are warned at the TOML's ``file:line``."""
    path = confdir / config.archdocs_config
    try:
        toml = TomlFile.read(path)
    except TomlError as exc:
        warn(f"archdocs_config: {exc.problem.message}", CONFIG, f"{path}:{exc.problem.line or 1}")
        return
    problems: list[Problem] = []
    tables = read(toml, CONFIG_FILE, problems, only=(ARCHDOCS.name,)).entries(ARCHDOCS.name)
    for problem in sorted(problems, key=lambda p: p.line):
        warn(problem.message, CONFIG, f"{problem.path}:{problem.line or 1}")
    for name, data in (tables[0].values if tables else {}).items():
        key = ARCHDOCS.key(name)
        if _set_in_conf(config, key.sphinx_name):
            continue  # conf.py (or -D) wins
        if key.relative:
            data = [str((path.parent / item).resolve()) for item in data]
        setattr(config, key.sphinx_name, data)


def _set_in_conf(config: Config, name: str) -> bool:
    # Sphinx keeps conf.py's namespace in _raw_config (no public accessor); -D in overrides
    return name in getattr(config, "_raw_config", {}) or name in config.overrides


def validate(app: Sphinx, config: Config) -> None:
    """Read ``archdocs_config``, replace bad values by their default with a warning, then store
    :class:`Settings`."""
    confdir = Path(app.confdir)
    if isinstance(config.archdocs_history_refs, str):  # one string: refs separated by spaces,
        config.archdocs_history_refs = config.archdocs_history_refs.split()  # as in :refs:
    _fall_back(config, confdir, _CONFIG)
    if config.archdocs_config:
        read_toml(config, confdir)
    for key in SPHINX_VALUES:
        if key is not _CONFIG:
            _fall_back(config, confdir, key)
    config._archdocs = Settings(  # underscore: never pickled into the environment
        sources=tuple((confdir / s).resolve() for s in config.archdocs_sources),
        packages=tuple(config.archdocs_packages),
        module_pages=config.archdocs_module_pages,
        convention=Convention(include_init=config.archdocs_count_init, lines=config.archdocs_lines),
        kinds=parse_kinds(config.archdocs_kinds),
        selection=Selection(exclude=tuple(config.archdocs_exclude),
                            include_tests=config.archdocs_include_tests),
        output_dir=Path(config.archdocs_output_dir).as_posix().strip("/"),
        confdir=confdir,
        page_depth=config.archdocs_page_depth,
        page_exclude=None if config.archdocs_page_exclude is None
        else tuple(config.archdocs_page_exclude),
    )


#: ``archdocs_config`` is checked first: the values it names are checked with conf.py's.
_CONFIG = next(k for k in SPHINX_VALUES if k.name == "config")


def _fall_back(config: Config, confdir: Path, key: Key) -> None:
    """Replace a bad value by its default, with a warning at its line in conf.py."""
    current = getattr(config, key.sphinx_name)
    allowed = key.check(current)
    if allowed is not None:
        warn(f"{key.sphinx_name} = {current!r} is not allowed: expected {allowed}; using "
             f"{key.default!r}", CONFIG, conf_location(confdir, key.sphinx_name))
        setattr(config, key.sphinx_name, key.default)
    elif isinstance(current, tuple) and isinstance(key.default, list):
        setattr(config, key.sphinx_name, list(current))  # as Sphinx's own type check wants


def conf_location(confdir: Path, name: str) -> str:
    """``conf.py:line`` of the assignment to ``name`` (line 1 when set elsewhere, e.g. -D)."""
    path = confdir / "conf.py"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(name)), 1)
    return f"{path}:{line}"


def settings_of(config: Config) -> Settings:
    return config._archdocs  # type: ignore[no-any-return]
