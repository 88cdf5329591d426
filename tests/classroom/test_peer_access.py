"""Nobody outside the course learns anything of its peer review: Otto, Cleo and an anonymous
visitor get 404 on every peer-review URL (pages and posts, htmx or not) and nothing is written.
`tests/classroom/test_access.py` counts these rows as the peer-review URLs' denied tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from argmap.classroom import services
from argmap.classroom.models import PeerComment, PeerCriterion, PeerReview, PeerRound, PeerScore
from argmap.maps.models import Node
from tests.cast import Scene, client_for

pytestmark = pytest.mark.django_db

Ids = dict[str, int]
Url = Callable[[Ids], str]


def url(name: str, **ids: str) -> Url:
    return lambda found: reverse(f"classroom:{name}", kwargs={k: found[v] for k, v in ids.items()})


PEER_URLS: list[tuple[str, str, Url]] = [
    ("peer-round", "get", url("peer-round", assignment_id="assignment")),
    ("peer-round-open", "post", url("peer-round-open", assignment_id="assignment")),
    ("peer-round-release", "post", url("peer-round-release", assignment_id="assignment")),
    ("peer-schedule-cancel", "post", url("peer-schedule-cancel", assignment_id="assignment")),
    ("peer-review-detail", "get", url("peer-review-detail", review_id="review")),
    ("peer-review-comment", "post", url("peer-review-comment", review_id="review")),
    ("peer-review-submit", "post", url("peer-review-submit", review_id="review")),
    ("peer-review-moderate", "post", url("peer-review-moderate", review_id="review")),
    ("peer-comment-reply", "post", url("peer-comment-reply", comment_id="comment")),
]


def opened(peer: Scene, iris: User) -> Ids:
    services.peer_round_open(
        assignment=peer.assignment,
        actor=iris,
        k=2,
        criteria=[services.PeerCriterionData("Fair", 2)],
        seed=3,
    )
    review = PeerReview.objects.select_related("submission").first()
    assert review is not None
    comment = services.peer_comment_add(
        review=review,
        author=review.reviewer,
        body="A point",
        node=Node.objects.filter(map=review.submission.snapshot).first(),
    )
    return {"assignment": peer.assignment.pk, "review": review.pk, "comment": comment.pk}


def footprint() -> tuple[int, ...]:
    models = (PeerRound, PeerCriterion, PeerReview, PeerScore, PeerComment)
    hidden = PeerReview.objects.filter(hidden=True).count()
    return (*(m.objects.count() for m in models), hidden)  # type: ignore[attr-defined]  # each model's manager


@pytest.mark.parametrize(("name", "method", "path"), PEER_URLS, ids=[n for n, _, _ in PEER_URLS])
def test_outsiders_get_404_on_peer_review_and_change_nothing(
    name: str, method: str, path: Url, peer: Scene, iris: User, otto: User, cleo: User
) -> None:
    ids = opened(peer, iris)
    before = footprint()
    data = {"k": "1", "rubric": "A | 1", "body": "x", "anchor": "", "hidden": "on"}
    for outsider in (client_for(otto), client_for(cleo), Client()):
        for headers in ({}, {"HX-Request": "true"}):
            send = outsider.get if method == "get" else outsider.post
            assert send(path(ids), data, headers=headers).status_code == 404, name
    assert footprint() == before
