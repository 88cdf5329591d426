"""Who reviews which submission in a peer-review round: a pure function over plain ids, with no
Django, so that balance and exclusions are tested in microseconds.

`allocate` gives every submission exactly `k` reviewers, none of them excluded for it (its author,
their group), and spreads the reviews as evenly as the exclusions allow: every reviewer gets
`floor(k·S/R)` or `ceil(k·S/R)` of the S submissions when that is possible at all.

It is a bipartite flow (source → submission, capacity k; submission → eligible reviewer, 1;
reviewer → sink), solved twice: first with each reviewer capped at the floor, then, keeping that
flow (an augmenting path never takes a unit away from a reviewer's edge into the sink), at the
ceiling. The seed shuffles the order in which reviewers are tried, so that two rounds with
different seeds give different allocations, and the same seed the same one.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Collection, Mapping, Sequence

__all__ = ["AllocationError", "allocate", "loads"]


class AllocationError(ValueError):
    """The round cannot be allocated; the message says why, in words an instructor can act on."""


def allocate(
    *,
    submissions: Mapping[int, Collection[int]],
    reviewers: Sequence[int],
    k: int,
    seed: int,
) -> dict[int, list[int]]:
    """Submission id → its k reviewer ids (sorted), given each submission's excluded reviewers
    (`submissions[s]`: its author and their group) and everyone who may review.

    Raises AllocationError when k is not positive or some submission has fewer than k eligible
    reviewers (or, with many exclusions, when no assignment gives all of them k)."""
    if k < 1:
        raise AllocationError("Each submission needs at least one reviewer (k ≥ 1).")
    people = sorted(set(reviewers))
    if not submissions:
        return {}
    rng = random.Random(seed)
    eligible: dict[int, list[int]] = {}
    for sub in sorted(submissions):
        allowed = [r for r in people if r not in submissions[sub]]
        if len(allowed) < k:
            raise AllocationError(
                f"A submission has only {len(allowed)} possible reviewers (no one reviews their "
                f"own or their group's work), fewer than the {k} asked for: choose a smaller k."
            )
        rng.shuffle(allowed)
        eligible[sub] = allowed
    total = k * len(submissions)
    floor, ceil = total // len(people), -(-total // len(people))
    flow = _Flow(eligible, k)
    flow.run(floor)
    flow.run(ceil)
    if flow.value < total:
        # The exclusions crowd some reviewers out; let the busiest take more, as few as needed.
        flow.run(len(submissions))
    if flow.value < total:
        raise AllocationError(
            f"The groups leave too few outside reviewers to give every submission {k}: "
            "choose a smaller k."
        )
    return {sub: sorted(flow.assigned[sub]) for sub in eligible}


def loads(allocation: Mapping[int, Collection[int]]) -> dict[int, int]:
    """Reviewer id → how many submissions they review."""
    counts: dict[int, int] = {}
    for reviewers in allocation.values():
        for reviewer in reviewers:
            counts[reviewer] = counts.get(reviewer, 0) + 1
    return counts


class _Flow:
    """Edmonds–Karp on the round's small bipartite graph (tens of students, k of a few)."""

    def __init__(self, eligible: dict[int, list[int]], k: int) -> None:
        self.eligible, self.k = eligible, k
        self.assigned: dict[int, set[int]] = {sub: set() for sub in eligible}
        self.load: dict[int, int] = {}
        self.value = 0

    def run(self, cap: int) -> None:
        while self._augment(cap):
            self.value += 1

    def _augment(self, cap: int) -> bool:
        """One unit along a shortest path: a submission short of k, then alternately a reviewer
        (taking it) and a submission that gives one of its reviewers up, ending at a reviewer
        below `cap`."""
        queue: deque[int] = deque()
        came: dict[tuple[str, int], tuple[str, int] | None] = {}
        for sub in self.eligible:
            if len(self.assigned[sub]) < self.k:
                came[("s", sub)] = None
                queue.append(sub)
        while queue:
            sub = queue.popleft()
            for rev in self.eligible[sub]:
                if rev in self.assigned[sub] or ("r", rev) in came:
                    continue
                came[("r", rev)] = ("s", sub)
                if self.load.get(rev, 0) < cap:
                    self._apply(came, rev)
                    return True
                # The reviewer is full: one of their submissions may hand them over.
                for other, taken in self.assigned.items():
                    if rev in taken and ("s", other) not in came:
                        came[("s", other)] = ("r", rev)
                        queue.append(other)
        return False

    def _apply(self, came: dict[tuple[str, int], tuple[str, int] | None], end: int) -> None:
        self.load[end] = self.load.get(end, 0) + 1
        step: tuple[str, int] | None = ("r", end)
        while step is not None:
            before = came[step]
            if step[0] == "r" and before is not None:
                self.assigned[before[1]].add(step[1])
            elif step[0] == "s" and before is not None:
                self.assigned[step[1]].discard(before[1])
            step = before
