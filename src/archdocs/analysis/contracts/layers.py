"""What a layers contract's diagram draws: its layers top first, each holding the modules of its
entries (``a | b`` side by side), and the imports that break it between the boxes they join.

A layer with more than :data:`LEVEL_BUDGET` modules, and then the largest layers while the drawing
has more than :data:`NODE_BUDGET` boxes, are folded: each entry of the layer becomes one box that
stands for its package, so that the drawing stays legible (issue "Diagrams a person can read").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archdocs.analysis.contracts.evaluate import containers, contract_modules, in_container
from archdocs.analysis.contracts.model import Breach, Contract, Layers
from archdocs.analysis.contracts.patterns import within
from archdocs.analysis.views import NODE_BUDGET
from archdocs.model import Snapshot

#: A layer with more modules than this is drawn as its entries' packages.
LEVEL_BUDGET = 8


@dataclass(frozen=True)
class Box:
    name: str  #: a module, or an entry's package when its layer is folded
    label: str
    modules: int = 1  #: how many modules it stands for
    folded: bool = False


@dataclass(frozen=True)
class Entry:
    """One module or package a layer line names (in one container), with its boxes."""

    name: str
    boxes: tuple[Box, ...]


@dataclass(frozen=True)
class Level:
    number: int  #: 1 for the top layer
    entries: tuple[Entry, ...]
    independent: bool  #: ``a | b``: its entries may not import each other (``a : b``: they may)
    folded: bool = False
    siblings: bool = False  #: the layer line names several modules (``a | b``, ``a : b``)

    @property
    def boxes(self) -> tuple[Box, ...]:
        return tuple(b for e in self.entries for b in e.boxes)


@dataclass(frozen=True)
class Violation:
    """The breaches whose chain runs from a module of ``importer`` to one of ``target`` (boxes)."""

    importer: str
    target: str
    breaches: tuple[Breach, ...]

    @property
    def indirect(self) -> bool:
        """Every breach goes through modules outside the layers (drawn dashed)."""
        return all(len(b.chain) > 1 for b in self.breaches)


@dataclass(frozen=True)
class LayersDrawing:
    contract: Contract
    levels: tuple[Level, ...]  #: top first
    violations: tuple[Violation, ...]

    @property
    def folded(self) -> tuple[int, ...]:
        """The numbers of the layers drawn as packages."""
        return tuple(level.number for level in self.levels if level.folded)


def _entry(name: str, modules: list[str], folded: bool) -> Entry:
    if len(modules) == 1 and modules[0] == name:
        return Entry(name, (Box(name, name),))
    if folded:
        return Entry(name, (Box(name, f"{name}/ ({len(modules)})", len(modules), True),))
    # inside the entry's own frame (titled with its name): names relative to it
    return Entry(name, tuple(Box(m, m[len(name) + 1:] if m != name else "__init__")
                             for m in modules))


def layers_drawing(contract: Contract, snapshot: Snapshot,
                   breaches: Sequence[Breach]) -> LayersDrawing | None:
    """The drawing of a layers contract (None for another type), ``breaches`` being its own."""
    rules = contract.rules
    if not isinstance(rules, Layers):
        return None
    nodes = contract_modules(contract, snapshot)
    present = [c for c in containers(rules, nodes) if not c or c in nodes]
    levels: list[tuple[list[tuple[str, list[str]]], bool]] = []  # (entries, independent)
    for layer in rules.layers:
        entries = []
        for container in present:
            for tail in layer.modules:
                name = in_container(container, tail)
                inside = sorted(n for n in nodes if within(n, name))
                if inside:
                    entries.append((name, inside))
        levels.append((entries, layer.independent))
    sizes = [sum(len(m) for _, m in entries) for entries, _ in levels]
    folded = {i for i, size in enumerate(sizes) if size > LEVEL_BUDGET}

    def boxes() -> int:
        return sum(len(entries) if i in folded else sizes[i]
                   for i, (entries, _) in enumerate(levels))

    while boxes() > NODE_BUDGET and len(folded) < len(levels):
        folded.add(max((i for i in range(len(levels)) if i not in folded),
                       key=lambda i: (sizes[i], -i)))
    drawn = []
    box_of: dict[str, str] = {}  # module → the box that holds it
    for i, (entries, independent) in enumerate(levels):
        drawn.append(Level(i + 1, tuple(_entry(name, modules, i in folded)
                                        for name, modules in entries), independent, i in folded,
                           len(rules.layers[i].modules) > 1))
        for name, modules in entries:
            for module in modules:
                box_of.setdefault(module, name if i in folded else module)
    edges: dict[tuple[str, str], list[Breach]] = {}
    for breach in breaches:
        if not breach.chain:
            continue  # no import: a missing layer, an unmatched ignore line
        ends = box_of.get(breach.chain[0].importer), box_of.get(breach.chain[-1].target)
        if ends[0] is not None and ends[1] is not None and ends[0] != ends[1]:
            edges.setdefault((ends[0], ends[1]), []).append(breach)
    return LayersDrawing(contract, tuple(drawn), tuple(Violation(a, b, tuple(found))
                                                for (a, b), found in sorted(edges.items())))
