"""Preferred semantics: which statements are *defensible*, which are in *every* coherent position.

A *coherent position* is a preferred extension (Dung 1995): a set of statements that does not
attack itself, answers every attack on its members, and cannot be enlarged without losing one
of these. The map is read exactly as `grounded` reads it (`setaf` spells that reading out as a
framework with set attacks), so on a plain attack graph this is Dung's preferred semantics, and
the grounded IN set is part of every coherent position. Per node the result says whether it is

- **credulously** accepted ("defensible"): in at least one coherent position, and
- **sceptically** accepted: in every coherent position.

**How.** Both questions are NP-hard or worse in general; three steps make real maps cheap:

1. Only the *core* that grounded leaves UNDECIDED is searched (`setaf.undecided_core`); on most
   maps it is empty or a few small cycles of rival statements.
2. The core splits into parts that do not touch (weakly connected components), solved apart:
   the coherent positions of the whole are all the combinations of the parts'.
3. Within a part, strongly connected components (SCCs) are labelled in topological order.
   Preferred semantics is SCC-recursive (Baroni, Giacomin & Guida, "SCC-recursiveness: a general
   schema for argumentation semantics", AIJ 168, 2005, for Dung's frameworks; with set attacks
   tests/evaluation/test_preferred.py checks it against the definitions by brute force): a
   labelling is preferred exactly when, on every SCC, given the labels upstream, it is a
   complete labelling of the SCC whose IN set is maximal (`labellings` finds those). Rather
   than enumerating whole positions, the search carries only the labels of the *frontier*
   (arguments with attacks still to come), merging positions that agree there, so a chain of
   rival pairs stays linear.

The worst case stays exponential, so the search takes a budget of steps and of seconds: when it
runs out, the parts not finished are reported as unknown (`complete` is False) rather than
guessed. Everything grounded decides is exact whatever the budget.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

from argmap.evaluation._scc import components
from argmap.evaluation.framework import Framework
from argmap.evaluation.grounded import IN, OUT, UNDEC, Grounded
from argmap.evaluation.labellings import preferred_labellings
from argmap.evaluation.setaf import Core, undecided_core

DEFAULT_MAX_STEPS = 200_000
DEFAULT_TIME_LIMIT = 0.5  # seconds


@dataclass(slots=True, eq=False)
class Preferred:
    """Per node number: 1 in `credulous` when the node is in some preferred extension, 1 in
    `sceptical` when it is in all; both 0 and `unknown` 1 when the budget ran out first."""

    credulous: bytearray
    sceptical: bytearray
    unknown: bytearray
    complete: bool  # False when some part of the core was not solved within the budget
    extensions: int | None  # how many preferred extensions there are (None when not complete)
    core_size: int  # arguments (nodes and links) grounded leaves undecided; -1 if not reached
    steps: int


class _OutOfBudget(Exception):
    pass


class _Budget:
    __slots__ = ("deadline", "max_steps", "steps")

    def __init__(self, max_steps: int | None, time_limit: float | None) -> None:
        self.steps = 0
        self.max_steps = max_steps
        self.deadline = None if time_limit is None else time.perf_counter() + time_limit

    def tick(self) -> None:
        self.steps += 1
        if self.max_steps is not None and self.steps > self.max_steps:
            raise _OutOfBudget
        # The clock is read every 256 steps: reading it costs more than a step.
        deadline = self.deadline
        if deadline is not None and not self.steps & 255 and time.perf_counter() > deadline:
            raise _OutOfBudget


def preferred(
    fw: Framework,
    g: Grounded,
    *,
    max_steps: int | None = DEFAULT_MAX_STEPS,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> Preferred:
    """Credulous and sceptical acceptance of every node of `fw` under preferred semantics, given
    its grounded labelling `g`; None for a limit means no limit."""
    budget = _Budget(max_steps, time_limit)
    credulous = bytearray(1 if v == IN else 0 for v in g.label)
    sceptical = bytearray(credulous)
    try:
        core = undecided_core(fw, g, budget.tick)
    except _OutOfBudget:
        unknown = bytearray(1 if v == UNDEC else 0 for v in g.label)
        return Preferred(credulous, sceptical, unknown, False, None, -1, budget.steps)
    unknown = bytearray(fw.n)
    extensions: int | None = 1
    for part in _parts(core):
        try:
            found, count = _solve_part(core, part, budget)
        except _OutOfBudget:
            extensions = None
            for a in part:
                if a < len(core.nodes):
                    unknown[core.nodes[a]] = 1
            continue
        if extensions is not None:
            extensions *= count
        for a, (some, every) in found.items():
            if a < len(core.nodes):
                credulous[core.nodes[a]] = some
                sceptical[core.nodes[a]] = every
    return Preferred(
        credulous, sceptical, unknown, extensions is not None, extensions, core.size, budget.steps
    )


def _parts(core: Core) -> list[list[int]]:
    """Weakly connected components of the core, smallest first, so that a large one cannot use
    up the budget before the small ones are done."""
    parent = list(range(core.size))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for x, sets in enumerate(core.attacks):
        for members in sets:
            for m in members:
                parent[root(m)] = root(x)
    groups: dict[int, list[int]] = defaultdict(list)
    for a in range(core.size):
        groups[root(a)].append(a)
    return sorted(groups.values(), key=len)


def _solve_part(
    core: Core, part: list[int], budget: _Budget
) -> tuple[dict[int, tuple[int, int]], int]:
    """For each argument of `part`: (in some preferred labelling, in all), and their number."""
    local = {a: i for i, a in enumerate(part)}
    succ: list[list[int]] = [[] for _ in part]
    for a in part:
        for members in core.attacks[a]:
            for m in members:
                succ[local[m]].append(local[a])
    order = [[part[i] for i in c] for c in reversed(components(len(part), succ))]
    scc_of = {a: i for i, scc in enumerate(order) for a in scc}
    last_use = dict.fromkeys(part, -1)  # the last SCC that an argument's attacks reach
    for a in part:
        for members in core.attacks[a]:
            for m in members:
                if scc_of[m] != scc_of[a]:
                    last_use[m] = max(last_use[m], scc_of[a])

    seen_in: dict[int, bool] = dict.fromkeys(part, False)
    seen_out: dict[int, bool] = dict.fromkeys(part, False)
    frontier: list[int] = []
    states: dict[tuple[int, ...], int] = {(): 1}  # frontier labels -> labellings so far
    for i, scc in enumerate(order):
        problem = _Problem(core, scc)
        where = {a: p for p, a in enumerate(frontier)}
        outside = [where[e] for e in problem.outside]
        keep = [where[a] for a in frontier if last_use[a] > i]
        keep_here = [j for j, a in enumerate(scc) if last_use[a] > i]
        solved: dict[tuple[int, ...], list[tuple[int, ...]]] = {}
        following: dict[tuple[int, ...], int] = defaultdict(int)
        for state, count in states.items():
            key = tuple(state[p] for p in outside)
            labellings = solved.get(key)
            if labellings is None:
                labellings = solved[key] = problem.preferred(key, budget)
            kept = tuple(state[p] for p in keep)
            for labelling in labellings:
                budget.tick()
                following[kept + tuple(labelling[j] for j in keep_here)] += count
        for labellings in solved.values():
            for labelling in labellings:
                for a, v in zip(scc, labelling, strict=True):
                    if v == IN:
                        seen_in[a] = True
                    else:
                        seen_out[a] = True
        frontier = [a for a in frontier if last_use[a] > i] + [scc[j] for j in keep_here]
        states = following
    found = {a: (int(seen_in[a]), int(not seen_out[a])) for a in part}
    return found, sum(states.values())


class _Problem:
    """One SCC: its arguments, and the attacks on them split into members inside the SCC (local
    numbers) and members upstream (core numbers, whose labels are given)."""

    __slots__ = ("attacks", "outside", "size")

    def __init__(self, core: Core, scc: list[int]) -> None:
        inside = {a: j for j, a in enumerate(scc)}
        upstream = sorted({m for a in scc for ms in core.attacks[a] for m in ms if m not in inside})
        position = {m: p for p, m in enumerate(upstream)}
        self.size = len(scc)
        self.outside = upstream
        self.attacks = [
            [
                (
                    tuple(inside[m] for m in ms if m in inside),
                    tuple(position[m] for m in ms if m not in inside),
                )
                for ms in core.attacks[a]
            ]
            for a in scc
        ]

    def preferred(self, given: tuple[int, ...], budget: _Budget) -> list[tuple[int, ...]]:
        """The preferred labellings of the SCC, given the labels `given` of `outside`."""
        # An attack with an OUT member upstream fails whatever happens here; one with an
        # UNDECIDED member upstream can fail (through a member here) but never act.
        attacks = [
            [
                (inner, all(given[p] == IN for p in outer))
                for inner, outer in on_x
                if not any(given[p] == OUT for p in outer)
            ]
            for on_x in self.attacks
        ]
        return preferred_labellings(attacks, budget.tick)
