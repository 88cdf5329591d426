"""The peer-review pages cost the same number of queries for a class of four as for twelve, and
for a review with two comments as with twenty."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from argmap.classroom import services
from argmap.classroom.models import PeerReview
from argmap.maps.models import Node
from tests.cast import Scene, client_for, make_user, peer_scene

pytestmark = pytest.mark.django_db


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def opened(iris: User, size: int, otto: User, cleo: User) -> Scene:
    students = [make_user(f"s{size}x{i}") for i in range(size)]
    scene = peer_scene(iris=iris, students=students, otto=otto, cleo=cleo)
    services.peer_round_open(
        assignment=scene.assignment,
        actor=iris,
        k=2,
        criteria=[services.PeerCriterionData("Fair", 2)],
        seed=9,
    )
    return scene


def test_the_round_pages_do_not_grow_with_the_class(iris: User, otto: User, cleo: User) -> None:
    small = opened(iris, 4, otto, cleo)
    iris_client = client_for(iris)
    teacher_small = count(iris_client, f"/assignments/{small.assignment.pk}/peer/")
    student_small = count(
        client_for(small.students[0]), f"/assignments/{small.assignment.pk}/peer/"
    )
    big = opened(iris, 12, otto, cleo)
    assert count(iris_client, f"/assignments/{big.assignment.pk}/peer/") == teacher_small
    assert count(client_for(big.students[0]), f"/assignments/{big.assignment.pk}/peer/") == (
        student_small
    )
    assert teacher_small <= 14


def test_a_review_page_does_not_grow_with_its_comments(iris: User, otto: User, cleo: User) -> None:
    scene = opened(iris, 4, otto, cleo)
    review = PeerReview.objects.select_related("reviewer", "submission__snapshot").first()
    assert review is not None
    nodes = list(Node.objects.filter(map=review.submission.snapshot))
    reviewer = client_for(review.reviewer)
    services.peer_comment_add(review=review, author=review.reviewer, body="One", node=nodes[0])
    services.peer_comment_add(review=review, author=review.reviewer, body="Two", node=nodes[1])
    few = count(reviewer, review.get_absolute_url())
    for i in range(18):
        services.peer_comment_add(
            review=review, author=review.reviewer, body=f"More {i}", node=nodes[i % len(nodes)]
        )
    assert count(reviewer, review.get_absolute_url()) == few
    assert count(client_for(iris), review.get_absolute_url()) <= few + 3
    assert few <= 25
    assert scene.assignment is not None
