"""The ``archdocs_*`` config values: one table drives registration, validation and the docs.

Sphinx's own type check only says "has type str, defaults to list". A bad value here gets a warning
that names the key, the value, what is allowed and the fallback used, and the build goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archdocs.analysis.metrics import Convention
from archdocs.model import ImportKind, Problem, parse_kinds
from archdocs.reading.sources import Selection
from archdocs.sphinxext.log import CONFIG, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Where generated reference pages go, relative to the source directory.
DEFAULT_OUTPUT_DIR = "_generated/archdocs"


def _string_list(value: Any) -> str | None:
    ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
    return None if ok else "a list of strings"


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "True or False"


def _lines(value: Any) -> str | None:
    return None if value in ("physical", "code") else "'physical' or 'code'"


def _kinds(value: Any) -> str | None:
    try:
        parse_kinds(value)
    except (ValueError, AttributeError) as exc:
        return f"an import-kind set ({exc})"
    return None


def _path(value: Any) -> str | None:
    return None if isinstance(value, str) else "a path (a string) relative to conf.py's folder"


def _refs(value: Any) -> str | None:
    if _string_list(value) is None:
        return None
    return "a list of git revisions (or one string of them, separated by spaces)"


def _page_depth(value: Any) -> str | None:
    ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)
    return None if ok else "None (automatic) or a whole number >= 0"


def _page_exclude(value: Any) -> str | None:
    return None if value is None or _string_list(value) is None else \
        "None (automatic) or a list of glob patterns on dotted package names"


def _relative_dir(value: Any) -> str | None:
    if isinstance(value, str) and value.strip() and not Path(value).is_absolute() \
            and ".." not in Path(value).parts:
        return None
    return "a folder path relative to the source directory, without '..'"


@dataclass(frozen=True)
class ConfigValue:
    """One ``archdocs_*`` value; ``check`` returns what is allowed when the value is bad."""

    name: str
    default: Any
    check: Callable[[Any], str | None]
    description: str


VALUES = (
    ConfigValue("archdocs_sources", [], _string_list,
                "Folders to analyse, relative to the folder of conf.py (a package folder, or a "
                "project root; a src/ layout is detected)."),
    ConfigValue("archdocs_packages", [], _string_list,
                "Packages that get generated reference pages (one page per package and sub-package)."),
    ConfigValue("archdocs_module_pages", False, _bool,
                "Give every module of archdocs_packages its own generated page (card and import "
                "diagram) instead of a card on its package's page."),
    ConfigValue("archdocs_count_init", False, _bool,
                "Count __init__.py files as modules in totals."),
    ConfigValue("archdocs_lines", "physical", _lines,
                "Which lines totals count: 'physical' or 'code' (neither blank nor comment-only)."),
    ConfigValue("archdocs_kinds", "import-time", _kinds,
                "Default import kinds for cycle reports: 'all', 'no-type-checking', 'import-time', "
                "or kinds joined by commas (runtime, guarded, lazy, type_checking)."),
    ConfigValue("archdocs_exclude", [], _string_list,
                "Glob patterns (on paths relative to each source folder) of files to leave out."),
    ConfigValue("archdocs_include_tests", False, _bool,
                "Analyse test modules too (tests/, test_*.py, conftest.py)."),
    ConfigValue("archdocs_output_dir", DEFAULT_OUTPUT_DIR, _relative_dir,
                "Folder (relative to the source directory) of the generated reference pages."),
    ConfigValue("archdocs_page_depth", None, _page_depth,
                "Generate pages for packages at most this many levels below each of "
                "archdocs_packages (0: only those); deeper packages are shown on their "
                "ancestor's page. None: every package, unless the tree would give more than "
                "2,000 pages (then the deepest level that stays under, said in the build output)."),
    ConfigValue("archdocs_page_exclude", None, _page_exclude,
                "Glob patterns on dotted package names (pkg._vendor, *.tests) whose packages get "
                "no page; their modules are still analysed and shown on the parent's page. "
                "None: vendored and tests packages (*._vendor, *.vendor, *.vendored, *.tests), "
                "said in the build output when that leaves pages out."),
)
#: Values registered with the features that read them (``archdocs_config`` here, the plan's and
#: the migration map's in their modules), checked here with the others: ``archdocs_plan = 5`` is
#: a located warning and the default, not an error deep in a directive.
CHECKED = (("archdocs_config", _path), ("archdocs_plan", _path), ("archdocs_migrations", _path),
           ("archdocs_history_repo", _path), ("archdocs_history_refs", _refs))
#: Values whose paths are relative to the file that sets them (conf.py's folder, or the TOML's).
PATH_VALUES = frozenset({"archdocs_sources"})
#: The TOML table that ``archdocs_config`` reads.
TOML_TABLE = "archdocs"


@dataclass(frozen=True)
class Settings:
    """The validated configuration, with paths made absolute; what the rest of the extension reads."""

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

    def location(self, name: str) -> str:
        """Where ``name`` is set in conf.py, as a warning location."""
        return conf_location(self.confdir, name)

    @property
    def output_docname_prefix(self) -> str:
        return self.output_dir.strip("/") + "/"


def register(app: Sphinx) -> None:
    """Add every value (rebuild "env": all of them change what directives produce)."""
    for value in VALUES:
        app.add_config_value(value.name, value.default, "env", types=frozenset(),
                             description=value.description)
    app.add_config_value("archdocs_config", "", "env", types=frozenset({str}),
                         description="A TOML file (relative to conf.py's folder) whose "
                                     "[archdocs] table sets the values conf.py does not set: "
                                     "sources, packages, count_init, lines, kinds, "
                                     "exclude, include_tests, output_dir.")
    app.connect("config-inited", validate, priority=400)


def read_toml(config: Config, confdir: Path) -> None:
    """Take values from ``archdocs_config`` for every key conf.py does not set; bad keys and
    values are warned at the TOML's ``file:line``."""
    from archdocs.config.tomlfile import CONFIG_TABLES, TomlError, TomlFile

    path = confdir / config.archdocs_config
    try:
        toml = TomlFile.read(path)
    except TomlError as exc:
        warn(f"archdocs_config: {exc.problem.message}", CONFIG, f"{path}:{exc.problem.line or 1}")
        return
    by_key = {v.name.removeprefix("archdocs_"): v for v in VALUES}
    problems: list[Problem] = []
    toml.unknown_keys("", toml.data, CONFIG_TABLES, problems)
    table = toml.table(TOML_TABLE, problems)
    toml.unknown_keys(TOML_TABLE, table, by_key, problems)
    for problem in sorted(problems, key=lambda p: p.line):
        warn(problem.message, CONFIG, f"{problem.path}:{problem.line or 1}")
    for key, data in table.items():
        value = by_key.get(key)
        if value is None:
            continue  # warned above
        allowed = value.check(data)
        if allowed is not None:
            warn(f"[{TOML_TABLE}] {key} = {data!r} is not allowed: expected {allowed}; ignored",
                 CONFIG, f"{path}:{toml.line_of(TOML_TABLE, -1, key) or 1}")
            continue
        if _set_in_conf(config, value.name):
            continue  # conf.py (or -D) wins
        if value.name in PATH_VALUES:
            data = [str((path.parent / item).resolve()) for item in data]
        setattr(config, value.name, data)


def _set_in_conf(config: Config, name: str) -> bool:
    # Sphinx keeps conf.py's namespace in _raw_config (no public accessor); -D in overrides
    return name in getattr(config, "_raw_config", {}) or name in config.overrides


def validate(app: Sphinx, config: Config) -> None:
    """Read ``archdocs_config``, replace bad values by their default with a warning, then store
    :class:`Settings`."""
    confdir = Path(app.confdir)
    if isinstance(config.archdocs_history_refs, str):  # one string: refs separated by spaces,
        config.archdocs_history_refs = config.archdocs_history_refs.split()  # as in :refs:
    for name, check in CHECKED:
        _fall_back(config, confdir, name, check)
    if config.archdocs_config:
        read_toml(config, confdir)
    for value in VALUES:
        _fall_back(config, confdir, value.name, value.check)
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


def _fall_back(config: Config, confdir: Path, name: str, check: Callable[[Any], str | None]) -> None:
    """Replace a bad value by its default, with a warning at its line in conf.py."""
    current = getattr(config, name)
    allowed = check(current)
    if allowed is not None:
        default = config.values[name].default
        warn(f"{name} = {current!r} is not allowed: expected {allowed}; using {default!r}", CONFIG,
             conf_location(confdir, name))
        setattr(config, name, default)


def conf_location(confdir: Path, name: str) -> str:
    """``conf.py:line`` of the assignment to ``name`` (line 1 when it was set elsewhere, e.g. -D)."""
    path = confdir / "conf.py"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(name)), 1)
    return f"{path}:{line}"


def settings_of(config: Config) -> Settings:
    return config._archdocs  # type: ignore[no-any-return]
