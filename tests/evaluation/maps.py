"""Hypothesis strategies for argument maps, and a small builder for hand-written ones."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from argmap.graph import Graph, GraphLink, GraphNode


def build(
    nodes: str | list[str],
    *links: tuple[str, ...],
    kind: str = "claim",
    base: dict[str, float] | None = None,
) -> Graph:
    """`build("a b c", ("l1", "a", "opposes", "b"), ("u", "c", "undercuts", "l1"))`; a fifth item
    of a link tuple is its co-premises, space separated."""
    graph = Graph()
    for nid in nodes.split() if isinstance(nodes, str) else nodes:
        graph.add_node(
            GraphNode(id=nid, kind=kind, text=f"Statement {nid}", base_score=(base or {}).get(nid))
        )
    for lid, source, link_kind, target, *rest in links:
        premises = rest[0].split() if rest else []
        if link_kind == "undercuts":
            graph.add_link(
                GraphLink(lid, link_kind, source, target_link=target, co_premises=premises)
            )
        else:
            graph.add_link(GraphLink(lid, link_kind, source, target=target, co_premises=premises))
    return graph


@st.composite
def maps(
    draw: st.DrawFn,
    *,
    max_nodes: int = 8,
    max_links: int = 14,
    kinds: tuple[str, ...] = ("supports", "opposes", "undercuts"),
    co_premises: bool = True,
    acyclic: bool = False,
) -> Graph:
    """Random maps. With `acyclic`, everything that bears on a node (the source of a link into
    it, its co-premises, undercuts of that link and their premises) has a higher number, so
    strengths depend only on higher numbers and DF-QuAD applies."""
    n = draw(st.integers(1, max_nodes))
    graph = Graph()
    for i in range(n):
        base = draw(st.one_of(st.none(), st.floats(0, 1))) if acyclic else None
        graph.add_node(GraphNode(id=f"a{i}", kind="claim", text=f"a{i}", base_score=base))
    end: dict[str, int] = {}  # link id -> the node it finally bears on
    for j in range(draw(st.integers(0, max_links))):
        kind = draw(st.sampled_from(kinds))
        if kind == "undercuts" and not end:
            kind = "opposes" if "opposes" in kinds else "supports"
        if kind == "undercuts":
            target_link = draw(st.sampled_from(sorted(end)))
            target = end[target_link]
        else:
            target = draw(st.integers(0, n - 1))
        low = target + 1 if acyclic else 0
        if low >= n:
            continue
        source = draw(st.integers(low, n - 1))
        premises = []
        if co_premises:
            count = draw(st.sampled_from([0, 0, 0, 1, 2]))
            premises = [f"a{draw(st.integers(low, n - 1))}" for _ in range(count)]
        lid = f"l{j}"
        if kind == "undercuts":
            link = GraphLink(lid, kind, f"a{source}", target_link=target_link, co_premises=premises)
        else:
            link = GraphLink(lid, kind, f"a{source}", target=f"a{target}", co_premises=premises)
        graph.add_link(link)
        end[lid] = target
    return graph


def bipolar_maps(max_nodes: int = 9, max_links: int = 16) -> st.SearchStrategy[Graph]:
    """Supports and opposes only: the derived attack relation is a plain Dung framework."""
    return maps(
        max_nodes=max_nodes, max_links=max_links, kinds=("supports", "opposes"), co_premises=False
    )


def attack_graphs() -> st.SearchStrategy[tuple[int, list[tuple[int, int]]]]:
    def for_size(n: int) -> st.SearchStrategy[tuple[int, list[tuple[int, int]]]]:
        pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
        return st.tuples(st.just(n), st.lists(pair, max_size=3 * n, unique=True))

    return st.integers(1, 12).flatmap(for_size)


def random_map(
    rng: random.Random, *, max_nodes: int = 9, max_links: int = 16, co_premises: bool = True
) -> Graph:
    """A seeded counterpart of `maps()` for tests that must check a known number of maps:
    supports, opposes and undercuts (of any link, undercuts included), some with co-premises.
    Few nodes and many links, and a third of the objections answered back in kind (a rival
    opposes, a reading undercuts), so that cycles, undecided statements and maps with several
    coherent positions are common."""
    n = rng.randint(1, max_nodes)
    graph = Graph()
    for i in range(n):
        graph.add_node(GraphNode(id=f"a{i}", kind="claim", text=f"a{i}"))
    links: list[GraphLink] = []
    count = rng.randint(0, max_links)
    while len(links) < count:
        kind = rng.choice(("supports", "supports", "opposes", "opposes", "opposes", "undercuts"))
        source = f"a{rng.randrange(n)}"
        premises = []
        if co_premises and rng.random() < 0.15:
            premises = [f"a{rng.randrange(n)}" for _ in range(rng.randint(1, 2))]
        lid = f"l{len(links)}"
        if kind == "undercuts" and links:
            target_link = rng.choice(links)
            links.append(
                GraphLink(lid, kind, source, target_link=target_link.id, co_premises=premises)
            )
            if rng.random() < 0.3:
                links.append(GraphLink(f"l{len(links)}", kind, target_link.source, target_link=lid))
        else:
            kind = "opposes" if kind == "undercuts" else kind
            target = f"a{rng.randrange(n)}"
            links.append(GraphLink(lid, kind, source, target=target, co_premises=premises))
            if kind == "opposes" and rng.random() < 0.3:
                links.append(GraphLink(f"l{len(links)}", kind, target, target=source))
    for link in links:
        graph.add_link(link)
    return graph
