"""Coverage of a reference map: which of its theses and key evidence a submission uses, and
where the submission's stances differ from the reference's (net stance,
`argmap.evaluation.stance`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from argmap.classroom.compare.matching import Side, match_nodes, sort_key
from argmap.evaluation.stance import StanceIndex, Towards
from argmap.graph import GraphNode


@dataclass(frozen=True)
class ReferenceUse:
    """A reference thesis's stance on one of its key pieces of evidence."""

    thesis: str
    evidence: str
    label: str  # supports | opposes | mixed | contests (argmap.evaluation.stance)


@dataclass
class Reference:
    """What coverage is measured against, computed once per reference map.

    Its *key evidence* is the evidence its theses use: evidence with a direct stance towards at
    least one thesis, or a reading of which a thesis contests."""

    side: Side
    theses: list[GraphNode]
    key_evidence: list[GraphNode]
    uses: list[ReferenceUse]

    @classmethod
    def of(cls, side: Side) -> Reference:
        graph = side.graph
        index = StanceIndex(graph)
        theses = [n for n in graph.nodes.values() if n.kind == "thesis"]
        uses: list[ReferenceUse] = []
        for thesis in theses:
            towards = index.towards(thesis.id)
            for node_id in sorted(towards.reached(), key=sort_key):
                if graph.nodes[node_id].kind != "evidence":
                    continue
                stance = towards.stance(node_id)
                if stance.uses:
                    uses.append(ReferenceUse(thesis.id, node_id, stance.label))
        used = {u.evidence for u in uses}
        evidence = [n for n in graph.nodes.values() if n.id in used]
        return cls(side, theses, evidence, uses)


@dataclass
class Covered:
    item: GraphNode | None  # of the reference (None in a student's view of what they miss)
    match: GraphNode | None  # of the submission
    used: bool  # present and, for evidence, bearing on a thesis of the submission
    how: str = ""


@dataclass
class StanceDifference:
    thesis: GraphNode  # of the reference
    evidence: GraphNode
    reference: str  # the reference's label
    submission: str  # the submission's label ("none": both statements there, not linked)


@dataclass
class Coverage:
    theses: list[Covered]
    evidence: list[Covered]
    disagreements: list[StanceDifference]  # the submission takes another stance
    unlinked: list[StanceDifference]  # both there, but the submission does not link them

    @property
    def theses_used(self) -> int:
        return sum(c.used for c in self.theses)

    @property
    def evidence_used(self) -> int:
        return sum(c.used for c in self.evidence)

    @property
    def ratio(self) -> float | None:
        """The share of the reference's theses and key evidence the submission uses."""
        total = len(self.theses) + len(self.evidence)
        return (self.theses_used + self.evidence_used) / total if total else None


def coverage(reference: Reference, submission: Side) -> Coverage:
    """Which reference theses and key evidence `submission` uses, and where its stances differ."""
    matching = match_nodes(reference.side, submission)
    ref_nodes, sub_graph = reference.side.graph.nodes, submission.graph
    index = StanceIndex(sub_graph)
    towards: dict[str, Towards] = {
        n.id: index.towards(n.id) for n in sub_graph.nodes.values() if n.kind == "thesis"
    }
    bearing: set[str] = set()
    for one in towards.values():
        bearing |= one.reached()

    def covered(items: Iterable[GraphNode], *, evidence: bool) -> list[Covered]:
        found = []
        for item in items:
            match_id = matching.pairs.get(item.id)
            match = sub_graph.nodes[match_id] if match_id else None
            used = match is not None and (not evidence or match.id in bearing)
            found.append(Covered(item, match, used, matching.how.get(item.id, "")))
        return found

    disagreements: list[StanceDifference] = []
    unlinked: list[StanceDifference] = []
    for use in reference.uses:
        thesis_id, evidence_id = matching.pairs.get(use.thesis), matching.pairs.get(use.evidence)
        if thesis_id is None or evidence_id is None or thesis_id not in towards:
            continue
        label = towards[thesis_id].stance(evidence_id).label
        if label != use.label:
            difference = StanceDifference(
                ref_nodes[use.thesis], ref_nodes[use.evidence], use.label, label
            )
            (unlinked if label == "none" else disagreements).append(difference)
    return Coverage(
        covered(reference.theses, evidence=False),
        covered(reference.key_evidence, evidence=True),
        disagreements,
        unlinked,
    )


def as_student_sees_it(found: Coverage) -> Coverage:
    """Coverage as its student may see it: where they match the reference, their own statement
    stands in for the reference's; what they miss is only counted. The reference map is hidden
    from students, so none of its words or ids reach them."""
    own: dict[str, GraphNode] = {}
    for c in (*found.theses, *found.evidence):
        if c.item is not None and c.match is not None:
            own[c.item.id] = c.match

    def theirs(items: list[Covered]) -> list[Covered]:
        return [Covered(c.match, c.match, c.used, c.how if c.match else "") for c in items]

    def differences(items: list[StanceDifference]) -> list[StanceDifference]:
        return [
            StanceDifference(own[d.thesis.id], own[d.evidence.id], d.reference, d.submission)
            for d in items
            if d.thesis.id in own and d.evidence.id in own
        ]

    return Coverage(
        theirs(found.theses),
        theirs(found.evidence),
        differences(found.disagreements),
        differences(found.unlinked),
    )
