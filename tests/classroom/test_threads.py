"""Comment threads on the submission page: the count stays live after a comment, and threads
carry over to the student's next submission, on the same statement, marked as from the
submission they were started on."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.classroom import services
from argmap.classroom.models import Submission
from argmap.maps import services as map_services
from argmap.maps.models import Link, Node
from tests.cast import Scene

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def resubmit(scene: Scene, ada: User) -> Submission:
    """Iris returns submission 1 for revision and Ada submits again, unchanged."""
    assert scene.submission and scene.assignment
    services.review_decide(
        submission=scene.submission, reviewer=scene.assignment.created_by, decision="return"
    )
    return services.submission_submit(assignment=scene.assignment, student=ada)


def same_in(submission: Submission, node: Node) -> Node:
    """The statement of `submission` that is `node` of an earlier one (the same origin)."""
    return Node.objects.get(map=submission.snapshot, origin=node.origin_id)


def test_the_comment_count_follows_a_new_comment(scene: Scene, iris_client: Client) -> None:
    assert scene.submission and scene.evidence
    page = iris_client.get(scene.submission.get_absolute_url()).text
    assert re.search(r'<a id="comments-count" href="#comments">Comments \(1\)</a>', page)
    url = f"/submissions/{scene.submission.pk}/nodes/{scene.evidence.pk}/"
    answer = iris_client.post(url, {"body": "And the date?"}, headers=HX).text
    assert re.search(
        r'<a id="comments-count" href="#comments" hx-swap-oob="true">Comments \(2\)</a>', answer
    )


def test_threads_carry_over_to_the_next_submission(
    scene: Scene, ada: User, iris_client: Client
) -> None:
    assert scene.submission and scene.evidence and scene.comment
    second = resubmit(scene, ada)
    here = same_in(second, scene.evidence)
    page = iris_client.get(second.get_absolute_url()).text
    assert "Comments (1)" in page and "Which page of the report?" in page
    assert "from submission 1" in page
    # Its summary opens the same statement's panel of this submission.
    assert f'hx-get="/submissions/{second.pk}/nodes/{here.pk}/"' in page
    panel = iris_client.get(f"/submissions/{second.pk}/nodes/{here.pk}/", headers=HX).text
    assert "Which page of the report?" in panel and "Page 3, I will add it." in panel
    assert "from submission 1" in panel
    # Replies stay with the thread's own submission, which the panel links to.
    assert f'href="/submissions/{scene.submission.pk}/nodes/{scene.evidence.pk}/"' in panel
    assert f"/comments/{scene.comment.pk}/reply/" not in panel
    # Iris may still start a thread of this submission's own on it.
    assert 'name="body"' in panel


def test_a_thread_on_a_link_carries_over_to_the_same_link(
    scene: Scene, ada: User, iris: User, iris_client: Client
) -> None:
    assert scene.submission and scene.link
    services.comment_add(submission=scene.submission, author=iris, body="Why?", link=scene.link)
    second = resubmit(scene, ada)
    same = Link.objects.get(
        map=second.snapshot,
        kind=scene.link.kind,
        source_node__origin=scene.link.source_node.origin_id,
        target_node__origin=scene.link.target_node.origin_id if scene.link.target_node else None,
    )
    panel = iris_client.get(f"/submissions/{second.pk}/links/{same.pk}/", headers=HX).text
    assert "Why?" in panel and "from submission 1" in panel


def test_a_thread_whose_statement_is_gone_points_to_its_submission(
    scene: Scene, ada: User, iris_client: Client
) -> None:
    assert scene.submission and scene.evidence and scene.work
    mine = Node.objects.get(map=scene.work.map, origin=scene.evidence.origin_id)
    map_services.node_delete(node=mine, actor=ada)
    second = resubmit(scene, ada)
    page = iris_client.get(second.get_absolute_url()).text
    assert "Which page of the report?" in page and "no longer in this submission" in page
    assert f'href="/submissions/{scene.submission.pk}/nodes/{scene.evidence.pk}/"' in page


def test_ada_sees_carried_threads_only_once_released(
    scene: Scene, ada: User, iris: User, ada_client: Client
) -> None:
    """Submission 1's review was released: its thread shows on submission 2 before Iris has
    reviewed it. A comment on submission 2, unreleased, does not show on submission 3."""
    assert scene.evidence
    second = resubmit(scene, ada)
    here = same_in(second, scene.evidence)
    page = ada_client.get(second.get_absolute_url()).text
    assert "Which page of the report?" in page and "from submission 1" in page
    services.comment_add(submission=second, author=iris, body="Not yet released", node=here)
    third = services.submission_submit(assignment=second.assignment, student=ada)
    page = ada_client.get(third.get_absolute_url()).text
    assert "Which page of the report?" in page and "Not yet released" not in page
    assert "Comments (1)" in page


def test_the_second_submission_page_pins_its_queries(
    scene: Scene, ada: User, iris_client: Client, django_assert_num_queries: Any
) -> None:
    """The carried threads cost one query on the page and one in a panel, whatever their
    number. (The first reading of a snapshot also stores its results in the cache: four of the
    page's queries. One more lists every thesis for the picture's menu, which draws the first
    25 of a long list, and one asks whether the snapshot's assignment keeps its owner anonymous,
    `argmap.maps.visibility.owner_name`.)"""
    assert scene.evidence
    second = resubmit(scene, ada)
    here = same_in(second, scene.evidence)
    with django_assert_num_queries(38):
        iris_client.get(second.get_absolute_url())
    with django_assert_num_queries(14):
        iris_client.get(f"/submissions/{second.pk}/nodes/{here.pk}/", headers=HX)
    assert scene.submission
    with django_assert_num_queries(13):
        iris_client.get(
            f"/submissions/{scene.submission.pk}/nodes/{scene.evidence.pk}/", headers=HX
        )
