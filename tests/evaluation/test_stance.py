"""Net stance: how a piece of evidence bears on a thesis, told on small plain graphs.

The cast is the demo's in miniature: Frank's thesis and Wilson's, the Hiroshima bombing and the
Soviet declaration, Hasegawa's thesis opposing Frank's, Asada's opposing Hasegawa's.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.evaluation.stance import StanceIndex, is_contested, net_stance
from argmap.evaluation.wording import (
    describe_contests,
    describe_path,
    describe_undercut,
    short_name,
)
from argmap.graph import Graph, GraphLink, GraphNode, GraphScholar, GraphSource
from argmap.interchange.base import DEFAULT_LIMITS
from argmap.interchange.checks import check_graph


def debate() -> Graph:
    graph = Graph()
    for key, name in [
        ("frank", "Richard B. Frank"),
        ("wilson", "Ward Wilson"),
        ("hasegawa", "Tsuyoshi Hasegawa"),
        ("asada", "Sadao Asada"),
    ]:
        graph.scholars[key] = GraphScholar(id=key, name=name)
        graph.add_node(
            GraphNode(id=f"th_{key}", kind="thesis", text=f"{name}'s thesis", scholar=key)
        )
    graph.add_node(GraphNode(id="hiroshima", kind="evidence", text="…", title="Hiroshima"))
    graph.add_node(GraphNode(id="declaration", kind="evidence", text="…", title="Declaration"))
    graph.add_node(GraphNode(id="rescript17", kind="evidence", text="…", title="Rescript"))
    graph.add_node(
        GraphNode(
            id="no_role",
            kind="claim",
            text="Hiroshima played virtually no role",
            scholar="wilson",
        )
    )
    links = [
        ("h-f", "supports", "hiroshima", "th_frank"),
        ("h-a", "supports", "hiroshima", "th_asada"),
        ("d-w", "supports", "declaration", "th_wilson"),
        ("d-h", "supports", "declaration", "th_hasegawa"),
        ("nr-w", "supports", "no_role", "th_wilson"),
        ("r-h", "supports", "rescript17", "th_hasegawa"),
        ("h-opp-f", "opposes", "th_hasegawa", "th_frank"),
        ("a-opp-h", "opposes", "th_asada", "th_hasegawa"),
    ]
    for key, kind, source, target in links:
        graph.add_link(GraphLink(id=key, kind=kind, source=source, target=target))
    for rival in ("h-f", "h-a"):
        graph.add_link(
            GraphLink(id=f"nr-x-{rival}", kind="undercuts", source="no_role", target_link=rival)
        )
    assert check_graph(graph, DEFAULT_LIMITS) is graph
    return graph


def test_direct_support_is_a_one_step_path() -> None:
    graph = debate()
    stance = net_stance(graph, "hiroshima", "th_frank")
    assert stance.label == "supports" and stance.uses and not stance.indirect
    assert [describe_path(graph, p) for p in stance.shown_paths] == ["Hiroshima → supports → Frank"]


def test_a_thesis_whose_claim_undercuts_a_reading_contests_the_evidence() -> None:
    graph = debate()
    stance = net_stance(graph, "hiroshima", "th_wilson")
    assert stance.label == "contests" and stance.mark == "⤫" and stance.uses
    assert {c.target for c in stance.contests} == {"h-f", "h-a"}
    first = next(c for c in stance.contests if c.target == "h-f")
    # A use nobody is credited with is named by its link.
    assert describe_undercut(graph, first) == (
        "Wilson’s reading ‘Hiroshima played virtually no role’ replies to "
        "Hiroshima → supports → Frank"
    )
    # Uses credited to who makes them are merged, and the answer is worded by the works' years.
    graph.links["h-f"].scholar, graph.links["h-a"].scholar = "frank", "asada"
    graph.sources["old"] = GraphSource(id="old", title="Old", year=1995)
    graph.sources["new"] = GraphSource(id="new", title="New", year=2005)
    for link_id in ("h-f", "h-a"):
        graph.links[link_id].citation = "new"
    assert describe_contests(graph, stance.contests) == [
        "Wilson’s reading ‘Hiroshima played virtually no role’ replies to "
        "Frank’s and Asada’s use of Hiroshima"
    ]
    for link_id in ("nr-x-h-f", "nr-x-h-a"):
        graph.links[link_id].citation = "old"
    assert describe_contests(graph, stance.contests) == [
        "Wilson’s reading ‘Hiroshima played virtually no role’ is inconsistent with "
        "Frank’s and Asada’s use of Hiroshima"
    ]


def test_someone_elses_undercut_challenges_the_path_without_changing_its_sign() -> None:
    stance = net_stance(debate(), "hiroshima", "th_frank")
    assert stance.label == "supports"
    assert [c.by for c in stance.challenges] == ["no_role"]


def test_a_reading_the_thesis_rejects_does_not_count_for_it() -> None:
    # Wilson's own claim undercuts Hiroshima → Asada, so no path through that link reaches
    # Wilson even when Asada's thesis is made to support Wilson's.
    graph = debate()
    graph.add_link(GraphLink(id="a-w", kind="supports", source="th_asada", target="th_wilson"))
    stance = net_stance(graph, "hiroshima", "th_wilson")
    assert stance.label == "contests" and stance.paths == ()


def test_paths_through_other_theses_are_indirect_and_named() -> None:
    graph = debate()
    against = net_stance(graph, "rescript17", "th_frank")
    assert against.label == "opposes" and against.indirect and not against.uses
    assert describe_path(graph, against.paths[0]) == (
        "Rescript → supports → Hasegawa → opposes → Frank"
    )
    # An attack on an attacker: Hiroshima supports Asada, who opposes Hasegawa, who opposes
    # Frank; but Frank's own use of Hiroshima is direct and decides the label.
    assert net_stance(graph, "hiroshima", "th_frank").paths[0].through == ()


def test_paths_pass_through_at_most_max_through_theses() -> None:
    graph = debate()
    graph.add_node(GraphNode(id="memo", kind="evidence", text="…"))
    graph.add_link(GraphLink(id="m-a", kind="supports", source="memo", target="th_asada"))
    # memo → Asada → opposes → Hasegawa → opposes → Frank: two theses on the way.
    assert net_stance(graph, "memo", "th_frank").label == "supports"
    assert net_stance(graph, "memo", "th_frank", max_through=1).label == "none"
    assert net_stance(graph, "memo", "th_frank", max_through=0).label == "none"


def test_contested_means_one_thesis_reads_it_for_and_another_against() -> None:
    graph = debate()
    frank, wilson = (net_stance(graph, "hiroshima", t) for t in ("th_frank", "th_wilson"))
    assert is_contested([frank, wilson])
    assert not is_contested([frank, net_stance(graph, "hiroshima", "th_asada")])


def test_an_item_that_reaches_the_thesis_both_ways_is_mixed() -> None:
    graph = debate()
    graph.add_node(GraphNode(id="c", kind="claim", text="c"))
    graph.add_link(GraphLink(id="h-c", kind="supports", source="hiroshima", target="c"))
    graph.add_link(GraphLink(id="c-f", kind="opposes", source="c", target="th_frank"))
    stance = net_stance(graph, "hiroshima", "th_frank")
    assert stance.label == "mixed" and {p.sign for p in stance.paths} == {1, -1}


def test_co_premises_take_part_in_their_link() -> None:
    graph = debate()
    graph.links["d-w"].co_premises = ["rescript17"]
    assert net_stance(graph, "rescript17", "th_wilson").label == "supports"
    assert net_stance(graph, "rescript17", "th_wilson").paths[0].steps[0].co_premise


def test_short_names_for_people_and_institutions() -> None:
    assert short_name("Richard B. Frank") == "Frank"
    assert short_name("United States Strategic Bombing Survey (Chairman's Office)") == "USSBS"
    assert short_name("Soviet official framing and historiography (1945)") == "Soviet"
    assert short_name("Robert J. C. Butow") == short_name("Robert J.C. Butow") == "Butow"


# --- properties --------------------------------------------------------------------------------

KINDS = st.sampled_from(["supports", "opposes"])


@given(st.lists(KINDS, min_size=1, max_size=30))
def test_signs_multiply_along_a_chain(kinds: list[str]) -> None:
    graph = Graph()
    graph.add_node(GraphNode(id="n0", kind="evidence", text="e"))
    for i, kind in enumerate(kinds, start=1):
        last = i == len(kinds)
        graph.add_node(GraphNode(id=f"n{i}", kind="thesis" if last else "claim", text="x"))
        graph.add_link(GraphLink(id=f"l{i}", kind=kind, source=f"n{i - 1}", target=f"n{i}"))
    stance = net_stance(graph, "n0", f"n{len(kinds)}")
    expected = 1
    for kind in kinds:
        expected *= -1 if kind == "opposes" else 1
    assert [p.sign for p in stance.paths] == [expected]
    assert [s.link for s in stance.paths[0].steps] == [f"l{i}" for i in range(1, len(kinds) + 1)]
    assert stance.label == ("supports" if expected == 1 else "opposes")


@st.composite
def graphs(draw: st.DrawFn, *, acyclic: bool) -> Graph:
    """Small random maps: node 0 is the evidence, node n-1 the thesis; in an acyclic one every
    link runs from a lower number to a higher."""
    n = draw(st.integers(min_value=2, max_value=7))
    graph = Graph()
    for i in range(n):
        kind = (
            "evidence"
            if i == 0
            else "thesis"
            if i == n - 1
            else draw(st.sampled_from(["claim", "claim", "thesis"]))
        )
        graph.add_node(GraphNode(id=f"n{i}", kind=kind, text=f"node {i}"))
    pairs = [(a, b) for a in range(n) for b in range(n) if a != b and (a < b or not acyclic)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=14)) if pairs else []
    for number, (a, b) in enumerate(chosen):
        graph.add_link(GraphLink(id=f"l{number}", kind=draw(KINDS), source=f"n{a}", target=f"n{b}"))
    return graph


def simple_path_signs(graph: Graph, start: str, end: str, max_through: int) -> set[int]:
    """Brute force: the signs of every simple path, through at most `max_through` theses."""
    out: dict[str, list[tuple[str, int]]] = {}
    for link in graph.links.values():
        out.setdefault(link.source, []).append(
            (link.target or "", -1 if link.kind == "opposes" else 1)
        )
    found: set[int] = set()

    def walk(node: str, sign: int, seen: set[str], through: int) -> None:
        if node == end:
            found.add(sign)
            return
        if node != start and graph.nodes[node].kind == "thesis":
            through += 1
            if through > max_through:
                return
        for target, link_sign in out.get(node, []):
            if target not in seen:
                walk(target, sign * link_sign, seen | {target}, through)

    walk(start, 1, {start}, 0)
    return found


@settings(max_examples=300, deadline=None)
@given(graphs(acyclic=True), st.integers(min_value=0, max_value=3))
def test_on_acyclic_maps_the_signs_are_those_of_the_simple_paths(
    graph: Graph, max_through: int
) -> None:
    thesis = f"n{len(graph.nodes) - 1}"
    stance = net_stance(graph, "n0", thesis, max_through=max_through)
    assert {p.sign for p in stance.paths} == simple_path_signs(graph, "n0", thesis, max_through)


@settings(max_examples=300, deadline=None)
@given(graphs(acyclic=False))
def test_on_cyclic_maps_it_ends_and_reports_real_walks(graph: Graph) -> None:
    thesis = f"n{len(graph.nodes) - 1}"
    index = StanceIndex(graph)
    towards = index.towards(thesis)
    for node in graph.nodes:
        stance = towards.stance(node)
        assert len(stance.paths) <= 4
        for path in stance.paths:
            # Each path is a walk of real links from the node to the thesis, its sign the
            # product of its steps' signs.
            assert path.steps[0].source == node and path.steps[-1].target == thesis
            for a, b in itertools.pairwise(path.steps):
                assert a.target == b.source
            sign = 1
            for step in path.steps:
                link = graph.links[step.link]
                assert (link.source, link.target, link.kind) == (
                    step.source,
                    step.target,
                    step.kind,
                )
                sign *= -1 if step.kind == "opposes" else 1
            assert sign == path.sign
    # The shortcut the pages count uses with agrees with the stance's own answer.
    assert all(towards.uses(node) == towards.stance(node).uses for node in graph.nodes)
    # Every sign of a simple path is found (walks may add the other sign round an odd cycle).
    found = {p.sign for p in towards.stance("n0").paths}
    assert simple_path_signs(graph, "n0", thesis, 2) <= found


def test_a_long_cycle_of_opposition_ends_quickly() -> None:
    graph = Graph()
    size = 5000
    for i in range(size):
        graph.add_node(GraphNode(id=f"n{i}", kind="thesis" if i % 7 == 0 else "claim", text="x"))
        graph.add_link(
            GraphLink(id=f"l{i}", kind="opposes", source=f"n{i}", target=f"n{(i + 1) % size}")
        )
    towards = StanceIndex(graph).towards("n0", max_through=size)
    assert towards.stance("n1").label in {"supports", "opposes", "mixed"}
    assert len(towards.reached()) == size - 1
