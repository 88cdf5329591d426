"""The peer-review allocation, a pure function: every submission gets k reviewers, nobody
reviews their own or their group's work, the load is as even as the exclusions allow, the seed
decides, and an impossible round says why."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from argmap.classroom.allocation import AllocationError, allocate, loads


def solo(n: int) -> dict[int, set[int]]:
    """n students, each the author of submission 100 + their id."""
    return {100 + i: {i} for i in range(n)}


def test_four_students_two_reviewers_each_review_two_others() -> None:
    given_ = allocate(submissions=solo(4), reviewers=[0, 1, 2, 3], k=2, seed=7)
    assert all(len(set(r)) == 2 for r in given_.values())
    assert all(sub - 100 not in reviewers for sub, reviewers in given_.items())
    assert loads(given_) == {0: 2, 1: 2, 2: 2, 3: 2}


@given(n=st.integers(2, 40), k=st.integers(1, 6), seed=st.integers(0, 2**32))
def test_any_class_is_balanced_to_within_one_review(n: int, k: int, seed: int) -> None:
    if k >= n:
        with pytest.raises(AllocationError):
            allocate(submissions=solo(n), reviewers=range(n), k=k, seed=seed)
        return
    given_ = allocate(submissions=solo(n), reviewers=list(range(n)), k=k, seed=seed)
    assert all(len(set(r)) == k and sub - 100 not in r for sub, r in given_.items())
    counts = loads(given_)
    assert len(counts) == n and max(counts.values()) - min(counts.values()) <= 1


def test_groups_never_review_their_own_work_and_the_load_stays_even() -> None:
    # Groups {0,1}, {2,3}, {4,5}: each group's one submission goes to two outsiders.
    submissions = {10: {0, 1}, 20: {2, 3}, 30: {4, 5}}
    given_ = allocate(submissions=submissions, reviewers=list(range(6)), k=2, seed=3)
    for sub, reviewers in given_.items():
        assert not set(reviewers) & submissions[sub]
    assert sorted(loads(given_).values()) == [1, 1, 1, 1, 1, 1]


def test_the_seed_decides_the_allocation() -> None:
    first = allocate(submissions=solo(12), reviewers=list(range(12)), k=3, seed=1)
    assert first == allocate(submissions=solo(12), reviewers=list(range(12)), k=3, seed=1)
    assert any(
        first != allocate(submissions=solo(12), reviewers=list(range(12)), k=3, seed=s)
        for s in range(2, 6)
    )


def test_impossible_rounds_say_why() -> None:
    with pytest.raises(AllocationError, match="fewer than the 3 asked for"):
        allocate(submissions=solo(3), reviewers=[0, 1, 2], k=3, seed=0)
    with pytest.raises(AllocationError, match="at least one reviewer"):
        allocate(submissions=solo(3), reviewers=[0, 1, 2], k=0, seed=0)
    # One big group of four and a pair: the pair's work has four outside readers, the group's
    # only two, so k=3 cannot be met.
    with pytest.raises(AllocationError, match="fewer than the 3"):
        allocate(submissions={1: {0, 1, 2, 3}, 2: {4, 5}}, reviewers=range(6), k=3, seed=0)


def test_no_submissions_need_no_reviewers() -> None:
    assert allocate(submissions={}, reviewers=[1, 2], k=2, seed=0) == {}
