"""``archdocs-tree``: the annotated layout of a package
("configuration.py — 472 lines, 4 classes")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from docutils.parsers.rst import directives
from sphinx.util.typing import OptionSpec

from archdocs.analysis.metrics import Convention
from archdocs.model import Module, Snapshot
from archdocs.sphinxext.directives.base import SELECT_OPTIONS, ArchdocsDirective
from archdocs.sphinxext.markup import literal_block, paragraph, plural

if TYPE_CHECKING:
    from docutils.nodes import Node


def annotation(module: Module, convention: Convention) -> str:
    """``472 lines, 4 classes, 2 functions`` (zero counts left out)."""
    lines = convention.line_count(module)
    parts = [plural(lines, "line" if convention.lines == "physical" else "code line")]
    for count, word in ((len(module.facts.classes), "class"),
                        (len(module.facts.functions), "function")):
        if count:
            parts.append(plural(count, word))
    return ", ".join(parts)


@dataclass
class Folder:
    folders: dict[str, Folder] = field(default_factory=dict)
    files: list[Module] = field(default_factory=list)


def layout(modules: tuple[Module, ...], package: str, convention: Convention,
           depth: int | None) -> str:
    """The tree text: in each folder its files (``__init__.py`` first), then its sub-folders."""
    base = package.count(".") + 1
    root = Folder()
    for module in modules:
        parts = module.name.split(".")[base:]
        folder = root
        for part in parts if module.is_package else parts[:-1]:
            folder = folder.folders.setdefault(part, Folder())
        folder.files.append(module)
    lines = [package.rpartition(".")[2] + "/"]

    def walk(folder: Folder, prefix: str, level: int) -> None:
        entries: list[tuple[str, Folder | Module]] = [
            *sorted(((m.path.rpartition("/")[2], m) for m in folder.files),
                    key=lambda e: (not e[1].is_package, e[0])),
            *((f"{name}/", sub) for name, sub in sorted(folder.folders.items()))]
        for index, (label, entry) in enumerate(entries):
            last = index == len(entries) - 1
            branch = "└── " if last else "├── "
            if isinstance(entry, Folder):
                lines.append(f"{prefix}{branch}{label}")
                if depth is None or level < depth:
                    walk(entry, prefix + ("    " if last else "│   "), level + 1)
            else:
                lines.append(f"{prefix}{branch}{label} — {annotation(entry, convention)}")

    walk(root, "", 1)
    return "\n".join(lines)


#: Modules above which a layout without ``:depth:`` lists the package's sub-folders unopened
#: (homeassistant.components: 7,000 lines otherwise); each sub-package's page opens its own.
DEFAULT_OPEN_LIMIT = 1000


class TreeDirective(ArchdocsDirective):
    """The annotated file layout of a package: each file with its size, classes and functions,
    the live version of the trees refactoring plans are written with.

    Argument: a package name.

    Options:

    ``:depth: N``
        Show folders at most N levels below the package (deeper folders are listed, not opened).
        Without it, a package of more than 1,000 modules shows its sub-folders unopened, and
        says so.
    ``:include: GLOBS`` / ``:exclude: GLOBS``
        Only / not the modules whose dotted names match these globs.

    Line counts follow ``archdocs_lines`` (physical or code lines).
    """

    option_spec: ClassVar[OptionSpec] = {**SELECT_OPTIONS, "depth": directives.unchanged}

    def render(self, snapshot: Snapshot) -> list[Node]:
        package = self.package(snapshot)
        depth = self.positive_int("depth")
        modules = self.selected(snapshot).in_package(package)
        self.show([m.name for m in modules], packages=(package,))
        out: list[Node] = []
        if depth is None and len(modules) > DEFAULT_OPEN_LIMIT:
            depth = 1
            out.append(paragraph(f"{len(modules):,} modules: sub-folders are listed, not opened "
                                 "(each sub-package's page shows its layout; :depth: opens them).",
                                 classes=["archdocs-note"]))
        return [literal_block(layout(modules, package, self.settings.convention, depth)), *out]
