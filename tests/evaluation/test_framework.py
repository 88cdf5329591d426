"""Compiling a map: from columns with the database's integer ids (`compile_columns`) exactly as
from a `Graph` (`compile_graph`), list for list, so that both give the same results to the last
bit."""

from __future__ import annotations

import dataclasses
import random

from argmap.evaluation.columns import compile_columns, compile_numbered
from argmap.evaluation.framework import KIND_CODES, OTHER, Framework, Links, compile_graph
from argmap.graph import Graph, GraphLink
from tests.evaluation.maps import build, random_map


def as_columns(graph: Graph) -> tuple[list[int], dict[int, float], Links[int]]:
    """The graph with integer ids, as the database gives a map: nodes a0, a1… become 1000,
    1001…, links get their own numbers; an end that names nothing keeps an id of nothing."""
    node = {nid: 1000 + i for i, nid in enumerate(graph.nodes)}
    link = {lid: 5000 + i for i, lid in enumerate(graph.links)}

    def ref(table: dict[str, int], key: str | None) -> int | None:
        return None if key is None else table.get(key, -1)

    links = graph.links.values()
    columns = Links(
        [link[lk.id] for lk in links],
        [lk.kind for lk in links],
        [node.get(lk.source, -1) for lk in links],
        [ref(node, lk.target) for lk in links],
        [ref(link, lk.target_link) for lk in links],
        {link[lk.id]: [node.get(p, -1) for p in lk.co_premises] for lk in links if lk.co_premises},
    )
    scores = {node[k]: n.base_score for k, n in graph.nodes.items() if n.base_score is not None}
    return list(node.values()), scores, columns


# What a framework holds, as its readers read it (some of it made when first asked for).
PUBLIC = [
    f.name.lstrip("_") for f in dataclasses.fields(Framework) if f.name not in ("_index", "_later")
]


def renamed(fw: Framework[str], graph: Graph) -> dict[str, object]:
    """The framework's fields with the graph's ids replaced as `as_columns` replaces them."""
    node = {nid: 1000 + i for i, nid in enumerate(graph.nodes)}
    link = {lid: 5000 + i for i, lid in enumerate(graph.links)}
    fields = {name: getattr(fw, name) for name in PUBLIC}
    fields["ids"] = [node[i] for i in fw.ids]
    fields["index"] = {node[i]: k for i, k in fw.index.items()}
    for name in ("att_ids", "sup_ids", "gen_ids", "dropped"):
        fields[name] = [link[i] for i in fields[name]]
    return fields


def test_columns_compile_as_the_graph_does_on_generated_maps() -> None:
    for seed in range(400):
        rng = random.Random(seed)
        graph = random_map(rng, max_nodes=rng.randint(1, 30), max_links=rng.randint(0, 50))
        first = next(iter(graph.nodes))
        if seed % 3 == 0:  # ends that name nothing, and a kind evaluation does not know
            graph.add_link(GraphLink("x1", "opposes", "ghost", target=first))
            graph.add_link(GraphLink("x2", "undercuts", first, target_link="x1"))
            graph.add_link(GraphLink("x3", "undercuts", first, target_link="nothing"))
            graph.add_link(GraphLink("x4", "contradicts", first, target=first))
        aside = rng.sample(sorted(graph.nodes), min(len(graph.nodes), seed % 3))
        nodes, scores, links = as_columns(graph)
        number = dict(zip(graph.nodes, nodes, strict=True))
        compiled = compile_columns(nodes, scores, links, [number[a] for a in aside])
        expected = renamed(compile_graph(graph, aside), graph)
        assert {f: getattr(compiled, f) for f in expected} == expected, seed


def test_base_scores_are_clamped_and_the_default_is_a_half() -> None:
    graph = build("a b c", base={"a": 1.5, "b": 0.2})
    nodes, scores, links = as_columns(graph)
    assert compile_columns(nodes, scores, links).base == [1.0, 0.2, 0.5]


def test_an_empty_list_of_co_premises_leaves_a_link_plain() -> None:
    links = Links([7], ["opposes"], [1], [2], [None], {7: []})
    fw = compile_columns([1, 2], {}, links)
    assert (fw.att_src, fw.att_tgt, fw.gen_ids) == ([0], [1], [])


def test_a_map_given_by_positions_compiles_as_its_columns_do() -> None:
    """`compile_numbered` (a packed map: ends as positions, kinds as codes) gives the framework
    `compile_columns` gives, for every map whose links are all plain, and declines the rest."""
    plain = declined = 0
    for seed in range(300):
        rng = random.Random(seed)
        graph = random_map(rng, max_nodes=rng.randint(1, 30), max_links=rng.randint(0, 50))
        nodes, scores, links = as_columns(graph)
        at = {pk: i for i, pk in enumerate(nodes)}
        numbered = compile_numbered(
            nodes,
            scores,
            links.ids,
            bytes(KIND_CODES.get(kind, OTHER) for kind in links.kinds),
            [at.get(s, -1) for s in links.sources],
            [at.get(t, -1) if t is not None else -1 for t in links.targets],
            links.co_premises,
        )
        expected = compile_columns(nodes, scores, links)
        if expected.gen_ids or expected.dropped:
            assert numbered is None, seed
            declined += 1
            continue
        assert numbered is not None, seed
        assert {f: getattr(numbered, f) for f in PUBLIC} == {
            f: getattr(expected, f) for f in PUBLIC
        }, seed
        plain += 1
    assert plain > 50 and declined > 50  # both kinds of map were drawn
