"""A statement's standing in words: what its status means, which objections the map records
against it, which of them are answered and by whom, and what would change it.

A formal status is a statement about the objections recorded in one map, never a verdict on a
historian: a thesis "holds here" because nothing recorded answers it back, which may only mean
that the data records no critic of it. Every page that shows a status shows it with `CAPTION`
and links to this explanation. Reads the loaded map and its evaluation (no queries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from argmap.evaluation import LinkState
from argmap.evaluation.wording import answer_verb
from argmap.maps.assessment import NodeResult
from argmap.maps.models import Link, LinkKind, Node, NodeKind
from argmap.maps.selectors import MapBundle

CAPTION = "given only the objections recorded in this map"

# status -> (the words on the status mark, what it means in one sentence)
WORDS: dict[str, tuple[str, str]] = {
    "in": (
        "holds here",
        "Every objection recorded in this map is answered, or none is recorded.",
    ),
    "out": (
        "open objection",
        "An objection recorded in this map is not answered in it.",
    ),
    "undecided": (
        "in dispute",
        "Objections and answers recorded here go both ways; the map does not decide.",
    ),
    "aside": (
        "set aside",
        "Set aside: the map is read as if this evidence were not there.",
    ),
}


def words(status: str) -> str:
    return WORDS.get(str(status), (str(status), ""))[0]


def position_words(result: NodeResult | None) -> str:
    """For a statement in dispute, what the coherent positions say of it (preferred semantics),
    in words; "" where grounded already decides."""
    if result is None or result.status != "undecided":
        return ""
    if result.defensible is None:
        return "Too tangled to work out here which coherent positions include it."
    if result.everywhere:
        return (
            "Every coherent position a reader can take, given the objections recorded here, "
            "includes it."
        )
    if result.defensible:
        return (
            "Defensible: a reader can coherently hold it, given the objections recorded here, "
            "though not every coherent position includes it."
        )
    return "No coherent position given the objections recorded here includes it."


def meaning(status: str) -> str:
    return WORDS.get(str(status), ("", ""))[1]


@dataclass
class Answer:
    link: Link  # the undercut, or the objection to the objecting statement
    by: Node
    verb: str  # "replies to", "is inconsistent with" (undercuts); "objects to" (opposes)
    state: str  # stands | answered | in dispute


@dataclass
class Objection:
    link: Link  # the opposes link
    by: Node
    state: str  # stands | answered | in dispute
    answers: list[Answer] = field(default_factory=list)


@dataclass
class Standing:
    node: Node
    result: NodeResult | None
    words: str
    meaning: str
    objections: list[Objection]
    rests_on: list[Link]  # what supports it
    change: list[str]  # what would change its standing, in sentences
    positions: str = ""  # preferred semantics, for a statement in dispute
    caption: str = CAPTION


class Standings(Protocol):
    """What the page's evaluation says: an `Assessment`, or a map's cached results."""

    def result(self, node_id: int) -> NodeResult | None: ...

    def link_state(self, link_id: int) -> str | None: ...


_STATES: dict[str, str] = {
    LinkState.ACTS: "stands",
    LinkState.FAILS: "answered",
    LinkState.UNDECIDED: "in dispute",
}


def _state(assessment: Standings, link: Link) -> str:
    state = assessment.link_state(link.pk)
    return _STATES.get(state, "in dispute") if state not in (None, "aside") else "set aside"


def verb_of(bundle: MapBundle, undercut: Link) -> str:
    """How an undercut stands to the use it answers, by the years of the works they cite."""
    answered = bundle.links.get(undercut.target_link_id or 0)
    mine = undercut.citation.year if undercut.citation is not None else None
    theirs = answered.citation.year if answered and answered.citation is not None else None
    return answer_verb(mine, theirs)


def _answers(bundle: MapBundle, assessment: Standings, link: Link) -> list[Answer]:
    """What answers an objection: readings undercutting it, and objections to its source."""
    found = [
        Answer(u, bundle.nodes[u.source_node_id], verb_of(bundle, u), _state(assessment, u))
        for u in bundle.undercutters.get(link.pk, [])
    ]
    found += [
        Answer(o, bundle.nodes[o.source_node_id], "objects to", _state(assessment, o))
        for o in bundle.incoming.get(link.source_node_id, [])
        if o.kind == LinkKind.OPPOSES
    ]
    return found


def _name(node: Node) -> str:
    thesis = node.scholar is not None and node.kind == NodeKind.THESIS
    who = f"{node.scholar.name}: " if thesis and node.scholar is not None else ""
    return f"{who}“{node.label}”"


def standing(bundle: MapBundle, assessment: Standings, node: Node) -> Standing:
    """The standing of `node` (one of the bundle's), in words."""
    result = assessment.result(node.pk)
    status = result.status if result is not None else ""
    objections = [
        Objection(
            link,
            bundle.nodes[link.source_node_id],
            _state(assessment, link),
            _answers(bundle, assessment, link),
        )  # fmt: skip
        for link in bundle.incoming.get(node.pk, [])
        if link.kind == LinkKind.OPPOSES
    ]
    rests_on = [ln for ln in bundle.incoming.get(node.pk, []) if ln.kind == LinkKind.SUPPORTS]
    change: list[str] = []
    standing_ones = [o for o in objections if o.state == "stands"]
    if status == "in" and not objections:
        change.append(
            "Nothing recorded in this map objects to it. That may mean only that the map records "
            "no critic of it, not that its critics were refuted. Recording an objection would "
            "put it in question."
        )
    elif status == "in":
        change.append(
            "It would no longer hold if one of the answers recorded against its objections were "
            "itself answered, or if a new objection that nothing answers were recorded."
        )
    elif status == "out":
        for objection in standing_ones:
            evidence = objection.by.kind == NodeKind.EVIDENCE
            what = "or set it aside to see what follows" if evidence else "or answer it"
            change.append(
                f"It would hold if {_name(objection.by)} were answered: record a reading that "
                f"replies to this objection, {what}."
            )
    elif status == "undecided":
        change.append(
            "The statements here answer each other in a circle, and nothing recorded breaks it: "
            "a reader may coherently take either side. An answer recorded to one side would "
            "decide it."
        )
    return Standing(
        node,
        result,
        words(status),
        meaning(status),
        objections,
        rests_on,
        change,
        position_words(result),
    )
