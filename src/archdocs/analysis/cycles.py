"""Import cycles as strongly connected components, each with a shortest witness cycle, the
import statements (file:line) along it, and *breakers*: a small set of import statements whose
removal leaves the component without any cycle (cutting the witness alone may not).

Counting pairs that import each other misses longer cycles (A → B → C → A); an SCC finds every
module caught in any cycle, and the witness makes it concrete. Cycles follow a graph's implied
parent-package edges too (:mod:`archdocs.analysis.graph`): Python runs those at import.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from archdocs.analysis.graph import ImportGraph
from archdocs.model import Import


@dataclass(frozen=True)
class Cycle:
    """One strongly connected component of two or more nodes."""

    members: tuple[str, ...]  #: sorted
    #: a shortest cycle through the component, first node repeated at the end
    witness: tuple[str, ...]
    #: for each step of the witness, the import statements that make it
    steps: tuple[tuple[str, str, tuple[Import, ...]], ...]
    #: edges of :attr:`steps` and :attr:`breakers` that are implied parent-package edges (their
    #: statements import a module inside the edge's target package)
    implied: frozenset[tuple[str, str]] = frozenset()
    #: import statements whose removal leaves the component acyclic, each with the edge it cuts
    breakers: tuple[tuple[str, str, Import], ...] = ()
    #: whether :attr:`breakers` is a smallest such set (else a greedy approximation: SCCs over
    #: :data:`EXACT_BREAKERS` modules, unless one statement does)
    exact: bool = True

    @property
    def size(self) -> int:
        return len(self.members)


def components(graph: ImportGraph) -> list[tuple[str, ...]]:
    """Every strongly connected component, single nodes included, sinks first (iterative Tarjan
    emits a component only after every component it reaches: reverse topological order)."""
    return _tarjan(graph.nodes, graph.successors())


def _tarjan(nodes: Sequence[str], successors: dict[str, list[str]]) -> list[tuple[str, ...]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[tuple[str, ...]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(successors[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors[child])))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                if stack[-1] == node:  # alone, as most modules are: no list, no sort
                    on_stack.discard(stack.pop())
                    found.append((node,))
                    continue
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(tuple(sorted(component)))
    return found


def strongly_connected(graph: ImportGraph) -> list[tuple[str, ...]]:
    """SCCs with two or more members, largest first (deterministic order)."""
    return _cyclic(components(graph))


def _cyclic(found: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return sorted((c for c in found if len(c) > 1), key=lambda c: (-len(c), c))


def dependents_counts(graph: ImportGraph,
                      successors: dict[str, list[str]] | None = None) -> dict[str, int]:
    """For every node, how many other nodes reach it through edges (its transitive dependents).
    ``successors``: the graph's, when the caller has them.

    One pass over the condensation, sources first, with Python integers as bit sets: linear in
    the graph times a word-level union, where a search per node would be quadratic (minutes on a
    code base of 8,000 modules). A component's members are the bits after those of the
    components before it, so a set of what reaches it is no wider than what comes before.
    """
    order = _tarjan(graph.nodes, successors or graph.successors())[::-1]  # sources first
    component_of = {node: i for i, members in enumerate(order) for node in members}
    predecessors: list[set[int]] = [set() for _ in order]
    for source, target in graph.pairs():
        a, b = component_of[source], component_of[target]
        if a != b:
            predecessors[b].add(a)
    through = [0] * len(order)  # nodes reaching each component, its own members included
    counts = {}
    start = 0
    for i, members in enumerate(order):
        reaching = 0
        for p in predecessors[i]:
            reaching |= through[p]
        total = reaching.bit_count() + len(members) - 1
        for node in members:
            counts[node] = total
        through[i] = reaching | ((1 << len(members)) - 1) << start
        start += len(members)
    return counts


#: Components up to this many modules get an exact smallest set of breakers (a search over
#: subsets, 2**n steps); larger ones a greedy approximation, said so wherever they are shown.
EXACT_BREAKERS = 12


def _shortest_cycle(members: tuple[str, ...], successors: dict[str, list[str]]) -> tuple[str, ...]:
    """A shortest cycle inside a component; ties go to the alphabetically first start.

    A breadth-first search from each start, in order, finds the shortest cycle through it. Three
    cuts keep that fast on components of thousands of modules: a search stops at the depth of the
    best cycle so far; a start done is left out of later searches (a shorter cycle through it
    would have been found from it); and after a wide search that finds nothing shorter, the
    modules left on no cycle at all are dropped too (in a ring, every one after the second search).
    """
    inside = set(members)
    best: tuple[str, ...] | None = None
    for start in members:
        if start not in inside:
            continue
        bound = len(best) - 1 if best else len(members) + 1  # edges of the best cycle so far
        parents: dict[str, str] = {start: start}
        level, depth, found = [start], 0, None
        while level and found is None and depth + 1 < bound:
            following = []
            for node in level:
                for child in successors[node]:
                    if child == start:
                        found = node
                        break
                    if child in inside and child not in parents:
                        parents[child] = node
                        following.append(child)
                if found is not None:
                    break
            level, depth = following, depth + 1
        inside.discard(start)
        if found is None:
            if 4 * len(parents) > len(inside):  # a wide search: worth as much as pruning costs
                inside = _on_cycles(inside, successors)
            continue
        path = [found]
        while path[-1] != start:
            path.append(parents[path[-1]])
        best = (*reversed(path), start)
        if len(best) == 3:  # a pair: nothing is shorter
            break
    assert best is not None
    return best


def _on_cycles(nodes: set[str], successors: dict[str, list[str]]) -> set[str]:
    """The ``nodes`` on some cycle of the graph they induce."""
    inner = {n: [c for c in successors[n] if c in nodes] for n in sorted(nodes)}
    return {n for c in _tarjan(list(inner), inner) if len(c) > 1 for n in c}


def _breakers(members: tuple[str, ...], edges: list[tuple[str, str]],
              graph: ImportGraph) -> tuple[tuple[tuple[str, str], ...], bool]:
    """Edges of a component whose removal leaves it acyclic, fewest import statements first, and
    whether that set is a smallest one. The cut edges of an order of the modules (those pointing
    back) break every cycle, so a best order is sought: exactly over subsets for small components
    (as import-linter's ``nominate_cycle_breakers`` weighs edges by their statements), else by
    Eades, Lin and Smyth's greedy order, then edges put back while they close no cycle."""
    index = {m: i for i, m in enumerate(members)}
    cost = {(index[a], index[b]): len({i.line for i in graph.statements(a, b)}) for a, b in edges}
    order = (_exact_order if len(members) <= EXACT_BREAKERS else _greedy_order)(len(members), cost)
    place = {node: i for i, node in enumerate(order)}
    cut = sorted((e for e in cost if place[e[0]] > place[e[1]]), key=lambda e: (-cost[e], e))
    exact = len(members) <= EXACT_BREAKERS
    if not exact:
        kept: list[list[int]] = [[] for _ in members]
        for a, b in cost:
            if place[a] < place[b]:
                kept[a].append(b)
        for edge in list(cut):
            if not _reaches(kept, edge[1], edge[0]):
                kept[edge[0]].append(edge[1])
                cut.remove(edge)
        exact = sum(cost[e] for e in cut) == 1  # a component holds a cycle: one cut is fewest
    return tuple(sorted((members[a], members[b]) for a, b in cut)), exact


def _exact_order(n: int, cost: dict[tuple[int, int], int]) -> list[int]:
    """An order of ``n`` nodes whose backward edges cost least: best[S] is the cheapest order of
    the set S placed first, and a node placed after S cuts its edges into S."""
    full = (1 << n) - 1
    # into[v][S]: what v's edges into S cost, for every S (a table doubled a node at a time:
    # the search then adds, where summing v's edges for each set was most of its time)
    weights = [[0] * n for _ in range(n)]
    for (a, b), c in cost.items():
        weights[a][b] = c
    into = []
    for row in weights:
        table = [0]
        for c in row:
            table += [t + c for t in table] if c else table
        into.append(table)
    best = [0] + [-1] * full
    last = [0] * (full + 1)
    for done in range(full):
        base = best[done]
        for v in range(n):
            if done >> v & 1:
                continue
            total = base + into[v][done]
            after = done | 1 << v
            if best[after] < 0 or total < best[after]:
                best[after], last[after] = total, v
    order, done = [], full
    while done:
        order.append(last[done])
        done &= ~(1 << last[done])
    return order[::-1]


def _greedy_order(n: int, cost: dict[tuple[int, int], int]) -> list[int]:
    """Eades–Lin–Smyth: sinks go last, sources first, else the node whose outgoing statements
    most outweigh its incoming ones goes first (sinks and sources kept in heaps as they appear:
    a long chain is linear, not quadratic)."""
    out: list[dict[int, int]] = [{} for _ in range(n)]
    into: list[dict[int, int]] = [{} for _ in range(n)]
    for (a, b), c in cost.items():
        out[a][b] = c
        into[b][a] = c
    left = set(range(n))
    # each node's outgoing less incoming statements among those left, kept as nodes leave
    balance = [sum(out[v].values()) - sum(into[v].values()) for v in range(n)]
    sinks = [v for v in range(n) if not out[v]]
    sources = [v for v in range(n) if not into[v]]
    head: list[int] = []
    tail: list[int] = []
    while left:
        if sinks:
            v = heapq.heappop(sinks)
            if v not in left:
                continue
            tail.append(v)
        elif sources:
            v = heapq.heappop(sources)
            if v not in left:
                continue
            head.append(v)
        else:
            top = max(balance[v] for v in left)
            v = min(v for v in left if balance[v] == top)  # ties: the first
            head.append(v)
        left.discard(v)
        for b, c in out[v].items():
            del into[b][v]
            balance[b] += c
            if not into[b]:
                heapq.heappush(sources, b)
        for a, c in into[v].items():
            del out[a][v]
            balance[a] -= c
            if not out[a]:
                heapq.heappush(sinks, a)
    return head + tail[::-1]


def _reaches(succ: list[list[int]], start: int, goal: int) -> bool:
    if start == goal:
        return True
    seen = bytearray(len(succ))
    seen[start] = 1
    stack = [start]
    while stack:
        for child in succ[stack.pop()]:
            if not seen[child]:
                if child == goal:
                    return True
                seen[child] = 1
                stack.append(child)
    return False


def find_cycles(graph: ImportGraph) -> list[Cycle]:
    """Every import cycle of ``graph`` as an SCC with a witness and breakers; largest first."""
    successors = graph.successors()
    found = _cyclic(_tarjan(graph.nodes, successors))  # strongly_connected, adjacency built once
    number = cycle_membership(found)
    inside: list[list[tuple[str, str]]] = [[] for _ in found]  # each component's edges
    for a, b in graph.pairs():
        if a in number and number[a] == number.get(b):
            inside[number[a]].append((a, b))
    cycles = []
    for members, edges in zip(found, inside, strict=True):
        witness = _shortest_cycle(members, successors)
        steps = tuple((a, b, graph.statements(a, b)) for a, b in pairwise(witness))
        cut, exact = _breakers(members, edges, graph)
        breakers = tuple((a, b, i) for a, b in cut for i in graph.statements(a, b))
        implied = frozenset(e for e in [*pairwise(witness), *cut] if e not in graph.edges)
        cycles.append(Cycle(members, witness, steps, implied, breakers, exact))
    return cycles


def cycle_membership(cycles: Sequence[tuple[str, ...]]) -> dict[str, int]:
    """Each node of :func:`strongly_connected`'s ``cycles`` with its cycle's number: two nodes
    are on a common cycle exactly when their numbers are equal."""
    return {node: i for i, members in enumerate(cycles) for node in members}
