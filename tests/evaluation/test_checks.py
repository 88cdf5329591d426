"""Map checks: each finds what it should, and nothing on a map without the problem."""

from __future__ import annotations

from argmap.evaluation import CHECKS, Finding, check_map
from argmap.graph import Graph, GraphLink, GraphNode


def sound_map() -> Graph:
    """A small map that passes every check."""
    graph = Graph()
    graph.add_node(GraphNode("t", "thesis", "The bomb ended the war"))
    graph.add_node(GraphNode("c", "claim", "The court feared more bombs"))
    graph.add_node(
        GraphNode(
            "e",
            "evidence",
            "The rescript mentions a new and most cruel bomb",
            source="src1",
            quote="a new and most cruel bomb",
            locator="p. 1",
            date="1945-08-15",
        )
    )
    graph.add_node(GraphNode("h", "evidence", "Hiroshima", source="src2", date="1945-08-06"))
    graph.add_link(GraphLink("l1", "supports", "c", target="t"))
    graph.add_link(GraphLink("l2", "supports", "e", target="c"))
    graph.add_link(GraphLink("l3", "supports", "h", target="c"))
    graph.add_link(GraphLink("u", "undercuts", "h", target_link="l1"))
    return graph


def codes(graph: Graph, code: str) -> list[Finding]:
    return [f for f in check_map(graph) if f.code == code]


def test_a_sound_map_has_no_findings() -> None:
    assert check_map(sound_map()) == []


def test_unsupported_claim_is_found() -> None:
    graph = sound_map()
    del graph.links["l2"], graph.links["l3"]
    (finding,) = codes(graph, "unsupported-claim")
    assert finding.nodes == ("c",)
    assert "nothing in the map supports it" in finding.message


def test_evidence_without_citation_is_found() -> None:
    graph = sound_map()
    graph.nodes["h"].source = None
    (finding,) = codes(graph, "evidence-without-citation")
    assert finding.nodes == ("h",)


def test_quote_without_locator_is_found() -> None:
    graph = sound_map()
    graph.nodes["e"].locator = " "
    (finding,) = codes(graph, "quote-without-locator")
    assert finding.nodes == ("e",) and "locator" in finding.message


def test_support_cycle_is_found_with_its_links() -> None:
    graph = sound_map()
    graph.add_link(GraphLink("back", "supports", "t", target="c"))
    (finding,) = codes(graph, "support-cycle")
    assert set(finding.nodes) == {"c", "t"}
    assert set(finding.links) == {"l1", "back"}
    assert "in a circle" in finding.message


def test_opposition_in_a_circle_is_not_a_support_cycle() -> None:
    graph = sound_map()
    graph.add_link(GraphLink("back", "opposes", "t", target="c"))
    assert codes(graph, "support-cycle") == []


def test_undercut_of_a_missing_link_is_found() -> None:
    graph = sound_map()
    graph.links["u"].target_link = "deleted"
    (finding,) = codes(graph, "dangling-undercut")
    assert (finding.nodes, finding.links) == (("h",), ("u",))


def test_orphan_node_is_found() -> None:
    graph = sound_map()
    graph.add_node(GraphNode("o", "evidence", "A lonely fact", source="src3"))
    (finding,) = codes(graph, "orphan")
    assert finding.nodes == ("o",)


def test_a_co_premise_is_not_an_orphan() -> None:
    graph = sound_map()
    graph.add_node(GraphNode("p", "claim", "The army would go on", title="Army"))
    graph.add_link(GraphLink("l4", "supports", "h", target="p"))
    graph.links["l1"].co_premises = ["p"]
    assert codes(graph, "orphan") == []


def test_evidence_dated_after_the_event_it_explains_is_found() -> None:
    graph = sound_map()
    graph.nodes["h"].date = "1946-07-01"  # later than the rescript it is used to explain
    graph.add_link(GraphLink("l5", "supports", "h", target="e"))
    (finding,) = codes(graph, "evidence-after-event")
    assert (finding.nodes, finding.links) == (("h", "e"), ("l5",))
    assert "1946-07-01" in finding.message and "1945-08-15" in finding.message


def test_evidence_overlapping_the_event_or_undated_is_not_flagged() -> None:
    graph = sound_map()
    graph.nodes["h"].date = "1945-08/1945-09"  # may well come first
    graph.add_link(GraphLink("l5", "supports", "h", target="e"))
    graph.add_link(GraphLink("l6", "supports", "e", target="t"))  # the thesis has no date
    assert codes(graph, "evidence-after-event") == []


def test_duplicate_statements_are_found_ignoring_case_and_punctuation() -> None:
    graph = sound_map()
    graph.add_node(GraphNode("d", "claim", "the court  feared more bombs!"))
    graph.add_link(GraphLink("l6", "supports", "d", target="t"))
    (finding,) = codes(graph, "duplicate-statement")
    assert finding.nodes == ("c", "d")


def test_every_check_has_a_title_and_findings_use_known_codes() -> None:
    graph = sound_map()
    del graph.links["l2"], graph.links["l3"]
    graph.add_node(GraphNode("o", "evidence", "The court feared more bombs"))
    found = check_map(graph)
    assert {f.code for f in found} == {
        "unsupported-claim",
        "evidence-without-citation",
        "orphan",
        "duplicate-statement",
    }
    assert all(title for title, _ in CHECKS.values())
    assert [f.code for f in found] == sorted((f.code for f in found), key=list(CHECKS).index)
