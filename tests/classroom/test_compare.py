"""Matching, diff and coverage on plain graphs: no database, microseconds per case."""

from __future__ import annotations

import copy
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.classroom.compare import (
    IDENTITY,
    SOURCE_AND_DATE,
    TEXT,
    Reference,
    Side,
    coverage,
    diff,
    match_nodes,
)
from argmap.graph import Graph, GraphLink, GraphNode


def debate(prefix: str = "", origins: bool = True) -> tuple[Graph, dict[str, str | None]]:
    """Frank's thesis and Wilson's; Hiroshima supports Frank; the Soviet declaration supports
    Wilson; Wilson's thesis opposes Frank's. Node ids get `prefix`; each remembers its origin."""
    g = Graph()
    nodes = [
        GraphNode("frank", "thesis", "The bombs ended the war"),
        GraphNode("wilson", "thesis", "The Soviet entry ended the war"),
        GraphNode("hiro", "evidence", "Hiroshima is destroyed", source="s1", date="1945-08-06"),
        GraphNode(
            "decl", "evidence", "The Soviet Union declares war", source="s2", date="1945-08-08"
        ),
    ]
    for n in nodes:
        g.add_node(GraphNode(prefix + n.id, n.kind, n.text, source=n.source, date=n.date))
    for lid, kind, s, t in (
        ("l1", "supports", "hiro", "frank"),
        ("l2", "supports", "decl", "wilson"),
        ("l3", "opposes", "wilson", "frank"),
    ):
        g.add_link(GraphLink(prefix + lid, kind, prefix + s, target=prefix + t))
    return g, {prefix + n.id: (n.id if origins else None) for n in nodes}


def side(graph: Graph, origins: dict[str, str | None]) -> Side:
    return Side.of(graph, origins)


def test_copies_match_by_identity_whatever_their_text() -> None:
    a, oa = debate("a-")
    b, ob = debate("b-")
    b.nodes["b-hiro"].text = "Completely reworded"
    matching = match_nodes(side(a, oa), side(b, ob))
    assert matching.pairs["a-hiro"] == "b-hiro" and matching.how["a-hiro"] == IDENTITY
    assert len(matching.pairs) == 4


def test_without_origins_evidence_matches_by_source_and_date_then_text() -> None:
    a, oa = debate("a-", origins=False)
    b, ob = debate("b-", origins=False)
    b.nodes["b-hiro"].text = "Hiroshima destroyed by the bomb"
    b.nodes["b-frank"].text = "The bombs ended the war."
    b.nodes["b-wilson"].text = "Something else entirely"
    matching = match_nodes(side(a, oa), side(b, ob))
    assert matching.how["a-hiro"] == SOURCE_AND_DATE
    assert matching.how["a-frank"] == TEXT
    assert "a-wilson" not in matching.pairs


def test_text_matching_is_one_to_one_best_first() -> None:
    a, b = Graph(), Graph()
    a.add_node(GraphNode("x", "claim", "The emperor intervened on 9 August"))
    b.add_node(GraphNode("y1", "claim", "The emperor intervened on 10 August"))
    b.add_node(GraphNode("y2", "claim", "The emperor intervened on 9 August"))
    matching = match_nodes(side(a, {}), side(b, {}))
    assert matching.pairs == {"x": "y2"}


def test_the_diff_reports_added_removed_and_changed() -> None:
    a, oa = debate("a-")
    b, ob = debate("b-")
    b.nodes["b-hiro"].text = "Hiroshima is destroyed on 6 August"
    del b.nodes["b-decl"]
    del b.links["b-l2"]
    b.add_node(GraphNode("b-new", "evidence", "Nagasaki is bombed"))
    ob["b-new"] = None
    b.add_link(GraphLink("b-l4", "supports", "b-new", target="b-frank"))
    b.links["b-l3"].rationale = "Wilson's account leaves no room for the bomb"
    result = diff(side(a, oa), side(b, ob))
    assert [c.after.text for c in result.added_nodes if c.after] == ["Nagasaki is bombed"]
    assert [c.before.text for c in result.removed_nodes if c.before] == [
        "The Soviet Union declares war"
    ]
    assert [(c.node.text, c.fields) for c in result.changed_nodes] == [
        ("Hiroshima is destroyed on 6 August", ["text"])
    ]
    assert [c.description for c in result.added_links] == [
        "Nagasaki is bombed → supports → The bombs ended the war"
    ]
    assert [c.description for c in result.removed_links] == [
        "The Soviet Union declares war → supports → The Soviet entry ended the war"
    ]
    assert [c.fields for c in result.changed_links] == [["rationale"]]
    assert (result.unchanged_nodes, result.unchanged_links) == (2, 1)


def test_a_link_whose_kind_changed_is_removed_and_added() -> None:
    a, oa = debate("a-")
    b, ob = debate("b-")
    b.links["b-l1"].kind = "opposes"
    result = diff(side(a, oa), side(b, ob))
    assert len(result.added_links) == len(result.removed_links) == 1
    assert not result.changed_links


def test_undercuts_match_through_the_link_they_attack() -> None:
    a, oa = debate("a-")
    b, ob = debate("b-")
    for g, p, o in ((a, "a-", oa), (b, "b-", ob)):
        g.add_node(GraphNode(p + "c", "claim", "The rescript is propaganda"))
        o[p + "c"] = "c"
        g.add_link(GraphLink(p + "u", "undercuts", p + "c", target_link=p + "l1"))
    assert diff(side(a, oa), side(b, ob)).is_empty


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["thesis", "claim", "evidence"]), min_size=1, max_size=12))
def test_a_map_compared_with_a_copy_of_itself_has_no_difference(kinds: list[str]) -> None:
    g = Graph()
    for i, kind in enumerate(kinds):
        g.add_node(GraphNode(str(i), kind, f"Statement {i} " * 3))
    for i in range(1, len(kinds)):
        g.add_link(GraphLink(f"l{i}", "supports" if i % 2 else "opposes", str(i), target="0"))
    copied = copy.deepcopy(g)
    result = diff(side(g, {}), side(copied, {}))
    assert result.is_empty and result.unchanged_nodes == len(kinds)


def test_coverage_of_a_reference() -> None:
    ref, oref = debate("r-")
    sub, osub = debate("s-")
    # The student dropped the Soviet declaration and reads Hiroshima against Frank.
    del sub.nodes["s-decl"]
    del sub.links["s-l2"]
    sub.links["s-l1"].kind = "opposes"
    result = coverage(Reference.of(side(ref, oref)), side(sub, osub))
    assert (result.theses_used, len(result.theses)) == (2, 2)
    assert [(c.item.id, c.used) for c in result.evidence] == [("r-hiro", True), ("r-decl", False)]
    found = [(d.evidence.id, d.thesis.id, d.reference, d.submission) for d in result.disagreements]
    assert found == [("r-hiro", "r-frank", "supports", "opposes")]
    assert result.ratio == 3 / 4


def test_evidence_present_but_unlinked_is_not_used() -> None:
    ref, oref = debate("r-")
    sub, osub = debate("s-")
    del sub.links["s-l1"]
    result = coverage(Reference.of(side(ref, oref)), side(sub, osub))
    assert [(c.item.id, c.used) for c in result.evidence] == [("r-hiro", False), ("r-decl", True)]
    assert [(u.evidence.id, u.submission) for u in result.unlinked] == [("r-hiro", "none")]


def test_compare_is_pure_python() -> None:
    script = textwrap.dedent(
        """
        import sys
        class Refuse:
            def find_spec(self, name, path=None, target=None):
                if name == "django" or name.startswith("django."):
                    raise ImportError("django is not allowed here")
        sys.meta_path.insert(0, Refuse())
        import argmap.classroom.compare
        print("pure")
        """
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "pure", result.stderr
