"""Every configuration value archdocs reads, in one place: the ``archdocs_*`` Sphinx values and the
keys of each TOML table (``[archdocs]``, ``[check]``, a plan's, a migration map's, a contract's).

A :class:`Key` says its default, what it allows and what it does; a :class:`Table` lists its keys
and the tables nested in it; a whole file is a :class:`Table` named "". The Sphinx adapter
registers :data:`SPHINX_VALUES` from here, :func:`archdocs.config.reader.read` checks every TOML
file against its layout, and tests/core/test_config_schema.py holds the manual to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

from archdocs.model import parse_kinds

#: What a key allows: None when ``value`` is fine, else the phrase saying what is allowed.
Check = Callable[[Any], str | None]
#: The Sphinx build's prefix of every value it registers (``sources`` is ``archdocs_sources``).
PREFIX = "archdocs_"
#: Where generated reference pages go, relative to the Sphinx source directory.
DEFAULT_OUTPUT_DIR = "_generated/archdocs"


# --- checks ---------------------------------------------------------------------------------------


def anything(value: Any) -> str | None:
    """No check here: the reader of the table checks the value with what it means."""
    return None


def string(value: Any) -> str | None:
    return None if isinstance(value, str) else "a string"


def text(value: Any) -> str | None:
    """A string; a number (``since = 2.0``) is read as its text."""
    return None if isinstance(value, str | int | float) and not isinstance(value, bool) \
        else "a string"


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "true or false"


def strings(value: Any) -> str | None:
    ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    return None if ok else "a list of strings"


def whole(value: Any) -> str | None:
    return None if isinstance(value, int) and not isinstance(value, bool) else "a whole number"


def one_of(*allowed: str) -> Check:
    phrase = " or ".join(repr(a) for a in allowed)
    return lambda value: None if value in allowed else phrase


def kinds(value: Any) -> str | None:
    if not isinstance(value, str):
        return "an import-kind set: a string such as 'import-time' or 'runtime,lazy'"
    try:
        parse_kinds(value)
    except ValueError as exc:
        return f"an import-kind set ({exc})"
    return None


def conf_path(value: Any) -> str | None:
    return None if isinstance(value, str) else "a path (a string) relative to conf.py's folder"


def refs(value: Any) -> str | None:
    if strings(value) is None:
        return None
    return "a list of git revisions (or one string of them, separated by spaces)"


def page_depth(value: Any) -> str | None:
    ok = value is None or (whole(value) is None and value >= 0)
    return None if ok else "None (automatic) or a whole number >= 0"


def page_exclude(value: Any) -> str | None:
    return None if value is None or strings(value) is None else \
        "None (automatic) or a list of glob patterns on dotted package names"


def relative_dir(value: Any) -> str | None:
    if isinstance(value, str) and value.strip() and not PurePath(value).is_absolute() \
            and ".." not in PurePath(value).parts:
        return None
    return "a folder path relative to the source directory, without '..'"


def module_range(value: Any) -> str | None:
    ok = (isinstance(value, list) and len(value) == 2
          and all(whole(n) is None and n >= 0 for n in value) and value[0] <= value[1])
    return None if ok else "a range [min, max] of whole numbers, e.g. [25, 28]"


def budgets(value: Any) -> str | None:
    """The table itself; each ``kind set = maximum`` is checked, at its line, by its reader."""
    return None if isinstance(value, dict) else \
        "a table of kind set = maximum, e.g. { import-time = 0 }"


def destinations(value: Any) -> str | None:
    return None if string(value) is None or strings(value) is None else \
        "a module name, or a list of them (for a split)"


def paths(value: Any) -> str | None:
    return None if strings(value) is None and not isinstance(value, str) else \
        "a list of paths (relative to this file)"


# --- the schema -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Key:
    """One configuration value."""

    name: str  #: as written in its TOML table; Sphinx values add :data:`PREFIX`
    check: Check = anything
    default: Any = None
    doc: str = ""
    #: a path (or paths), relative to the file that sets it (conf.py's folder, or the TOML's)
    relative: bool = False
    #: what a change of the Sphinx value rebuilds ("env": every page; "html": the output only)
    rebuild: Literal["env", "html"] = "env"

    @property
    def sphinx_name(self) -> str:
        return PREFIX + self.name


@dataclass(frozen=True)
class Table:
    """A TOML table: its keys and the tables nested in it. A whole file is the table ``""``."""

    name: str  #: dotted, as in its header: ``check``, ``step.move``; "" for a whole file
    keys: tuple[Key, ...] = ()
    tables: tuple[Table, ...] = ()
    array: bool = False  #: ``[[name]]``: any number of entries
    #: True when a bad value is left out and the reader goes on (the Sphinx build): its message
    #: names the value it ignores, as conf.py's warnings do
    goes_on: bool = False
    #: True when the keys are checked by the table's own reader (a contract's depend on its type)
    open: bool = False
    #: how a whole file names an unknown top-level key ({key!r} and {allowed} are filled in)
    unknown: str = "unknown key or table {key!r}; allowed: {allowed}"

    @property
    def short(self) -> str:
        """The name as a key of the enclosing table (``move`` for ``step.move``)."""
        return self.name.rpartition(".")[2]

    @property
    def header(self) -> str:
        return f"[[{self.name}]]" if self.array else f"[{self.name}]"

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys) + tuple(t.short for t in self.tables)

    def key(self, name: str) -> Key:
        return next(k for k in self.keys if k.name == name)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.short == name)


# The [archdocs] table, and conf.py's archdocs_* values of the same names. Sorted: the unknown-key
# message lists them in this order.
ARCHDOCS = Table("archdocs", goes_on=True, keys=(
    Key("count_init", boolean, False,
        "Count __init__.py files as modules in totals."),
    Key("exclude", strings, [],
        "Glob patterns (on paths relative to each source folder) of files to leave out."),
    Key("include_tests", boolean, False,
        "Analyse test modules too (tests/, test_*.py, conftest.py)."),
    Key("kinds", kinds, "import-time",
        "Default import kinds for cycle reports: 'all', 'no-type-checking', 'import-time', "
        "or kinds joined by commas (runtime, guarded, lazy, type_checking)."),
    Key("lines", one_of("physical", "code"), "physical",
        "Which lines totals count: 'physical' or 'code' (neither blank nor comment-only)."),
    Key("module_pages", boolean, False,
        "Give every module of archdocs_packages its own generated page (card and import "
        "diagram) instead of a card on its package's page."),
    Key("output_dir", relative_dir, DEFAULT_OUTPUT_DIR,
        "Folder (relative to the source directory) of the generated reference pages."),
    Key("packages", strings, [],
        "Packages that get generated reference pages (one page per package and sub-package)."),
    Key("page_depth", page_depth, None,
        "Generate pages for packages at most this many levels below each of archdocs_packages "
        "(0: only those); deeper packages are shown on their ancestor's page. None: every "
        "package, unless the tree would give more than 2,000 pages (then the deepest level "
        "that stays under, said in the build output)."),
    Key("page_exclude", page_exclude, None,
        "Glob patterns on dotted package names (pkg._vendor, *.tests) whose packages get no "
        "page; their modules are still analysed and shown on the parent's page. None: vendored "
        "and tests packages (*._vendor, *.vendor, *.vendored, *.tests), said in the build "
        "output when that leaves pages out."),
    Key("sources", strings, [],
        "Folders to analyse, relative to the folder of conf.py (a package folder, or a project "
        "root; a src/ layout is detected).", relative=True),
))
#: archdocs_* values conf.py may set that the [archdocs] table does not hold.
SPHINX_ONLY = (
    Key("config", conf_path, "",
        "A TOML file (relative to conf.py's folder) whose [archdocs] table sets the values "
        "conf.py does not set.", relative=True),
    Key("plan", conf_path, "",
        "The plan (TOML), relative to conf.py's folder: targets and moves that archdocs-plan "
        "evaluates against the code.", relative=True),
    Key("migrations", conf_path, "",
        "The declared migration map (TOML), relative to conf.py's folder: rendered by "
        "archdocs-migrations and used to warn about old paths named in pages.", relative=True),
    Key("history_repo", conf_path, "",
        "A git repository (relative to conf.py's folder) whose revisions archdocs-history "
        "reads; also where the plan's baseline revision is found.", relative=True),
    Key("history_refs", refs, [],
        "Revisions archdocs-history shows by default (default: every tag, oldest first)."),
    Key("mermaid_cdn", boolean, False,
        "False: Mermaid's JavaScript is served from the built site (offline). True: "
        "sphinxcontrib-mermaid loads it from its CDN.", rebuild="html"),
)
#: Every value the Sphinx extension registers (as ``archdocs_<name>``).
SPHINX_VALUES = ARCHDOCS.keys + SPHINX_ONLY

#: ``archdocs check --config``: the gate's budgets. Sorted, as ARCHDOCS.
CHECK = Table("check", keys=(
    Key("contracts", string, doc="contracts to check (import-linter's configuration, or a TOML "
        "of [[contract]] tables)", relative=True),
    Key("cycles", budgets, {}, "the most cycles allowed per import-kind set"),
    Key("deprecated_imports", paths, [], "files or folders that must not use old import paths "
        "of the migration map", relative=True),
    Key("migrations", string, doc="the declared migration map to verify", relative=True),
    Key("package", string, doc="the package the budgets are about (default: all)"),
    Key("plan", string, doc="the plan whose targets and moves are checked", relative=True),
))

#: An architecture contract; its keys depend on its ``type`` (:data:`CONTRACT_KEYS`).
CONTRACT = Table("contract", array=True, open=True)
#: Keys of every contract, as import-linter has them.
CONTRACT_COMMON = ("name", "type", "id", "ignore_imports", "unmatched_ignore_imports_alerting",
                   "broken_contract_guidance")
#: Keys a contract of the archdocs config may add: which imports count, which packages are nodes.
CONTRACT_OURS = ("kinds", "include_external_packages", "root_packages")
#: Each contract type's own keys (its reader says which are required).
CONTRACT_KEYS: Mapping[str, tuple[str, ...]] = {
    "layers": ("layers", "containers", "exhaustive", "exhaustive_ignores"),
    "forbidden": ("source_modules", "forbidden_modules", "allow_indirect_imports", "as_packages"),
    "independence": ("modules",),
    "protected": ("protected_modules", "allowed_importers", "as_packages"),
    "acyclic_siblings": ("ancestors", "depth", "skip_descendants"),
}
#: import-linter's own table (``[importlinter]``, ``[tool.importlinter]``), beside its contracts.
CONTRACT_SESSION = ("root_package", "root_packages", "include_external_packages",
                    "exclude_type_checking_imports", "contract_types", "cache_dir")

#: An archdocs config file (``conf/archdocs.toml``).
CONFIG_FILE = Table("", tables=(ARCHDOCS, CHECK, CONTRACT))

#: A refactoring plan (:mod:`archdocs.analysis.plan`).
PLAN_FILE = Table("", tables=(
    Table("plan", keys=(
        Key("baseline", string, "", "git revision the plan was written against"),
        Key("package", string, "", "the package the targets and moves are about"),
        Key("title", string, ""),
    )),
    Table("targets", keys=(
        Key("modules", module_range, doc="the module count to reach"),
        Key("count_init", boolean, False, "count __init__.py files as modules"),
        Key("count_shims", boolean, True, "count re-export shims as modules"),
        Key("lines", one_of("physical", "code"), "physical"),
        Key("cycles", budgets, {}, "the most cycles allowed per import-kind set"),
    )),
    Table("step", array=True, keys=(Key("name", string, ""), Key("notes", string, "")), tables=(
        Table("step.move", array=True, keys=(
            Key("source", string, ""),
            Key("destination", destinations, ""),
            Key("priority", whole),
            Key("risk", string, ""),
            Key("notes", string, ""),
        )),
    )),
))

#: A declared migration map (:mod:`archdocs.analysis.migrations.declared`). ``old`` and ``new``
#: are import paths and ``change`` one of a few words: the map's reader checks what they mean.
MIGRATION = Table("migration", array=True, keys=(
    Key("old", anything), Key("new", anything, []), Key("since", text, ""),
    Key("reason", text, ""), Key("change", anything),
))
MIGRATIONS_FILE = Table("", tables=(MIGRATION,),
                        unknown="unknown table or key {key!r}; migrations are [[migration]] tables")
