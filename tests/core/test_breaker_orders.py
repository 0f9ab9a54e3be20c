"""The orders behind cycle breakers, as the fast code computes them, equal those of the plain
algorithms they stand for (written out here as stated: a sum per node and set, a sort per greedy
step, a set-based search), on any weighted digraph: same order, so same breakers."""

from __future__ import annotations

import heapq

from hypothesis import given, settings
from hypothesis import strategies as st

from archdocs.analysis.cycles import _exact_order, _greedy_order, _reaches

Costs = dict[tuple[int, int], int]


def plain_exact_order(n: int, cost: Costs) -> list[int]:
    full = (1 << n) - 1
    best, last = [0] + [-1] * full, [0] * (full + 1)
    for done in range(full):
        for v in range(n):
            if done >> v & 1:
                continue
            total = best[done] + sum(c for (a, b), c in cost.items() if a == v and done >> b & 1)
            after = done | 1 << v
            if best[after] < 0 or total < best[after]:
                best[after], last[after] = total, v
    order, done = [], full
    while done:
        order.append(last[done])
        done &= ~(1 << last[done])
    return order[::-1]


def plain_greedy_order(n: int, cost: Costs) -> list[int]:
    out: list[dict[int, int]] = [{} for _ in range(n)]
    into: list[dict[int, int]] = [{} for _ in range(n)]
    for (a, b), c in cost.items():
        out[a][b] = c
        into[b][a] = c
    left = set(range(n))
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
            v = max(sorted(left), key=lambda v: sum(out[v].values()) - sum(into[v].values()))
            head.append(v)
        left.discard(v)
        for b in out[v]:
            del into[b][v]
            if not into[b]:
                heapq.heappush(sources, b)
        for a in into[v]:
            del out[a][v]
            if not out[a]:
                heapq.heappush(sinks, a)
    return head + tail[::-1]


def plain_reaches(succ: list[list[int]], start: int, goal: int) -> bool:
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for child in succ[node]:
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return False


def weighted(max_nodes: int) -> st.SearchStrategy[tuple[int, Costs]]:
    # small weights, so that ties (where the order's tie-breaking shows) are common
    return st.integers(min_value=1, max_value=max_nodes).flatmap(lambda n: st.tuples(
        st.just(n), st.dictionaries(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]),
            st.integers(1, 3), max_size=3 * n)))


@settings(max_examples=150, deadline=None)
@given(weighted(9))
def test_the_exact_order_is_the_plain_searchs(graph: tuple[int, Costs]) -> None:
    assert _exact_order(*graph) == plain_exact_order(*graph)


@settings(max_examples=300, deadline=None)
@given(weighted(40))
def test_the_greedy_order_is_the_plain_algorithms(graph: tuple[int, Costs]) -> None:
    assert _greedy_order(*graph) == plain_greedy_order(*graph)


@settings(max_examples=300, deadline=None)
@given(weighted(30), st.data())
def test_reaching_is_the_plain_searchs(graph: tuple[int, Costs], data: st.DataObject) -> None:
    n, cost = graph
    succ: list[list[int]] = [[] for _ in range(n)]
    for a, b in cost:
        succ[a].append(b)
    start, goal = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    assert _reaches(succ, start, goal) == plain_reaches(succ, start, goal)
