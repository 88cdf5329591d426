"""Kialo's text export: a realistic discussion, links between branches, errors by line."""

from __future__ import annotations

import pytest

from argmap.interchange import InterchangeError, kialo

SAMPLE = """Discussion Title: Did the atomic bombs end the Pacific War?

1. The atomic bombs were the main reason Japan surrendered in August 1945.
1.1. Pro: The Emperor's rescript of 15 August names "a new and most cruel bomb".
1.1.1. Con: The rescript to the armed forces of 17 August cites the Soviet entry instead.
1.1.1.1. Pro: Hasegawa reads the two rescripts as addressed to different audiences.
1.1.2. Pro: Kido's diary records the Emperor's alarm after Hiroshima.
1.2. Con: The Supreme Council did not change course after Hiroshima.
It met only after the Soviet declaration on 9 August.
1.2.1. Con: -> See 1.1.2.
1.3. Pro: -> See 1.1.1.1.
1.4. Con: The blockade and bombing would have forced surrender by November.
"""


def test_kialo_sample_becomes_a_thesis_with_claims_supports_and_opposes() -> None:
    graph = kialo.read(SAMPLE).graph
    assert graph.title == "Did the atomic bombs end the Pacific War?"
    assert graph.nodes["1."].kind == "thesis"
    assert len(graph.nodes) == 7 and all(
        graph.nodes[n].kind == "claim" for n in graph.nodes if n != "1."
    )
    assert (graph.links["1.1."].kind, graph.links["1.1."].target) == ("supports", "1.")
    assert (graph.links["1.1.1."].kind, graph.links["1.1.1."].target) == ("opposes", "1.1.")
    assert graph.nodes["1.2."].text.endswith("after the Soviet declaration on 9 August.")


def test_kialo_see_links_reuse_the_claim_instead_of_copying_it() -> None:
    graph = kialo.read(SAMPLE).graph
    assert (graph.links["1.2.1."].source, graph.links["1.2.1."].target) == ("1.1.2.", "1.2.")
    assert graph.links["1.2.1."].kind == "opposes"
    assert (graph.links["1.3."].source, graph.links["1.3."].kind) == ("1.1.1.1.", "supports")
    assert "1.2.1." not in graph.nodes


def test_kialo_multi_thesis_discussion_makes_the_root_the_question() -> None:
    text = "1. Why did Japan surrender?\n1.1. Thesis: The bombs.\n1.1.1. Pro: Rescript.\n"
    text += "1.2. Thesis: The Soviet entry.\n"
    graph = kialo.read(text).graph
    assert graph.question == "Why did Japan surrender?"
    assert sorted(n.text for n in graph.theses()) == ["The Soviet entry.", "The bombs."]


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("1. T\n1.2.1. Pro: orphan\n", 2, "before its parent 1.2."),
        ("1. T\n1.1. Pro: a\n1.1. Con: b\n", 3, "used twice"),
        ("1. T\n1.1. Maybe: a\n", 2, "needs 'Pro:' or 'Con:'"),
        ("1. T\n1.1. Pro: -> See 1.9.\n", 2, "not a claim here"),
        ("Some preface\n1. T\n", 1, "expected 'Discussion Title"),
        ("1. T\n1.1. Pro: -> See 1.\n", 2, "links a claim to itself"),
    ],
)
def test_kialo_errors_name_the_line(text: str, line: int, says: str) -> None:
    with pytest.raises(InterchangeError) as caught:
        kialo.read(text)
    assert f"line {line}" in str(caught.value) and says in str(caught.value)


def test_kialo_markdown_escapes_are_unescaped_and_other_backslashes_kept() -> None:
    text = "Discussion Title: Is \\(x\\) true?\n\n1. A claim \\[with brackets\\] and C:\\Users.\n"
    graph = kialo.read(text).graph
    assert graph.title == "Is (x) true?"
    assert graph.nodes["1."].text == "A claim [with brackets] and C:\\Users."
