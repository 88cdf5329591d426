"""Argdown: the syntax argmap reads, what it makes of it, errors that name the line."""

from __future__ import annotations

import pytest

from argmap.graph import Graph, GraphLink, GraphNode
from argmap.interchange import InterchangeError, argdown
from tests.interchange.helpers import canon


def read(text: str) -> Graph:
    return argdown.read(text).graph


def links(graph: Graph) -> set[tuple[str, str, str | None, str | None]]:
    return {(ln.kind, ln.source, ln.target, ln.target_link) for ln in graph.links.values()}


def test_argdown_statements_and_nested_relations_become_nodes_and_links() -> None:
    graph = read(
        "[Bomb]: The atomic bombs ended the war.\n"
        "    + [Rescript]: The rescript cites a new and most cruel bomb.\n"
        "        - [Army]: The army rescript cites only the Soviet entry.\n"
        "    - <Soviet>: The Soviet declaration came first in the cabinet's records.\n"
        "    +> [Peace]: Peace followed within days.\n"
    )
    assert graph.nodes["[Bomb]"].text == "The atomic bombs ended the war."
    assert graph.nodes["[Bomb]"].title == "Bomb"
    assert links(graph) == {
        ("supports", "[Rescript]", "[Bomb]", None),
        ("opposes", "[Army]", "[Rescript]", None),
        ("opposes", "<Soviet>", "[Bomb]", None),
        ("supports", "[Bomb]", "[Peace]", None),
    }
    assert graph.nodes["<Soviet>"].kind == "claim"


def test_argdown_statements_without_a_kind_that_only_receive_support_are_theses() -> None:
    result = argdown.read("[T]: A thesis.\n  + [R]: A reason.\n")
    assert result.graph.nodes["[T]"].kind == "thesis"
    assert result.graph.nodes["[R]"].kind == "claim"
    assert any("read as theses" in note for note in result.notes)


def test_argdown_data_tags_and_comments_set_fields() -> None:
    graph = read(
        "// a comment\n"
        "[Hiroshima]: The bombing of Hiroshima. #evidence /* inline */ {date: 1945-08-06, "
        "evidence_kind: event, locator: 'p. 4'}\n"
        "\n"
        "[T]: It ended the war. <!-- html comment --> {kind: thesis, scholar: Richard B. Frank}\n"
        "  + [Hiroshima]\n"
    )
    evidence = graph.nodes["[Hiroshima]"]
    assert (evidence.kind, evidence.date, evidence.evidence_kind) == (
        "evidence",
        "1945-08-06",
        "event",
    )
    assert evidence.locator == "p. 4" and "comment" not in evidence.text
    thesis = graph.nodes["[T]"]
    assert graph.scholars[thesis.scholar or ""].name == "Richard B. Frank"


def test_argdown_block_data_and_yaml_front_matter_are_read() -> None:
    graph = read(
        "===\ntitle: The surrender\nquestion: Why did Japan surrender?\n===\n\n"
        "[T]: The bombs. {\n  kind: thesis\n  school: orthodox\n}\n"
    )
    assert (graph.title, graph.question) == ("The surrender", "Why did Japan surrender?")
    assert (graph.nodes["[T]"].kind, graph.nodes["[T]"].school) == ("thesis", "orthodox")


def test_argdown_premise_conclusion_structure_is_one_link_per_step_with_co_premises() -> None:
    graph = read(
        "<Bombs decisive>: The bombs made surrender unavoidable.\n\n"
        "(1) [Two cities]: Two cities were destroyed in three days.\n"
        "(2) More bombs seemed to follow.\n"
        "----\n"
        "(3) [Threat]: Japan faced annihilation.\n"
        "(4) The court wanted to survive.\n"
        "----\n"
        "(5) [Surrender]: The court chose surrender.\n"
    )
    steps = sorted(graph.links.values(), key=lambda ln: ln.id)
    assert [(ln.source, ln.target, len(ln.co_premises)) for ln in steps] == [
        ("[Two cities]", "[Threat]", 1),
        ("[Threat]", "[Surrender]", 1),
    ]
    assert steps[1].rationale == "The bombs made surrender unavoidable."
    assert "<Bombs decisive>" not in graph.nodes


def test_argdown_undercut_of_a_plain_argument_attacks_its_links() -> None:
    graph = read(
        "[T]: The bombs ended the war.\n"
        "  + <Rescript>: The Emperor cited the bomb.\n"
        "    _ <Pretext>: The bomb was a face-saving pretext.\n"
    )
    [undercut] = [ln for ln in graph.links.values() if ln.kind == "undercuts"]
    target = graph.links[undercut.target_link or ""]
    assert (undercut.source, target.source, target.target) == ("<Pretext>", "<Rescript>", "[T]")


def test_argdown_escapes_and_multi_line_statements_are_read_as_text() -> None:
    graph = read("[S]: A \\[bracketed\\] \\#not-a-tag and\na second line.\n")
    assert graph.nodes["[S]"].text == "A [bracketed] #not-a-tag and a second line."


def test_argdown_contradiction_is_two_opposing_links_with_a_note() -> None:
    result = argdown.read("[A]: Yes.\n  >< [B]: No.\n")
    assert links(result.graph) == {("opposes", "[A]", "[B]", None), ("opposes", "[B]", "[A]", None)}
    assert any("contradiction" in note for note in result.notes)


def test_argdown_tags_other_than_kinds_stay_in_the_text_and_are_counted() -> None:
    result = argdown.read("[A]: Yes. #orthodox #(key claim) #thesis\n")
    node = result.graph.nodes["[A]"]
    assert (node.text, node.kind) == ("Yes. #orthodox #(key claim)", "thesis")
    assert "2 × tags stay in the text as written (argmap has no tags): line 1" in result.notes


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("[A]: ok\n\n  + [B]: orphan\n", 3, "needs a statement or argument"),
        ("[A]: ok\n\n[B]: x {date: 6 August 1945, kind: evidence}\n", 3, "is not a date"),
        ("[A]: ok {kind: hero}\n", 1, "kind must be one of"),
        ("[A]: ok\n[B]: still A's text\n\n[C]: x {unclosed: 'yes}\n", 4, "never closed"),
        ("\n\n[A]: ok {kind: claim, date: '1945'}\n", 3, "only evidence carries date"),
        ("<L>: x {link: supports}\n  +> [A]\n", 1, "nothing supports it"),
        ("===\ntitle: x\n", 1, "never closed"),
        ("(1) a\n(2) b\n", 1, "ends with one conclusion"),
    ],
)
def test_argdown_errors_name_the_line(text: str, line: int, says: str) -> None:
    with pytest.raises(InterchangeError) as caught:
        argdown.read(text)
    assert caught.value.line == line and f"line {line}" in str(caught.value)
    assert says in str(caught.value)


def test_argdown_export_writes_kinds_as_data_links_as_arguments_and_reads_back_the_same() -> None:
    graph = Graph(title="T")
    graph.add_node(GraphNode(id="a", kind="thesis", text="Bombs [ended] it", title="Bombs"))
    graph.add_node(GraphNode(id="b", kind="evidence", text="Hiroshima", date="1945-08-06"))
    graph.add_node(GraphNode(id="c", kind="claim", text="Pretext"))
    graph.add_link(GraphLink(id="1", kind="supports", source="b", target="a", rationale="Why"))
    graph.add_link(GraphLink(id="2", kind="undercuts", source="c", target_link="1"))
    text = argdown.write(graph).text
    assert '[Bombs]: Bombs \\[ended\\] it {"kind": "thesis"' in text
    assert '{"link": "supports"}' in text and "_> " not in text and "<_ [n3]" in text
    assert canon(argdown.read(text).graph) == canon(graph)


def test_argdown_reconstructed_arguments_round_trip_as_premise_conclusion_structures() -> None:
    text = (
        "<Bombs decisive>: The bombs made surrender unavoidable.\n\n"
        "(1) [Two cities]: Two cities were destroyed.\n"
        "(2) More bombs seemed to follow.\n"
        "-- Modus Ponens --\n"
        "(3) [Threat]: Japan faced annihilation.\n"
        "----\n"
        "    <_ [Doubt]: Annihilation was not what the court feared.\n"
        "(4) [Surrender]: The court chose surrender.\n"
        "\n<Sketch>: Only a gist.\n    +> [Surrender]\n    <_ [Doubt]\n"
    )
    graph = read(text)
    steps = [ln for ln in graph.links.values() if ln.argument == "Bombs decisive"]
    assert [(ln.scheme, ln.rationale) for ln in steps] == [
        ("Modus Ponens", ""),
        ("", "The bombs made surrender unavoidable."),
    ]
    assert graph.nodes["<Sketch>"].is_argument
    written = argdown.write(graph).text
    assert "<Bombs decisive>: The bombs made surrender unavoidable." in written
    assert "-- Modus Ponens --" in written and "<Sketch>: Only a gist." in written
    assert '{"link"' not in written  # every link has a plainer form
    assert canon(read(written)) == canon(graph)


# --- what Argdown users write: one text per cause of a refusal or a loss -----------------------


def test_argdown_comment_on_its_own_line_inside_a_relation_tree_keeps_the_tree() -> None:
    graph = read("[A]: a\n  + [B]: b\n  // a note\n  /* and\n  another */\n  - [C]: c\n")
    assert links(graph) == {("supports", "[B]", "[A]", None), ("opposes", "[C]", "[A]", None)}


def test_argdown_front_matter_scalar_folded_onto_the_next_line_is_read() -> None:
    graph = read(
        "===\ntitle: Why the Fed did not\n    intervene\nauthor:\n    - A\n===\n\n[A]: a\n"
    )
    assert graph.title == "Why the Fed did not intervene"


def test_argdown_inference_rule_on_one_line_is_one_inference() -> None:
    graph = read("<A>\n\n(1) p\n(2) q\n-- Modus Ponens --\n(3) r\n")
    [step] = graph.links.values()
    assert (step.scheme, step.argument, len(step.co_premises)) == ("Modus Ponens", "A", 1)


def test_argdown_heading_with_data_gives_a_clean_title() -> None:
    result = argdown.read("# Heading {isGroup: false}\n\n[A]: a\n")
    assert result.graph.title == "Heading"
    assert "1 × headings are not kept (argmap has no sections): line 1" in result.notes


def test_argdown_url_inside_a_link_does_not_start_a_comment() -> None:
    graph = read("[A]: see [docs](https://argdown.org) and more #tag\n")
    assert graph.nodes["[A]"].text == "see [docs](https://argdown.org) and more #tag"


def test_argdown_link_to_a_heading_is_kept_in_the_text() -> None:
    graph = read("[A]: back [Back to top](#heading-welcome) here\n")
    assert graph.nodes["[A]"].text == "back [Back to top](#heading-welcome) here"


def test_argdown_list_items_at_the_first_column_are_items() -> None:
    graph = read("* [A]: item one\n* [B]: item two\n  + [C]: c\n")
    assert (graph.nodes["[A]"].text, graph.nodes["[B]"].text) == ("item one", "item two")
    assert links(graph) == {("supports", "[C]", "[B]", None)}


def test_argdown_reconstructed_argument_keeps_its_title_and_description() -> None:
    graph = read("<Core>: The gist.\n\n(1) p\n----\n(2) q\n")
    [step] = graph.links.values()
    assert (step.argument, step.rationale) == ("Core", "The gist.")
    assert "<Core>: The gist." in argdown.write(graph).text


def test_argdown_relation_indented_between_levels_belongs_to_the_open_level() -> None:
    # As Argdown's lexer reads it: 6 spaces after 8 is a sibling of the 4-space relation.
    graph = read("[A]: a\n    + [B]: b\n        + [C]: c\n      + [D]: d\n")
    assert ("supports", "[D]", "[A]", None) in links(graph)


def test_argdown_second_structure_for_one_argument_is_refused_naming_the_line() -> None:
    with pytest.raises(InterchangeError) as caught:
        argdown.read("<A>\n\n(1) p\n----\n(2) q\n\n<A>\n\n(1) r\n----\n(2) s\n")
    assert caught.value.line == 9


# --- nothing left out silently: what Argdown holds and argmap does not keep is counted ------------


def test_argdown_data_of_a_reconstructed_argument_that_is_not_kept_is_counted() -> None:
    result = argdown.read("<A>: desc {color: red, isInMap: false}\n\n(1) p\n----\n(2) q\n")
    assert (
        "2 × data argmap has no field for is not kept: 'color' at line 1, 'isInMap' at line 1"
    ) in result.notes


def test_argdown_report_has_one_line_for_data_whatever_the_names() -> None:
    text = "".join(f"[S{i}]: s {{kind: claim, key{i}: {i}}}\n\n" for i in range(30))
    [line] = argdown.read(text).notes
    assert line.startswith("30 × data argmap has no field for is not kept: 'key0' at line 1, ")
    assert line.endswith(", …")


def test_argdown_front_matter_title_read_as_a_number_is_kept_as_text() -> None:
    result = argdown.read("===\ntitle: 1984\nquestion: [a, b]\n===\n\n[A]: a\n")
    assert result.graph.title == "1984" and result.graph.question == ""
    assert "1 × front-matter values that are not text are not kept: 'question' at line 1" in (
        result.notes
    )


def test_argdown_headings_added_to_argmaps_own_text_are_counted() -> None:
    text = argdown.write(read("[A]: a {kind: claim}\n")).text
    assert argdown.read(text).notes == []  # the export's own sections are not news
    result = argdown.read(text + "\n# My section\n\n[B]: b {kind: claim}\n")
    assert any(n.startswith("1 × headings are not kept") for n in result.notes)


def test_argdown_bare_url_cut_by_a_comment_is_counted_naming_the_line() -> None:
    result = argdown.read("[A]: a\n\n[B]: see https://argdown.org/x here\n")
    assert result.graph.nodes["[B]"].text == "see https:"  # as @argdown/cli 1.7.5 reads it
    assert (
        "1 × a bare URL's '//' starts a comment in Argdown: the rest of its line is not kept "
        "(write the URL as a link, [text](https://…)): line 3"
    ) in result.notes
    assert not any("URL" in n for n in argdown.read("[A]: a // a comment\n").notes)


def test_argdown_markdown_in_a_text_is_kept_whole_and_written_back() -> None:
    text = "**Bold** and _italic_ with [a link](https://x.org/a_b), [top](#heading-a) #(two words)"
    graph = read(f"[A]: {text}\n")
    assert graph.nodes["[A]"].text == text
    assert argdown.read(argdown.write(graph).text).graph.nodes["[A]"].text == text


def test_an_undercut_of_a_plain_undercut_is_written_and_read_back() -> None:
    """A bare undercut is written under its target's handle and has none of its own; when it is
    undercut in turn, it is written as an argument so that the second undercut can name it."""
    graph = Graph(title="Undercuts all the way")
    for id_, kind in (("t", "thesis"), ("a", "claim"), ("b", "claim"), ("c", "claim")):
        graph.add_node(GraphNode(id=id_, kind=kind, text=f"Statement {id_}"))
    graph.add_link(GraphLink(id="1", kind="supports", source="a", target="t"))
    graph.add_link(GraphLink(id="2", kind="undercuts", source="b", target_link="1"))
    graph.add_link(GraphLink(id="3", kind="undercuts", source="c", target_link="2"))
    back = argdown.read(argdown.write(graph).text).graph

    def shape(g: Graph) -> set[tuple[str, str, str]]:
        text = {n.id: n.text for n in g.nodes.values()}
        return {
            (
                link.kind,
                text[link.source],
                text[link.target] if link.target else "→ " + text[g.links[link.target_link].source],
            )
            for link in g.links.values()
        }

    assert shape(back) == shape(graph)
    assert len(back.links) == 3
