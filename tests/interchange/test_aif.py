"""AIF JSON: OVA's wrapper and AIFdb's flat form, both ways; undercuts kept; speakers."""

from __future__ import annotations

import json

import pytest

from argmap.graph import Graph, GraphLink, GraphNode, GraphScholar
from argmap.interchange import InterchangeError, aif, argdown
from tests.interchange.helpers import canon

AIFDB = {
    "nodes": [
        {"nodeID": "1", "text": "The bombs ended the war", "type": "I", "timestamp": ""},
        {"nodeID": "2", "text": "Hiroshima was destroyed", "type": "I"},
        {"nodeID": "3", "text": "More bombs were expected", "type": "I"},
        {"nodeID": "4", "text": "Default Inference", "type": "RA"},
        {"nodeID": "5", "text": "The Soviet entry ended the war", "type": "I"},
        {"nodeID": "6", "text": "Default Conflict", "type": "CA"},
        {"nodeID": "7", "text": "The rescript was a pretext", "type": "I"},
        {"nodeID": "8", "text": "Default Conflict", "type": "CA"},
        {"nodeID": "9", "text": "Frank : Hiroshima shows it", "type": "L"},
        {"nodeID": "10", "text": "Arguing", "type": "YA"},
        {"nodeID": "11", "text": "Default Rephrase", "type": "MA"},
        {"nodeID": "12", "text": "?", "type": "XX"},
    ],
    "edges": [
        {"edgeID": 1, "fromID": "2", "toID": "4"},
        {"edgeID": 2, "fromID": "3", "toID": "4"},
        {"edgeID": 3, "fromID": "4", "toID": "1"},
        {"edgeID": 4, "fromID": "5", "toID": "6"},
        {"edgeID": 5, "fromID": "6", "toID": "1"},
        {"edgeID": 6, "fromID": "7", "toID": "8"},
        {"edgeID": 7, "fromID": "8", "toID": "4"},
        {"edgeID": 8, "fromID": "9", "toID": "10"},
        {"edgeID": 9, "fromID": "10", "toID": "4"},
    ],
    "locutions": [{"nodeID": "9", "personID": 1}],
    "participants": [{"participantID": 1, "firstname": "Richard B.", "surname": "Frank"}],
}


def test_aifdb_ra_with_co_premise_ca_undercut_and_speaker_are_read() -> None:
    result = aif.read(json.dumps(AIFDB))
    graph = result.graph
    support, conflict, undercut = (graph.links[i] for i in ("4", "6", "8"))
    assert (support.kind, support.source, support.target, support.co_premises) == (
        "supports", "2", "1", ["3"],
    )  # fmt: skip
    assert (conflict.kind, conflict.source, conflict.target) == ("opposes", "5", "1")
    assert (undercut.kind, undercut.source, undercut.target_link) == ("undercuts", "7", "4")
    assert graph.scholars[support.scholar or ""].name == "Richard B. Frank"
    assert support.rationale == "Hiroshima shows it"
    assert any("MA (rephrase)" in note for note in result.notes)
    assert "1 × nodes of other types are not kept: type 'XX'" in result.notes
    assert {n.kind for n in graph.nodes.values()} == {"claim"}


def test_ova_wrapper_is_read_like_the_flat_form() -> None:
    wrapped = {"AIF": AIFDB, "OVA": {"nodes": [], "edges": []}, "text": "<p>…</p>"}
    assert canon(aif.read(json.dumps(wrapped)).graph) == canon(aif.read(json.dumps(AIFDB)).graph)


def sample() -> Graph:
    graph = Graph(title="Surrender")
    graph.scholars["f"] = GraphScholar(id="f", name="Richard B. Frank", role="historian")
    graph.add_node(GraphNode(id="t", kind="thesis", text="Bombs", scholar="f", title="B"))
    graph.add_node(GraphNode(id="e", kind="evidence", text="Hiroshima", date="1945-08-06"))
    graph.add_node(GraphNode(id="c", kind="claim", text="More to come"))
    graph.add_node(GraphNode(id="x", kind="claim", text="Pretext"))
    graph.add_link(GraphLink(id="1", kind="supports", source="e", target="t", co_premises=["c"],
                             scholar="f", rationale="Because", attestation="direct"))  # fmt: skip
    graph.add_link(GraphLink(id="2", kind="undercuts", source="x", target_link="1"))
    graph.add_link(GraphLink(id="3", kind="opposes", source="x", target="t"))
    return graph


@pytest.mark.parametrize("writer", [aif.write, aif.write_ova])
def test_aif_export_reads_back_what_aif_expresses_and_lists_the_rest(writer: object) -> None:
    graph = sample()
    written = writer(graph)  # type: ignore[operator]
    back = aif.read(written.text).graph
    assert canon(back, aif.UNSUPPORTED) == canon(graph, aif.UNSUPPORTED)
    assert written.lost == [
        "title of 1 statement", "date of 1 statement", "attestation of 1 link",
        "role of 1 scholar", "the map's title",
    ]  # fmt: skip


def test_aif_export_uses_ra_ca_and_an_undercutting_ca_into_the_ra() -> None:
    document = json.loads(aif.write(sample()).text)
    types = {n["nodeID"]: n["type"] for n in document["nodes"]}
    into = {(types[e["fromID"]], types[e["toID"]]) for e in document["edges"]}
    assert {("I", "RA"), ("RA", "I"), ("I", "CA"), ("CA", "I"), ("CA", "RA")} <= into
    assert {("L", "YA"), ("YA", "I"), ("YA", "RA")} <= into
    assert document["participants"][0]["surname"] == "Frank"


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"nodes": [{"nodeID": "1", "type": "I", "text": "a"}],
          "edges": [{"fromID": "1", "toID": "9"}]}, "node '9'"),
        ({"nodes": [{"nodeID": "1", "type": "I", "text": "a"}] * 2, "edges": []}, "node '1'"),
        ({"nodes": [{"nodeID": "1", "type": "I", "text": 7}], "edges": []}, "node '1'"),
        ({"nodes": [{"nodeID": "1", "type": "I", "text": " "}], "edges": []}, "node '1'"),
        ({"nodes": [{"nodeID": "1", "type": "I", "text": "a", "argmap_kind": "x"}], "edges": []},
         "node '1'"),
    ],
)  # fmt: skip
def test_aif_errors_name_the_node(document: dict[str, object], where: str) -> None:
    with pytest.raises(InterchangeError) as caught:
        aif.read(json.dumps(document))
    assert where in str(caught.value)


def test_aif_rejects_json_that_is_not_aif() -> None:
    with pytest.raises(InterchangeError, match="not AIF JSON"):
        aif.read("[1, 2, 3]")


def _aif(nodes: list[tuple[str, str, str]], edges: list[tuple[str, str]], **extra: object) -> str:
    return json.dumps({
        "nodes": [{"nodeID": i, "type": t, "text": x, **({"scheme": extra[i]} if i in extra
                                                           else {})} for i, t, x in nodes],
        "edges": [{"edgeID": str(n), "fromID": a, "toID": b} for n, (a, b) in enumerate(edges)],
    })  # fmt: skip


def test_aif_speaker_in_an_l_node_without_locution_is_kept_as_who_holds_it() -> None:
    text = _aif(
        [("1", "I", "The bombs ended the war"), ("2", "L", "Frank : The bombs ended it"),
         ("3", "YA", "Asserting")],
        [("2", "3"), ("3", "1")],
    )  # fmt: skip
    result = aif.read(text)
    holder = result.graph.nodes["1"].scholar
    assert holder is not None and result.graph.scholars[holder].name == "Frank"
    assert any("speakers named in L-nodes" in note for note in result.notes)


def test_aif_ra_scheme_is_kept_on_the_link_and_written_back() -> None:
    text = _aif(
        [("1", "I", "Alice says fortify"), ("2", "I", "Fortify the flank"),
         ("3", "RA", "Default Inference")],
        [("1", "3"), ("3", "2")],
        **{"3": "Expert Opinion"},
    )  # fmt: skip
    graph = aif.read(text).graph
    assert graph.links["3"].scheme == "Expert Opinion"
    written = json.loads(aif.write(graph).text)
    assert any(n.get("scheme") == "Expert Opinion" for n in written["nodes"])
    [back] = aif.read(aif.write(graph).text).graph.links.values()
    assert back.scheme == "Expert Opinion"
    ova = json.loads(aif.write_ova(graph).text)
    assert any(n.get("scheme") == "Expert Opinion" for n in ova["AIF"]["nodes"])


def test_aif_conflict_with_a_statement_and_a_link_as_targets_keeps_both() -> None:
    text = _aif(
        [("1", "I", "A"), ("2", "I", "B"), ("3", "RA", "RA"), ("4", "I", "C"), ("5", "CA", "CA")],
        [("1", "3"), ("3", "2"), ("4", "5"), ("5", "2"), ("5", "3")],
    )
    links = {(ln.kind, ln.source, ln.target, ln.target_link)
             for ln in aif.read(text).graph.links.values()}  # fmt: skip
    assert links == {
        ("supports", "1", "2", None), ("opposes", "4", "2", None), ("undercuts", "4", None, "3"),
    }  # fmt: skip


def test_aif_undercut_of_an_ra_without_premise_is_noted_not_a_cycle() -> None:
    text = _aif(
        [("1", "I", "A"), ("3", "RA", "RA"), ("4", "I", "C"), ("5", "CA", "CA")],
        [("3", "1"), ("4", "5"), ("5", "3")],
    )
    result = aif.read(text)
    assert not result.graph.links
    assert any("undercut nothing" in note for note in result.notes)


def test_aif_speaker_in_aifdb_says_form_is_kept_as_who_holds_it() -> None:
    # As AIFdb's older nodesets write it (carneades-4 examples/AGs/AIF/nodeset118.json).
    text = _aif(
        [("1", "I", "John has taken the Shakespeare course"),
         ("2", "L", "Poostix says 'John has taken the Shakespeare course'"),
         ("3", "YA", "YA_8fc2706f33bc57340ffd6c0081979aa1")],
        [("2", "3"), ("3", "1")],
    )  # fmt: skip
    result = aif.read(text)
    holder = result.graph.nodes["1"].scholar
    assert holder is not None and result.graph.scholars[holder].name == "Poostix"
    assert result.notes == [
        "1 × speakers named in L-nodes without a locution kept as who holds or argues: node '2'"
    ]


def test_aif_speaker_says_on_an_ra_gives_who_argues_and_what_they_said() -> None:
    text = _aif(
        [("1", "I", "A"), ("2", "I", "B"), ("3", "RA", "RA"),
         ("4", "L", "Brown says \u2018A shows B\u2019"), ("5", "YA", "Arguing")],
        [("1", "3"), ("3", "2"), ("4", "5"), ("5", "3")],
    )  # fmt: skip
    graph = aif.read(text).graph
    link = graph.links["3"]
    assert graph.scholars[link.scholar or ""].name == "Brown" and link.rationale == "A shows B"


def test_aif_what_is_anchored_but_not_kept_is_counted() -> None:
    text = _aif(
        [("1", "I", "A"), ("2", "L", "nobody named here"), ("3", "YA", "Asserting"),
         ("4", "L", "Brown : A"), ("5", "YA", "Asserting"), ("6", "L", "Jones : A"),
         ("7", "TA", "Default Transition"), ("8", "YA", "Asserting"), ("9", "L", "loose")],
        [("2", "3"), ("3", "1"), ("4", "5"), ("5", "1"), ("6", "8"), ("8", "7")],
    )  # fmt: skip
    result = aif.read(text)
    assert result.graph.scholars[result.graph.nodes["1"].scholar or ""].name == "Brown"
    notes = "\n".join(result.notes)
    assert (
        "1 × L-nodes that name no speaker are not kept (the statement they anchor is): node '2'"
        in notes
    )
    assert (
        "1 × YA anchors other than an L-node's into an I-, RA- or CA-node are not kept: node '8'"
        in notes
    )
    assert "L-nodes anchored to nothing argmap keeps are not kept: node '6', node '9'" in notes
    assert "1 × TA (transition) nodes are not kept" in notes


def test_aif_statement_anchored_to_two_speakers_keeps_the_first_with_a_note() -> None:
    text = _aif(
        [("1", "I", "A"), ("2", "L", "Brown : A"), ("3", "YA", "Asserting"),
         ("4", "L", "Jones : A"), ("5", "YA", "Asserting")],
        [("2", "3"), ("3", "1"), ("4", "5"), ("5", "1")],
    )  # fmt: skip
    result = aif.read(text)
    assert result.graph.scholars[result.graph.nodes["1"].scholar or ""].name == "Brown"
    assert any("several speakers keep the first: node '1'" in n for n in result.notes)


def test_aif_scheme_longer_than_a_link_holds_is_shortened_with_a_note() -> None:
    long = "Argument from " + "expert opinion " * 20
    text = _aif([("1", "I", "A"), ("2", "I", "B"), ("3", "RA", "RA")], [("1", "3"), ("3", "2")],
                **{"3": long})  # fmt: skip
    result = aif.read(text)
    scheme = result.graph.links["3"].scheme
    assert len(scheme) == 200 and scheme.endswith("…") and long.startswith(scheme[:-1])
    assert result.notes == ["1 × schemes longer than 200 characters are shortened: node '3'"]


def test_aif_scheme_goes_out_to_argdown_and_comes_back() -> None:
    text = _aif([("1", "I", "A"), ("2", "I", "B"), ("3", "RA", "RA")], [("1", "3"), ("3", "2")],
                **{"3": "CauseToEffect"})  # fmt: skip
    graph = aif.read(text).graph
    written = argdown.write(graph).text
    assert '"scheme": "CauseToEffect"' in written
    [link] = argdown.read(written).graph.links.values()
    assert link.scheme == "CauseToEffect"


def test_aif_conflict_with_two_statements_and_two_links_as_targets_keeps_all_four() -> None:
    text = _aif(
        [("1", "I", "A"), ("2", "I", "B"), ("3", "RA", "RA"), ("4", "I", "C"), ("5", "RA", "RA"),
         ("6", "I", "D"), ("7", "CA", "CA")],
        [("1", "3"), ("3", "2"), ("4", "5"), ("5", "2"), ("6", "7"), ("7", "1"), ("7", "4"),
         ("7", "3"), ("7", "5")],
    )  # fmt: skip
    links = {(ln.kind, ln.source, ln.target, ln.target_link)
             for ln in aif.read(text).graph.links.values()}  # fmt: skip
    assert {link for link in links if link[1] == "6"} == {
        ("opposes", "6", "1", None), ("opposes", "6", "4", None),
        ("undercuts", "6", None, "3"), ("undercuts", "6", None, "5"),
    }  # fmt: skip


def test_aif_node_timestamps_are_counted_as_not_kept() -> None:
    # As AIFdb writes every node (carneades-4 examples/AGs/AIF/nodeset10.json); "" holds nothing.
    stamp = "2012-04-12 18:18:26"
    text = json.dumps({
        "nodes": [
            {"nodeID": "1", "text": "A", "type": "I", "timestamp": stamp},
            {"nodeID": "2", "text": "B", "type": "I", "timestamp": stamp},
            {"nodeID": "3", "text": "RA", "type": "RA", "timestamp": stamp},
            {"nodeID": "4", "text": "C", "type": "I", "timestamp": ""},
        ],
        "edges": [{"edgeID": "1", "fromID": "1", "toID": "3"},
                  {"edgeID": "2", "fromID": "3", "toID": "2"}],
    })  # fmt: skip
    result = aif.read(text)
    assert [(ln.source, ln.target) for ln in result.graph.links.values()] == [("1", "2")]
    assert result.notes == [
        "3 × node timestamps are not kept (argmap has no field for when a node was made)"
    ]
    assert aif.read(aif.write(sample()).text).notes == []  # an export's empty timestamps


OVA_AIF = {
    "nodes": [{"nodeID": "1", "text": "Fortify the flank", "type": "I"},
              {"nodeID": "2", "text": "Alice says fortify", "type": "I"},
              {"nodeID": "3", "text": "Default Inference", "type": "RA"}],
    "edges": [{"edgeID": 1, "fromID": "2", "toID": "3"}, {"edgeID": 2, "fromID": "3", "toID": "1"}],
}  # fmt: skip


def test_ova_layout_is_counted_as_not_kept_with_its_timestamps() -> None:
    # As OVA3 saves an analysis: the layout beside the AIF, timestamps in the layout.
    layout = [
        {"nodeID": "1", "visible": True, "x": 400, "y": 40, "timestamp": "2023-05-02 10:11:12"},
        {"nodeID": "2", "visible": True, "x": 400, "y": 300, "timestamp": ""},
        {"nodeID": "3", "visible": True, "x": 420, "y": 170, "timestamp": "2023-05-02 10:11:40"},
    ]
    ova = {"AIF": OVA_AIF, "OVA": {"firstname": "", "surname": "", "url": "", "nodes": layout,
                                   "edges": []}, "text": ""}  # fmt: skip
    result = aif.read(json.dumps(ova))
    assert canon(result.graph) == canon(aif.read(json.dumps(OVA_AIF)).graph)
    assert result.notes == [
        "2 × node timestamps are not kept (argmap has no field for when a node was made)",
        "3 × OVA node positions are not kept (argmap's picture lays out the map itself)",
    ]


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ({"AIF": OVA_AIF, "OVA": {}, "text": "<p>Alice: fortify the flank.</p>"}, "'text'"),
        ({"AIF": OVA_AIF, "OVA": {}, "text": {"txt": "<p>Alice: fortify the flank.</p>"}},
         "'text'"),
        ({**OVA_AIF, "analysis": {"txt": "<p>Alice: fortify the flank.</p>"}}, "'analysis'"),
    ],
)  # fmt: skip
def test_the_text_ova_analysed_is_counted_as_not_kept(
    document: dict[str, object], where: str
) -> None:
    result = aif.read(json.dumps(document))
    assert len(result.graph.nodes) == 2 and len(result.graph.links) == 1
    assert result.notes == [
        "1 × the text OVA analysed is not kept (argmap has no field for it): "
        f"{where} (32 characters)"
    ]
    emptied = {**document, where.strip("'"): {"txt": ""}}
    assert aif.read(json.dumps(emptied)).notes == []
