"""The preferred labellings of one strongly connected component, given the labels upstream.

A labelling gives each argument IN, OUT or UNDEC. It is *complete* (Caminada's labellings, read
for set attacks as Flouris & Bikakis, IJAR 109, 2019, do) when every argument is

- IN exactly when every attack on it has an OUT member,
- OUT exactly when some attack on it has all its members IN,
- UNDEC otherwise;

and *preferred* when its IN set is maximal among complete labellings. Within an SCC, members
upstream have fixed labels: an attack with an OUT member upstream fails whatever happens here,
and one with an UNDEC member upstream can still fail (through a member here) but never act.

**Search.** Listing every complete labelling and keeping the maximal ones explodes on large
components (each can be left UNDEC in many ways), so the preferred ones are found one at a time,
as SAT-based solvers do (Cerutti, Dunne, Giacomin & Vallati, "Computing preferred extensions in
abstract argumentation: a SAT-based approach", TAFA 2013): find a complete labelling whose IN
set is in no preferred one found so far; grow it (ask for one whose IN set is a strict
superset) until it cannot grow; record it; repeat until none is left. Each question is one
depth-first search, trying IN first, with propagation: every rule below is one half of the
definition, or one of the "at least one of these is IN" constraints of the question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from argmap.evaluation.grounded import IN, OUT, UNDEC

UNSET = 3
Attack = tuple[tuple[int, ...], bool]  # (members in the SCC, may act: no member upstream UNDEC)


def preferred_labellings(
    attacks: list[list[Attack]], tick: Callable[[], None]
) -> list[tuple[int, ...]]:
    """The preferred labellings of an SCC whose arguments 0 .. len(attacks) - 1 are attacked by
    `attacks` (attacks with an OUT member upstream already left out); `tick` once per step."""
    if len(attacks) == 1 and not any(members for members, _ in attacks[0]):
        # One argument that does not attack itself (most SCCs): upstream alone decides it.
        tick()
        on_x = attacks[0]
        return [(OUT if any(live for _, live in on_x) else UNDEC if on_x else IN,)]
    search = _Search(attacks, tick)
    everyone = range(len(attacks))
    found: list[tuple[int, ...]] = []
    taken: list[frozenset[int]] = []
    while True:
        # Some argument outside each preferred IN set found so far must be IN.
        labs = search.first((), [[a for a in everyone if a not in s] for s in taken])
        if labs is None:
            return found
        while True:
            ins = frozenset(a for a in everyone if labs[a] == IN)
            more = search.first(ins, [[a for a in everyone if a not in ins]])
            if more is None:
                break
            labs = more
        found.append(tuple(labs))
        taken.append(ins)


class _Search:
    __slots__ = ("attacks", "feeds", "tick", "weight")

    def __init__(self, attacks: list[list[Attack]], tick: Callable[[], None]) -> None:
        self.attacks = attacks
        self.tick = tick
        # feeds[m]: the arguments whose attacks have m as a member (their rules read m's label).
        feeds: list[set[int]] = [set() for _ in attacks]
        for x, on_x in enumerate(attacks):
            for members, _ in on_x:
                for m in members:
                    feeds[m].add(x)
        self.feeds = [sorted(f) for f in feeds]
        self.weight = [len(attacks[x]) + len(feeds[x]) for x in range(len(attacks))]

    def first(self, ins: Iterable[int], clauses: list[list[int]]) -> list[int] | None:
        """A complete labelling with every argument of `ins` IN and, in each clause, some
        argument IN; None when there is none."""
        labs = [UNSET] * len(self.attacks)
        for a in ins:
            labs[a] = IN
        stack = [(labs, list(range(len(labs))))]
        while stack:
            self.tick()
            labs, dirty = stack.pop()
            if not self._propagate(labs, dirty, clauses):
                continue
            x = self._choose(labs, clauses)
            if x < 0:
                return labs
            for value in (UNDEC, OUT, IN):  # popped in reverse: IN is tried first
                branch = labs.copy()
                branch[x] = value
                stack.append((branch, [x, *self.feeds[x]]))
        return None

    def _choose(self, labs: list[int], clauses: list[list[int]]) -> int:
        """The unset argument to branch on (-1 when none is left): one of an unsatisfied clause
        if there is one (the question is about them), the most connected one otherwise (its
        label settles the most rules)."""
        for clause in clauses:
            if not any(labs[a] == IN for a in clause):
                candidates = [a for a in clause if labs[a] == UNSET]
                if candidates:
                    return max(candidates, key=self.weight.__getitem__)
        candidates = [a for a, v in enumerate(labs) if v == UNSET]
        return max(candidates, key=self.weight.__getitem__) if candidates else -1

    def _propagate(self, labs: list[int], dirty: list[int], clauses: list[list[int]]) -> bool:
        """Apply the rules to a fixpoint, starting from the arguments in `dirty`; False when
        `labs` cannot be completed."""
        queue = dirty
        queued = bytearray(len(labs))
        for x in queue:
            queued[x] = 1

        def assign(y: int, value: int) -> None:
            labs[y] = value
            for z in (y, *self.feeds[y]):
                if not queued[z]:
                    queued[z] = 1
                    queue.append(z)

        while True:
            while queue:
                x = queue.pop()
                queued[x] = 0
                if not self._rules(x, labs, assign):
                    return False
            for clause in clauses:
                unset = [a for a in clause if labs[a] == UNSET]
                if any(labs[a] == IN for a in clause):
                    continue
                if not unset:
                    return False
                if len(unset) == 1:
                    assign(unset[0], IN)
            if not queue:
                return True

    def _rules(self, x: int, labs: list[int], assign: Callable[[int, int], None]) -> bool:
        all_fail = True  # every attack has an OUT member
        acts = False  # an attack that may act has all its members IN
        never_fails = False  # an attack has no member OUT or unset
        may_act: list[tuple[int, ...]] = []  # attacks that may act, no member OUT or UNDEC
        for members, live in self.attacks[x]:
            labels = [labs[m] for m in members]
            if OUT in labels:
                continue
            all_fail = False
            if UNSET not in labels:
                never_fails = True
            if live and UNDEC not in labels:
                may_act.append(members)
                if UNSET not in labels:
                    acts = True
        v = labs[x]
        if v == UNSET:
            if acts:
                assign(x, OUT)
            elif all_fail:
                assign(x, IN)
            elif never_fails and not may_act:
                assign(x, UNDEC)
        elif v == IN:
            if never_fails:
                return False
            # Each attack needs an OUT member: where only one can still be OUT, it must be.
            for members, _ in self.attacks[x]:
                unset = [m for m in members if labs[m] == UNSET]
                if len(unset) == 1 and all(labs[m] != OUT for m in members):
                    assign(unset[0], OUT)
        elif v == OUT:
            if not may_act:
                return False
            # The one attack that can still act must act.
            if len(may_act) == 1 and not acts:
                for m in may_act[0]:
                    if labs[m] == UNSET:
                        assign(m, IN)
        elif all_fail or acts:
            return False
        return True
