"""Net stance: how a piece of evidence bears on a thesis, along the links between them.

The rules:

- **Signs multiply** along supports (+1) and opposes (-1): evidence supporting a claim that
  opposes a thesis opposes that thesis. A co-premise takes part in its link as its source does.
- **A path may pass through other theses** (Hasegawa's thesis opposes Frank's, so evidence for
  Hasegawa bears against Frank), two at most by default (`MAX_THROUGH`). Such a path counts, but
  it is marked *indirect* and names the theses it passes through: it follows from the debate
  between positions, not from a use the thesis's own argument makes of the evidence, so a
  stance is taken from direct paths first.
- **Undercuts are accounted for.** A thesis's *argument* is the thesis and whatever supports it,
  transitively (supports links only). A link undercut from inside the argument is a reading the
  thesis rejects: it does not count towards the thesis's stance, and when it leaves the evidence
  the thesis **contests** that reading ("Wilson's claim 'Hiroshima played virtually no role'
  undercuts Hiroshima → supports → Frank"). An undercut by anyone else of a link on a path
  leaves the sign alone and is reported as a challenge to that path.

Cost: one backward breadth-first search from the thesis over (node, sign, theses passed)
states, each visited once: O((nodes + links) × MAX_THROUGH) per thesis, and every node's stance
towards that thesis comes out of the same pass (`StanceIndex.towards`). Paths are walks:
deciding signs over *simple* paths only is NP-hard in general (the even-path problem), so on a
map with a cycle of odd sign a walk round it can add the other sign; on an acyclic map every
walk is a simple path. Reporting is bounded: per sign, one shortest direct path and one through
the fewest theses, so at most four paths per pair.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, replace

from argmap.graph import Graph, GraphLink

_SIGN = {"supports": 1, "opposes": -1}

# The labels a stance can have, strongest evidence first, and the mark shown beside each text.
LABELS = ("supports", "opposes", "mixed", "contests", "none")
MARKS = {"supports": "+", "opposes": "−", "mixed": "±", "contests": "⤫", "none": ""}

# (node id, sign of the path from it to the thesis, number of other theses the path passes)
State = tuple[str, int, int]
# A path passes through at most this many other theses by default: an attack on an attacker
# (Asada's thesis opposes Hasegawa's, which opposes Frank's) still says something about Frank;
# a longer chain of positions attacking positions says little about either end, and on a
# well-connected debate would make nearly every item bear on nearly every thesis.
MAX_THROUGH = 2


@dataclass(frozen=True, slots=True)
class Step:
    source: str  # the node the step leaves
    link: str  # the link it follows
    kind: str  # supports | opposes
    target: str  # the node it reaches
    co_premise: bool = False  # it leaves from a co-premise of the link, not from its source


@dataclass(frozen=True, slots=True)
class Path:
    steps: tuple[Step, ...]
    sign: int  # +1 or -1: the product of the steps' signs
    through: tuple[str, ...] = ()  # theses passed on the way; empty for the thesis's own argument

    @property
    def indirect(self) -> bool:
        return bool(self.through)


@dataclass(frozen=True, slots=True)
class Undercut:
    """Link `link`, made by node `by`, undercuts link `target`."""

    link: str
    by: str
    target: str


@dataclass(frozen=True, slots=True)
class NetStance:
    evidence: str  # any node id; evidence is what the pages ask about
    thesis: str
    paths: tuple[Path, ...] = ()  # direct first, then indirect; + before -
    contests: tuple[Undercut, ...] = ()  # readings of the evidence the thesis's argument undercuts
    challenges: tuple[Undercut, ...] = ()  # others' undercuts of links on `shown_paths`

    @property
    def label(self) -> str:
        """supports | opposes | mixed | contests | none: contests, then direct paths, then
        indirect paths decide. A thesis whose argument rejects another's reading of the evidence
        is, for that evidence, first of all contesting that reading (its own reading of the
        evidence, which may support it, comes with the contest)."""
        if self.contests:
            return "contests"
        direct = {p.sign for p in self.paths if not p.indirect}
        if direct:
            return _sign_label(direct)
        indirect = {p.sign for p in self.paths}
        return _sign_label(indirect) if indirect else "none"

    @property
    def indirect(self) -> bool:
        """The label comes only from paths through other theses."""
        return self.label in ("supports", "opposes", "mixed") and all(
            p.indirect for p in self.paths
        )

    @property
    def uses(self) -> bool:
        """The thesis's own argument uses this evidence, or contests a reading of it."""
        return self.label != "none" and not self.indirect

    @property
    def mark(self) -> str:
        return MARKS[self.label]

    @property
    def shown_paths(self) -> tuple[Path, ...]:
        """The paths that decide the label (none for a contest, the direct ones when there are
        any)."""
        if self.contests:
            return ()
        direct = tuple(p for p in self.paths if not p.indirect)
        return direct or self.paths


def _sign_label(signs: set[int]) -> str:
    if signs == {1}:
        return "supports"
    if signs == {-1}:
        return "opposes"
    return "mixed"


def _ends(link: GraphLink) -> tuple[str, ...]:
    """The nodes a link leaves from: its source and its co-premises."""
    return (link.source, *link.co_premises)


class StanceIndex:
    """A graph's links indexed once, for stance questions about many pairs."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.incoming: dict[str, list[GraphLink]] = defaultdict(list)
        self.undercutters: dict[str, list[GraphLink]] = defaultdict(list)
        self.undercuts_by: dict[str, list[GraphLink]] = defaultdict(list)
        for link in graph.links.values():
            if any(end not in graph.nodes for end in _ends(link)):
                continue  # a dangling link says nothing about anyone (Graph.problems reports it)
            if link.kind in _SIGN and link.target in graph.nodes:
                self.incoming[link.target].append(link)
            elif link.kind == "undercuts" and link.target_link in graph.links:
                self.undercutters[link.target_link].append(link)
                for end in _ends(link):
                    self.undercuts_by[end].append(link)

    def towards(self, thesis_id: str, *, max_through: int = MAX_THROUGH) -> Towards:
        return Towards(self, thesis_id, max_through)


class Towards:
    """Every node's stance towards one thesis, from one backward search (linear time)."""

    def __init__(self, index: StanceIndex, thesis_id: str, max_through: int = MAX_THROUGH) -> None:
        self.index = index
        self.thesis = thesis_id
        self.max_through = max_through
        self.argument = self._argument()
        # link id -> the undercuts of it made from inside the argument (by id, so each once)
        rejected: dict[str, dict[str, GraphLink]] = defaultdict(dict)
        for node in self.argument:
            for undercut in index.undercuts_by.get(node, ()):
                if undercut.target_link is not None:
                    rejected[undercut.target_link][undercut.id] = undercut
        self._contests: dict[str, list[Undercut]] = defaultdict(list)
        for link_id, undercuts in rejected.items():
            for end in _ends(index.graph.links[link_id]):
                self._contests[end] += [
                    Undercut(u.id, u.source, link_id) for u in undercuts.values()
                ]
        self._next = self._search(set(rejected))

    def _argument(self) -> frozenset[str]:
        found = {self.thesis}
        queue = deque([self.thesis])
        while queue:
            node = queue.popleft()
            for link in self.index.incoming.get(node, ()):
                if link.kind == "supports":
                    for end in _ends(link):
                        if end not in found:
                            found.add(end)
                            queue.append(end)
        return frozenset(found)

    def _search(self, rejected: set[str]) -> dict[State, tuple[GraphLink, State]]:
        """Breadth first from the thesis against the links: for every reachable state, the
        link of the first step of a shortest path from it and the state that step reaches (the
        `Step` itself is made only for the paths asked for: a page counting uses reaches
        thousands of states and reads none of their paths)."""
        nodes = self.index.graph.nodes
        start: State = (self.thesis, 1, 0)
        following: dict[State, tuple[GraphLink, State]] = {}
        seen = {start}
        queue = deque([start])
        while queue:
            state = queue.popleft()
            node, sign, through = state
            # Leaving `node` for an earlier node makes `node` an intermediate of the path.
            if node != self.thesis and nodes[node].kind == "thesis":
                through += 1
                if through > self.max_through:
                    continue
            for link in self.index.incoming.get(node, ()):
                if link.id in rejected:
                    continue
                new_sign = sign * _SIGN[link.kind]
                for end in _ends(link):
                    new: State = (end, new_sign, through)
                    if end == self.thesis or new in seen:
                        continue
                    seen.add(new)
                    following[new] = (link, state)
                    queue.append(new)
        return following

    def _path(self, state: State) -> Path:
        steps: list[Step] = []
        while state in self._next:
            link, after = self._next[state]
            end, node = state[0], after[0]
            steps.append(Step(end, link.id, link.kind, node, co_premise=end != link.source))
            state = after
        nodes = self.index.graph.nodes
        through = tuple(s.target for s in steps[:-1] if nodes[s.target].kind == "thesis")
        sign = 1
        for step in steps:
            sign *= _SIGN[step.kind]
        return Path(tuple(steps), sign, through)

    def reached(self) -> set[str]:
        """Every node with a path to the thesis or a reading the thesis contests."""
        return {state[0] for state in self._next} | set(self._contests)

    def uses(self, node_id: str) -> bool:
        """`NetStance.uses` of `node_id`, without building its paths: a direct path (one through
        no other thesis) or a contested reading. A page counting the theses that use each of
        thousands of items asks this of every item a thesis reaches."""
        return (
            bool(self._contests.get(node_id))
            or (node_id, 1, 0) in self._next
            or (node_id, -1, 0) in self._next
        )

    def stance(self, node_id: str) -> NetStance:
        # For each sign: the direct path, and the indirect one through the fewest theses.
        states: list[State] = []
        for sign in (1, -1):
            if (node_id, sign, 0) in self._next:
                states.append((node_id, sign, 0))
            fewest = next(
                (k for k in range(1, self.max_through + 1) if (node_id, sign, k) in self._next),
                None,
            )
            if fewest is not None:
                states.append((node_id, sign, fewest))
        paths = tuple(sorted((self._path(s) for s in states), key=lambda p: p.indirect))
        stance = NetStance(
            evidence=node_id,
            thesis=self.thesis,
            paths=paths,
            contests=_unique(self._contests.get(node_id, ())),
        )
        # Challenges to the paths the reader is shown, the ones that decide the label.
        challenges = _unique(
            Undercut(u.id, u.source, step.link)
            for path in stance.shown_paths
            for step in path.steps
            for u in self.index.undercutters.get(step.link, ())
        )
        return replace(stance, challenges=challenges)


def _unique(items: Iterable[Undercut]) -> tuple[Undercut, ...]:
    return tuple(dict.fromkeys(items))


def net_stance(
    graph: Graph, evidence_id: str, thesis_id: str, *, max_through: int = MAX_THROUGH
) -> NetStance:
    """The stance of one node towards one thesis (linear time; for many pairs reuse a
    `StanceIndex` and its `towards(thesis)`)."""
    return StanceIndex(graph).towards(thesis_id, max_through=max_through).stance(evidence_id)


def is_contested(stances: Iterable[NetStance]) -> bool:
    """One thesis reads the evidence as support and another as an objection (opposes it or
    contests a reading of it)."""
    pro: set[str] = set()
    con: set[str] = set()
    for stance in stances:
        if stance.label in ("supports", "mixed"):
            pro.add(stance.thesis)
        if stance.label in ("opposes", "mixed", "contests"):
            con.add(stance.thesis)
    return any(a != b for a in pro for b in con)
