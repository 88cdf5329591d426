"""Strongly connected components (iterative Tarjan, O(n + m)), for cycle reports and for the
SCC-by-SCC search of the preferred semantics."""

from __future__ import annotations


def components(n: int, succ: list[list[int]]) -> list[list[int]]:
    """Every strongly connected component, each in discovery order, a component listed before
    any component that reaches it (so the reversed list is a topological order)."""
    return _tarjan(n, succ, every_node=True)


def cyclic_components(n: int, succ: list[list[int]]) -> list[list[int]]:
    """The strongly connected components of the graph that contain a cycle (more than one
    node, or one node with a loop), each in discovery order."""
    return [c for c in _tarjan(n, succ, every_node=False) if len(c) > 1 or c[0] in succ[c[0]]]


def _tarjan(n: int, succ: list[list[int]], *, every_node: bool) -> list[list[int]]:
    index = [-1] * n
    low = [0] * n
    on_stack = bytearray(n)
    stack: list[int] = []
    found: list[list[int]] = []
    counter = 0
    for root in range(n):
        # A node without successors is a component of its own, found when something reaches it.
        if index[root] != -1 or not (every_node or succ[root]):
            continue
        # Each frame is (node, position in its successor list); recursion would overflow on
        # long chains.
        work = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack[v] = 1
            if i < len(succ[v]):
                work.append((v, i + 1))
                w = succ[v][i]
                if index[w] == -1:
                    work.append((w, 0))
                elif on_stack[w]:
                    low[v] = min(low[v], index[w])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    component.append(w)
                    if w == v:
                        break
                found.append(component[::-1])
    return found
