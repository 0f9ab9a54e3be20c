"""Contracts from the files teams already have: import-linter's configuration (``.importlinter``
or ``setup.cfg`` ``[importlinter]``, ``pyproject.toml`` ``[tool.importlinter]``) and
``[[contract]]`` tables of the archdocs config. Every mistake is a :class:`~archdocs.model.Problem`
at its ``file:line``; a contract with one is left out (the caller refuses to check then: exit 2)."""

from __future__ import annotations

import configparser
import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from archdocs.analysis.contracts.model import (
    AcyclicSiblings,
    Contract,
    Forbidden,
    IgnoredImport,
    Independence,
    Layer,
    Layers,
    Protected,
    Rules,
)
from archdocs.analysis.contracts.patterns import valid
from archdocs.config.schema import (
    CONTRACT_COMMON,
    CONTRACT_KEYS,
    CONTRACT_OURS,
    CONTRACT_SESSION,
)
from archdocs.config.tomlfile import TomlError, TomlFile
from archdocs.model import KIND_SETS, ImportKind, Problem, parse_kinds

# The keys each contract type takes, from the one configuration schema.
_COMMON = set(CONTRACT_COMMON)
_OURS = set(CONTRACT_OURS)
_KEYS = {kind: set(keys) for kind, keys in CONTRACT_KEYS.items()}
_SESSION_KEYS = set(CONTRACT_SESSION)
_SECTION = re.compile(r"^\s*\[([^\]]+)\]")
_INI_KEY = re.compile(r"^([A-Za-z0-9_]+)\s*[=:]")


class _Reader:
    """One contract's options with a way to say where each is, collecting mistakes."""

    def __init__(self, options: Mapping[str, Any], path: str, line_of: Callable[[str], int],
                 problems: list[Problem], label: str) -> None:
        self.options, self.path, self.line_of = options, path, line_of
        self.problems, self.label = problems, label
        self.ok = True

    def bad(self, key: str, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.path, self.line_of(key), f"{self.label}: {message}",
                                     "config"))

    def strings(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self.options.get(key)
        if value is None:
            if required:
                self.bad("", f"{key} is required")
            return ()
        if isinstance(value, str):
            items = [line.strip() for line in value.splitlines()]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            items = [v.strip() for v in value]
        else:
            self.bad(key, f"{key} must be a list of strings")
            return ()
        items = [i for i in items if i and not i.startswith("#")]
        if required and not items:
            self.bad(key, f"{key} is empty")
        return tuple(items)

    def modules(self, key: str, required: bool = False) -> tuple[str, ...]:
        items = self.strings(key, required)
        for item in items:
            if not valid(item):
                self.bad(key, f"{key}: {item!r} is not a module expression (a wildcard * or ** "
                         "replaces a whole name)")
        return items

    def flag(self, key: str, default: bool) -> bool:
        value = self.options.get(key, default)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        self.bad(key, f"{key} must be true or false, not {value!r}")
        return default

    def integer(self, key: str, default: int) -> int:
        value = self.options.get(key, default)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.bad(key, f"{key} must be a whole number >= 0, not {value!r}")
        return default


def _layer(reader: _Reader, text: str) -> Layer:
    if "|" in text and ":" in text:
        reader.bad("layers", f"layer {text!r} mixes independent (|) and non-independent (:) "
                   "siblings")
    independent = ":" not in text
    names, optional = [], set()
    for raw in re.split(r"[|:]", text):
        name = raw.strip()
        if name.startswith("(") and name.endswith(")"):
            name = name[1:-1].strip()
            optional.add(name)
        if not name or not valid(name) or "*" in name:
            reader.bad("layers", f"layer {text!r}: {raw.strip()!r} is not a module name")
        names.append(name)
    return Layer(tuple(names), frozenset(optional), independent)


def _rules(kind: str, reader: _Reader) -> Rules:
    if kind == "layers":
        layers = tuple(_layer(reader, text) for text in reader.strings("layers", True))
        seen: list[str] = [m for layer in layers for m in layer.modules]
        repeated = sorted({m for m in seen if seen.count(m) > 1})
        if repeated:
            reader.bad("layers", f"modules in more than one layer: {', '.join(repeated)}")
        nested = sorted(f"{a} contains {b}" for a in seen for b in seen if b.startswith(a + "."))
        if nested:
            reader.bad("layers", f"layers cannot contain other layers: {', '.join(nested)}")
        containers = reader.modules("containers")
        exhaustive = reader.flag("exhaustive", False)
        if exhaustive and not containers:
            reader.bad("exhaustive", "exhaustive needs containers")
        return Layers(layers, containers, exhaustive, reader.strings("exhaustive_ignores"))
    if kind == "forbidden":
        return Forbidden(reader.modules("source_modules", True),
                         reader.modules("forbidden_modules", True),
                         reader.flag("allow_indirect_imports", False),
                         reader.flag("as_packages", True))
    if kind == "independence":
        return Independence(reader.modules("modules", True))
    if kind == "protected":
        return Protected(reader.modules("protected_modules", True),
                         reader.modules("allowed_importers"), reader.flag("as_packages", True))
    return AcyclicSiblings(reader.modules("ancestors", True), reader.integer("depth", 10),
                           reader.modules("skip_descendants"))


def _ignored(reader: _Reader) -> tuple[IgnoredImport, ...]:
    out = []
    for text in reader.strings("ignore_imports"):
        importer, arrow, imported = text.partition("->")
        importer, imported = importer.strip(), imported.strip()
        if not arrow or not valid(importer) or not valid(imported):
            reader.bad("ignore_imports", f"ignore_imports: {text!r} is not 'importer -> imported'")
            continue
        out.append(IgnoredImport(importer, imported, reader.line_of("ignore_imports")))
    return tuple(out)


def _contract(options: Mapping[str, Any], ident: str, path: str, line_of: Callable[[str], int],
              session: Mapping[str, Any], ours: bool, problems: list[Problem]) -> Contract | None:
    name = options.get("name")
    label = f"contract {name or ident!r}"
    reader = _Reader(options, path, line_of, problems, label)
    if not isinstance(name, str) or not name.strip():
        reader.bad("", "name is required (a string)")
    kind = options.get("type")
    if kind not in _KEYS:
        reader.bad("type", f"type {kind!r} is not one archdocs checks; allowed: "
                   f"{', '.join(sorted(_KEYS))}")
        return None
    allowed = _COMMON | _KEYS[kind] | (_OURS if ours else set())
    for key in sorted(set(options) - allowed):
        reader.bad(key, f"unknown key {key!r} for a {kind} contract; allowed: "
                   f"{', '.join(sorted(allowed))}")
    rules = _rules(kind, reader)
    ignore = _ignored(reader)
    alerting = str(options.get("unmatched_ignore_imports_alerting", "error")).strip().lower()
    if alerting not in ("error", "warn", "none"):
        reader.bad("unmatched_ignore_imports_alerting", "unmatched_ignore_imports_alerting must "
                   "be error, warn or none")
    kinds: frozenset[ImportKind] = (KIND_SETS["no-type-checking"]
                                    if session.get("exclude_type_checking") else KIND_SETS["all"])
    if ours and "kinds" in options:
        try:
            kinds = parse_kinds(str(options["kinds"]))
        except ValueError as exc:
            reader.bad("kinds", str(exc))
    roots = session.get("roots", ())
    external = bool(session.get("include_external"))
    if ours:
        roots = reader.modules("root_packages") or roots
        external = reader.flag("include_external_packages", external)
    if not reader.ok:
        return None
    return Contract(ident, str(name).strip(), kind, rules, kinds, path, line_of(""), ignore,
                    alerting, tuple(roots), external)


def _session(options: Mapping[str, Any], reader: _Reader) -> dict[str, Any]:
    roots = reader.modules("root_packages") or reader.modules("root_package")
    if not roots:
        reader.bad("", "root_package or root_packages is required")
    for key in sorted(set(options) - _SESSION_KEYS - {"contracts"}):
        reader.bad(key, f"unknown key {key!r}; allowed: {', '.join(sorted(_SESSION_KEYS))}")
    if "contract_types" in options:
        reader.bad("contract_types", "custom contract types are import-linter plugins (Python "
                   "code): archdocs reads code, never runs it")
    return {"roots": roots,
            "include_external": reader.flag("include_external_packages", False),
            "exclude_type_checking": reader.flag("exclude_type_checking_imports", False)}


def read_ini(path: str) -> tuple[list[Contract], list[Problem]]:
    """import-linter's INI configuration (``.importlinter``, ``setup.cfg``, ``tox.ini``)."""
    problems: list[Problem] = []
    try:
        text = Path(path).read_text(encoding="utf-8")
        parser = configparser.ConfigParser(interpolation=None)
        parser.read_string(text, source=path)
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        at = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 0
        why = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
        return [], [Problem(path, at, f"cannot read import-linter configuration: {why}", "config")]
    lines: dict[tuple[str, str], int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        if header := _SECTION.match(line):
            section = header.group(1).strip()
            lines[(section, "")] = number
        elif key := _INI_KEY.match(line):
            lines.setdefault((section, key.group(1).lower()), number)

    def where(section: str) -> Callable[[str], int]:
        return lambda key: lines.get((section, key)) or lines.get((section, ""), 0)

    if not parser.has_section("importlinter"):
        return [], [Problem(path, 0, "no [importlinter] section: not an import-linter "
                            "configuration", "config")]
    top = dict(parser["importlinter"])
    session = _session(top, _Reader(top, path, where("importlinter"), problems, "[importlinter]"))
    contracts = []
    for name in parser.sections():
        if name.startswith("importlinter:contract:"):
            contract = _contract(dict(parser[name]), name.split(":", 2)[2], path, where(name),
                                 session, False, problems)
            if contract is not None:
                contracts.append(contract)
    if not contracts and not problems:
        problems.append(Problem(path, lines.get(("importlinter", ""), 0), "no contract "
                                "([importlinter:contract:ID] sections)", "config"))
    return contracts, problems


def read_toml_contracts(toml: TomlFile) -> tuple[list[Contract], list[Problem]]:
    """``[tool.importlinter]`` of a ``pyproject.toml``, or ``[[contract]]`` of an archdocs config
    (contracts there may set ``kinds``, ``root_packages`` and ``include_external_packages``)."""
    problems: list[Problem] = []
    contracts = []
    tool = toml.data.get("tool", {})
    linter = tool.get("importlinter") if isinstance(tool, dict) else None
    if isinstance(linter, dict):
        table = "tool.importlinter.contracts"
        session = _session(linter, _Reader(linter, toml.path,
                                           lambda k: toml.line_of("tool.importlinter", -1, k),
                                           problems, "[tool.importlinter]"))
        entries = toml.tables(table, linter.get("contracts"), problems,
                              toml.line_of("tool.importlinter"))
        ours = False
    else:
        table, session, ours = "contract", {}, True
        entries = toml.tables(table, toml.data.get("contract"), problems, toml.line_of("contract"))
    for index, entry in enumerate(entries):
        ident = str(entry.get("id", index + 1))
        contract = _contract(entry, ident, toml.path,
                             partial(toml.line_of, table, index),
                             session, ours, problems)
        if contract is not None:
            contracts.append(contract)
    return contracts, problems


def read_contracts(path: str) -> tuple[list[Contract], list[Problem]]:
    """The contracts of the file at ``path``: TOML (``pyproject.toml`` or an archdocs config) by
    its ``.toml`` suffix, import-linter's INI otherwise."""
    if not path.endswith(".toml"):
        return read_ini(path)
    try:
        toml = TomlFile.read(path)
    except TomlError as exc:
        return [], [exc.problem]
    contracts, problems = read_toml_contracts(toml)
    if not contracts and not problems:
        problems.append(Problem(path, 0, "no contract: write [[contract]] tables (or "
                                "[tool.importlinter] in pyproject.toml)", "config"))
    return contracts, problems
