"""Stances worked out on a map's structure: what the evidence matrix and the timeline start from.

The structure (`argmap.maps.structure`: ids, kinds and links, three queries, no texts) is all a
stance is searched on (`argmap.evaluation.stance`); the map's theses are read apart (one query)
to name them. What a square of the matrix or a mark of the timeline shows beyond its stance (the
attestation of the use, its rationale) is read for the squares shown only (`squares`), so a
page costs the structure plus what it shows, never the whole map as model rows (`map_bundle`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.db.models import Case, TextField, Value, When

from argmap.debates.selectors import thesis_names
from argmap.evaluation.stance import NetStance, StanceIndex, Towards
from argmap.graph import Graph
from argmap.maps.models import Link, Map, Node, NodeKind
from argmap.maps.structure import Structure, link_ends, load_structure


@dataclass(frozen=True, slots=True)
class Square:
    """One thesis's stance on one evidence item as the matrix and the timeline show it. Its
    label, mark and indirectness are worked out once here, not by each use in a template."""

    thesis_id: int
    thesis_name: str  # "Frank"
    stance: NetStance
    attestation: str  # of the use that decides the stance, or of the contest
    rationale: str  # the use's rationale; for a contest without one, the undercutting claim
    label: str = field(init=False)
    mark: str = field(init=False)
    indirect: bool = field(init=False)
    uses: bool = field(init=False)

    def __post_init__(self) -> None:
        for name in ("label", "mark", "indirect", "uses"):
            object.__setattr__(self, name, getattr(self.stance, name))


def _deciding_link(stance: NetStance) -> int | None:
    """The link whose attestation and rationale a square shows: the first step of the first
    path that decides the stance, or the first contest (as `Stances.cell` picks it)."""
    paths = stance.shown_paths
    if paths and paths[0].steps:
        return int(paths[0].steps[0].link)
    if stance.contests:
        return int(stance.contests[0].link)
    return None


@dataclass(frozen=True)
class MapTheses:
    """A map's theses in its order (by id), each with the name the pages use."""

    nodes: list[Node]
    names: dict[int, str]


def map_theses(map_: Map) -> MapTheses:
    """Every thesis of the map (one query): the pages name each apart from all the others."""
    nodes = list(Node.objects.filter(map=map_, kind=NodeKind.THESIS).select_related("scholar"))
    return MapTheses(nodes, thesis_names(map_, nodes))


class StructureStances:
    """A map's structure, its stance index and its theses (each with the name the pages use)."""

    def __init__(
        self,
        map_: Map,
        *,
        theses: MapTheses | None = None,
        structure: Structure | None = None,
        around: list[int] | None = None,
    ) -> None:
        """With `around` (some theses), stances are searched on the part of the map that can
        bear on them (`part_towards`) and must be asked towards them only."""
        self.map = map_
        self.around = around
        self.structure = structure or load_structure(map_.pk)
        part = self.structure.graph() if around is None else part_towards(self.structure, around)
        self.index = StanceIndex(part)
        named = theses or map_theses(map_)
        self.theses, self.names = named.nodes, named.names
        self._towards: dict[int, Towards] = {}
        self._reached: dict[int, set[int]] = {}

    def towards(self, thesis_id: int) -> Towards:
        if thesis_id not in self._towards:
            self._towards[thesis_id] = self.index.towards(str(thesis_id))
        return self._towards[thesis_id]

    def reached(self, thesis_id: int) -> set[int]:
        """The statements with a stance towards the thesis."""
        if thesis_id not in self._reached:
            self._reached[thesis_id] = {int(pk) for pk in self.towards(thesis_id).reached()}
        return self._reached[thesis_id]

    def used_by(self, theses: Iterable[int]) -> dict[int, list[int]]:
        """For each statement, the theses among `theses` whose own argument uses it or contests
        a reading of it (`NetStance.uses`), in their order. One search per thesis, each reading
        only what reaches it: linear in the map, not in evidence × theses."""
        found: dict[int, list[int]] = {}
        for thesis in theses:
            towards = self.towards(thesis)
            for node in self.reached(thesis):
                if towards.uses(str(node)):
                    found.setdefault(node, []).append(thesis)
        return found

    def users(self, of: Collection[int] | None = None) -> Counter[int]:
        """How many of the map's theses use each statement (the matrix's "Uses"): of every
        statement, searching every thesis; or of the statements `of` only, searching only the
        theses that may bear on them."""
        theses = [t.pk for t in self.theses]
        if of is not None:
            theses = bearing_on(self.structure, theses, of)
        found = self.used_by(theses)
        if of is not None:
            found = {pk: found[pk] for pk in of if pk in found}
        return Counter({pk: len(users) for pk, users in found.items()})

    def squares(
        self, pairs: Iterable[tuple[int, int]], *, indirect: bool = True, words: bool = True
    ) -> dict[tuple[int, int], Square]:
        """The squares of these (evidence, thesis) pairs that have a stance (with `indirect`
        false, only those the thesis's own argument decides); with `words`, the attestation and
        rationale of their deciding links, read in one query for all of them."""
        stances: dict[tuple[int, int], NetStance] = {}
        for evidence, thesis in pairs:
            if evidence not in self.reached(thesis):
                continue
            stance = self.towards(thesis).stance(str(evidence))
            if stance.label == "none" or (stance.indirect and not indirect):
                continue
            stances[evidence, thesis] = stance
        deciding = {pair: _deciding_link(stance) for pair, stance in stances.items()}
        said = _link_words({pk for pk in deciding.values() if pk is not None} if words else set())
        found = {}
        for (evidence, thesis), stance in stances.items():
            attestation, rationale, claim = said.get(deciding[evidence, thesis] or 0, ("", "", ""))
            if stance.label == "contests":
                rationale = rationale or claim
            name = self.names.get(thesis, "")
            found[evidence, thesis] = Square(thesis, name, stance, attestation, rationale)
        return found


def _link_words(link_ids: set[int]) -> dict[int, tuple[str, str, str]]:
    """Each link's attestation and rationale, and for one without a rationale the text of the
    statement that makes it (what a contest without a rationale shows instead)."""
    if not link_ids:
        return {}
    rows = (
        Link.objects.filter(pk__in=link_ids)
        .annotate(
            claim=Case(
                When(rationale="", then="source_node__text"),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .values_list("pk", "attestation", "rationale", "claim")
    )
    return {pk: (attestation, rationale, claim) for pk, attestation, rationale, claim in rows}


def bearing_on(structure: Structure, theses: list[int], nodes: Iterable[int]) -> list[int]:
    """The theses among `theses` that may have a stance on any of `nodes` (a few more at most),
    in their order: those reached from them forward along supports and opposes (through other
    theses too), and from the claims undercutting those links (a thesis whose argument
    undercuts a reading of the evidence contests it). A page of evidence searches the stances
    of these theses only, on the part of the map that bears on them, not of every thesis."""
    seen = {pk for pk in nodes if pk in structure.nodes}
    frontier = list(seen)
    while frontier:
        node = frontier.pop()
        for link_id in (*structure.outgoing.get(node, ()), *structure.premise_of.get(node, ())):
            link = structure.links[link_id]
            ahead = [link.target] if link.target is not None else []
            for undercut in structure.undercutters.get(link_id, ()):
                ahead += [structure.links[undercut].source, *structure.links[undercut].co_premises]
            for pk in ahead:
                if pk is not None and pk not in seen:
                    seen.add(pk)
                    frontier.append(pk)
    return [pk for pk in theses if pk in seen]


def part_towards(structure: Structure, theses: Iterable[int]) -> Graph:
    """The part of the map a stance towards any of `theses` reads (`argmap.evaluation.stance`):
    what reaches a thesis against supports and opposes, through co-premises and other theses;
    the undercuts of those links (challenges) and those made from there (contests), with what
    they answer. Nothing outside it can change a stance towards these theses, so a search on it
    finds what it finds on the whole map."""
    nodes: set[int] = set(theses)
    links: set[int] = set()
    frontier = list(nodes)
    while frontier:
        for link_id in structure.incoming.get(frontier.pop(), []):
            links.add(link_id)
            for end in (structure.links[link_id].source, *structure.links[link_id].co_premises):
                if end not in nodes:
                    nodes.add(end)
                    frontier.append(end)
    undercuts = [u for link_id in links for u in structure.undercutters.get(link_id, [])]
    for node in list(nodes):
        made = [*structure.outgoing.get(node, []), *structure.premise_of.get(node, [])]
        undercuts += [u for u in made if structure.links[u].target_link is not None]
    for undercut in undercuts:
        nodes |= link_ends(structure, undercut)
        # The undercut, and the links it answers: the one it undercuts, and so on.
        answered: int | None = undercut
        while answered is not None and answered not in links:
            links.add(answered)
            answered = structure.links[answered].target_link
    return structure.graph(nodes, links)
