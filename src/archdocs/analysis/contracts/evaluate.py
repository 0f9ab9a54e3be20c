"""Contracts checked against the static import graph, the way import-linter checks them (so the
two agree on kept and broken), with the import statements behind each breach: ``file:line`` of
the first import of its chain, and the chain itself when the import is indirect."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise, permutations
from types import MappingProxyType

from archdocs.analysis.contracts.model import (
    AcyclicSiblings,
    Breach,
    Contract,
    Forbidden,
    Independence,
    Layers,
    Protected,
)
from archdocs.analysis.contracts.patterns import expand, matches, within
from archdocs.analysis.cycles import find_cycles
from archdocs.analysis.graph import ImportGraph, build_graph
from archdocs.model import Import, Snapshot

Edges = Mapping[tuple[str, str], tuple[Import, ...]]


class _Graph:
    """A contract's view of the code: modules of its root packages, the imports of its kinds, less
    the ignored ones (plus other top-level packages as nodes when it includes externals)."""

    def __init__(self, nodes: Iterable[str], edges: Edges) -> None:
        self.nodes = frozenset(nodes)
        self.edges = edges
        self.successors: dict[str, list[str]] = {}
        for importer, target in sorted(edges):
            self.successors.setdefault(importer, []).append(target)

    def children(self, package: str) -> set[str]:
        prefix = package + "."
        return {n for n in self.nodes if n.startswith(prefix) and "." not in n[len(prefix):]}

    def package(self, name: str, as_package: bool = True) -> set[str]:
        return {n for n in self.nodes if within(n, name)} if as_package else {name} & self.nodes

    def chains(self, sources: set[str], targets: set[str], blocked: set[str],
               direct_only: bool = False) -> list[tuple[str, ...]]:
        """A shortest chain from each module of ``sources`` to each of ``targets`` it reaches,
        through modules in neither set nor ``blocked`` (as grimp's ``find_shortest_chains``)."""
        found = []
        for start in sorted(sources):
            parent: dict[str, str] = {start: ""}
            queue = deque([start])
            while queue:
                node = queue.popleft()
                for nxt in self.successors.get(node, ()):
                    if nxt in parent:
                        continue
                    parent[nxt] = node
                    if nxt in targets:
                        chain = [nxt]
                        while chain[-1] != start:
                            chain.append(parent[chain[-1]])
                        found.append(tuple(reversed(chain)))
                    elif not direct_only and nxt not in sources and nxt not in blocked:
                        queue.append(nxt)
        return found

    def imports(self, chain: Sequence[str]) -> tuple[Import, ...]:
        """The first import statement of each step."""
        return tuple(self.edges[(a, b)][0] for a, b in pairwise(chain))


def contract_modules(contract: Contract, snapshot: Snapshot) -> set[str]:
    """The modules a contract sees: those of its root packages (every module without roots)."""
    roots = contract.roots
    return {m.name for m in snapshot.modules if not roots or any(within(m.name, r) for r in roots)}


def containers(rules: Layers, nodes: Iterable[str]) -> list[str]:
    """The containers a layers contract applies to, wildcards expanded ("" when it has none)."""
    return sorted(expand(rules.containers, nodes)) if rules.containers else [""]


def in_container(container: str, tail: str) -> str:
    """A layer's module name in ``container``."""
    return f"{container}.{tail}" if container else tail


def _view(contract: Contract, snapshot: Snapshot, cache: dict[object, Edges],
          breaches: list[Breach]) -> _Graph:
    key = contract.kinds
    if key not in cache:
        cache[key] = build_graph(snapshot, None, contract.kinds, external=True).edges
    nodes = contract_modules(contract, snapshot)
    edges: dict[tuple[str, str], tuple[Import, ...]] = {}
    for (importer, target), imports in cache[key].items():
        if importer not in nodes:
            continue
        if target not in nodes:
            if not contract.include_external:
                continue
            target = target.split(".")[0]
            imports = tuple(i._replace(target=target) for i in imports)
        edges[(importer, target)] = edges.get((importer, target), ()) + imports
    if contract.include_external:
        nodes.update(t for _, t in edges)
    for rule in contract.ignore:
        hit = [e for e in edges if matches(rule.importer, e[0]) and matches(rule.imported, e[1])]
        for edge in hit:
            del edges[edge]
        if not hit and contract.unmatched_ignore == "error":
            breaches.append(Breach(contract, f"ignore_imports {rule} matches no import "
                                   f"(import-linter fails on this too)",
                                   f"unmatched|{contract.name}|{rule}", line=rule.line,
                                   code="contract-ignore"))
    return _Graph(nodes, MappingProxyType(edges))


def _chain_breach(contract: Contract, graph: _Graph, chain: tuple[str, ...], why: str) -> Breach:
    imports = graph.imports(chain)
    via = ""
    if len(chain) > 2:  # each step with the line of its import in the module before it
        via = " indirectly: " + " → ".join(
            [*(f"{i.importer}:{i.line}" for i in imports), chain[-1]])
    message = f"contract {contract.name!r} broken: {why}: {chain[0]} imports {chain[-1]}{via}"
    return Breach(contract, message, f"contract|{contract.name}|{chain[0]}->{chain[-1]}", imports)


def _missing(contract: Contract, what: str) -> Breach:
    return Breach(contract, f"contract {contract.name!r}: {what}",
                  f"missing|{contract.name}|{what}", line=contract.line,
                  code="contract-missing")


def _pairs(contract: Contract, graph: _Graph, high: str, low: str, others: set[str]
           ) -> list[Breach]:
    """``low`` may not import ``high`` (directly or through modules outside the other layers)."""
    blocked = {n for o in others for n in graph.package(o)}
    why = f"{low} is not allowed to import {high}"
    return [_chain_breach(contract, graph, chain, why)
            for chain in graph.chains(graph.package(low), graph.package(high), blocked)]


def _layers(contract: Contract, rules: Layers, graph: _Graph) -> list[Breach]:
    found = []
    for container in containers(rules, graph.nodes):
        if container and container not in graph.nodes:
            found.append(_missing(contract, f"container {container} does not exist"))
            continue
        levels = []
        for layer in rules.layers:
            present = []
            for tail in layer.modules:
                if in_container(container, tail) in graph.nodes:
                    present.append(in_container(container, tail))
                elif tail not in layer.optional:
                    found.append(_missing(contract,
                                          f"layer {in_container(container, tail)} does not exist"))
            levels.append((present, layer.independent))
        every = {m for names, _ in levels for m in names}
        for i, (higher, independent) in enumerate(levels):
            pairs = [(h, lo) for lower, _ in levels[i + 1:] for h in higher for lo in lower]
            if independent:
                pairs += list(permutations(higher, 2))
            for high, low in pairs:
                found += _pairs(contract, graph, high, low, every - {high, low})
        if rules.exhaustive and container:
            declared = {t for layer in rules.layers for t in layer.modules}
            declared |= set(rules.exhaustive_ignores)
            for child in sorted(graph.children(container)):
                if child.rpartition(".")[2] not in declared:
                    found.append(Breach(contract, f"contract {contract.name!r} broken: {child} is "
                                        "not listed as a layer (the contract is exhaustive)",
                                        f"undeclared|{contract.name}|{child}", line=contract.line,
                                        code="contract-exhaustive"))
    return found


def _forbidden(contract: Contract, rules: Forbidden, graph: _Graph) -> list[Breach]:
    found = []
    forbidden = sorted(expand(rules.forbidden, graph.nodes))
    for source in sorted(expand(rules.sources, graph.nodes)):
        if source not in graph.nodes:
            found.append(_missing(contract, f"module {source} does not exist"))
            continue
        for target in forbidden:
            if target == source or (rules.as_packages and (within(source, target)
                                                           or within(target, source))):
                continue  # overlapping modules: import-linter skips the pair
            if target not in graph.nodes:
                if not contract.include_external or "." in target:
                    found.append(_missing(contract, f"module {target} does not exist"))
                continue
            why = f"{source} is not allowed to import {target}"
            chains = graph.chains(graph.package(source, rules.as_packages),
                                  graph.package(target, rules.as_packages), set(),
                                  rules.allow_indirect)
            found += [_chain_breach(contract, graph, chain, why) for chain in chains]
    return found


def _independence(contract: Contract, rules: Independence, graph: _Graph) -> list[Breach]:
    modules = sorted(expand(rules.modules, graph.nodes))
    found = [_missing(contract, f"module {m} does not exist") for m in modules
             if m not in graph.nodes]
    present = [m for m in modules if m in graph.nodes]
    for high, low in permutations(present, 2):
        found += _pairs(contract, graph, high, low, set(present) - {high, low})
    return found


def _protected(contract: Contract, rules: Protected, graph: _Graph) -> list[Breach]:
    allowed = expand(rules.allowed_importers, graph.nodes)
    if rules.as_packages:
        allowed = {n for a in allowed for n in graph.package(a)}
    found = []
    for top in sorted(expand(rules.protected, graph.nodes)):
        shielded = graph.package(top, rules.as_packages)
        for (importer, target), imports in sorted(graph.edges.items()):
            if target in shielded and importer not in shielded and importer not in allowed:
                message = (f"contract {contract.name!r} broken: {importer} is not allowed to "
                           f"import {target} (protected: {top})")
                found.append(Breach(contract, message,
                                    f"contract|{contract.name}|{importer}->{target}", imports[:1]))
    return found


def _acyclic(contract: Contract, rules: AcyclicSiblings, graph: _Graph) -> list[Breach]:
    skip = expand(rules.skip_descendants, graph.nodes)
    found = []

    def visit(ancestor: str, depth: int) -> None:
        children = graph.children(ancestor)
        if len(children) >= 2:
            found.extend(_sibling_cycles(contract, graph, ancestor, children))
        if depth:
            for child in sorted(children - skip):
                visit(child, depth - 1)

    for ancestor in sorted(expand(rules.ancestors, graph.nodes)):
        if ancestor not in graph.nodes:
            found.append(_missing(contract, f"module {ancestor} does not exist"))
        else:
            visit(ancestor, rules.depth)
    return found


def _sibling_cycles(contract: Contract, graph: _Graph, ancestor: str,
                    children: set[str]) -> list[Breach]:
    """Cycles among ``children`` with each standing for its whole package."""
    def child_of(name: str) -> str | None:
        return next((c for c in children if within(name, c)), None)

    edges: dict[tuple[str, str], tuple[Import, ...]] = {}
    for (importer, target), imports in graph.edges.items():
        a, b = child_of(importer), child_of(target)
        if a is not None and b is not None and a != b:
            edges[(a, b)] = edges.get((a, b), ()) + imports
    folded = ImportGraph(tuple(sorted(children)), MappingProxyType(edges))
    found = []
    for cycle in find_cycles(folded):
        steps = " → ".join(cycle.witness)
        message = (f"contract {contract.name!r} broken: the children of {ancestor} import each "
                   f"other in a cycle: {steps}")
        found.append(Breach(contract, message,
                            f"siblings|{contract.name}|{'|'.join(cycle.members)}",
                            tuple(imports[0] for _, _, imports in cycle.steps),
                            code="contract-cycle"))
    return found


def check_contract(contract: Contract, snapshot: Snapshot,
                   cache: dict[object, Edges] | None = None) -> list[Breach]:
    """Every breach of ``contract`` in ``snapshot`` (empty: the contract is kept)."""
    found: list[Breach] = []
    graph = _view(contract, snapshot, {} if cache is None else cache, found)
    rules = contract.rules
    if isinstance(rules, Layers):
        found += _layers(contract, rules, graph)
    elif isinstance(rules, Forbidden):
        found += _forbidden(contract, rules, graph)
    elif isinstance(rules, Independence):
        found += _independence(contract, rules, graph)
    elif isinstance(rules, Protected):
        found += _protected(contract, rules, graph)
    else:
        found += _acyclic(contract, rules, graph)
    return found


def check_contracts(contracts: Sequence[Contract], snapshot: Snapshot) -> list[Breach]:
    cache: dict[object, Edges] = {}
    return [b for c in contracts for b in check_contract(c, snapshot, cache)]

