"""Peer review over the API: the same rules and names as the pages. Iris opens a round of the
peer scene with k=2; each student writes their two reviews; Iris hides one, rates, releases;
Ada reads the unhidden reviews of her work by "Reviewer N" and replies. Outsiders get 404 (an
anonymous client 401 on writes) and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from argmap.classroom import services
from argmap.classroom.models import PeerComment, PeerReview, PeerRound
from argmap.maps.models import Node
from tests.cast import Scene, api_client_for

pytestmark = pytest.mark.django_db

Ids = dict[str, int]
PEER_ROUTES: list[tuple[str, str, Callable[[Ids], str], dict[str, Any]]] = [
    ("peer-round", "get", lambda i: f"/api/assignments/{i['assignment']}/peer-review/", {}),
    ("peer-round", "post", lambda i: f"/api/assignments/{i['assignment']}/peer-review/",
     {"k": 1, "criteria": [{"title": "Fair", "points": 2}]}),
    ("peer-round-release", "post",
     lambda i: f"/api/assignments/{i['assignment']}/peer-review/release/", {}),
    ("peer-review", "get", lambda i: f"/api/peer-reviews/{i['review']}/", {}),
    ("peer-review-comments", "post", lambda i: f"/api/peer-reviews/{i['review']}/comments/",
     {"body": "x", "node": 1}),
    ("peer-review-submit", "post", lambda i: f"/api/peer-reviews/{i['review']}/submit/",
     {"scores": {}, "feedback": ""}),
    ("peer-review-moderate", "post", lambda i: f"/api/peer-reviews/{i['review']}/moderate/",
     {"hidden": True, "hidden_reason": "x"}),
    ("peer-comment-reply", "post", lambda i: f"/api/peer-comments/{i['comment']}/reply/",
     {"body": "x"}),
]  # fmt: skip
NAMES = {name for name, *_ in PEER_ROUTES}


def opened(peer: Scene, iris: User) -> Ids:
    services.peer_round_open(
        assignment=peer.assignment,
        actor=iris,
        k=2,
        criteria=[services.PeerCriterionData("Fair", 2)],
        seed=4,
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
    return (
        PeerRound.objects.count(),
        PeerReview.objects.filter(submitted_at__isnull=False).count(),
        PeerReview.objects.filter(hidden=True).count(),
        PeerComment.objects.count(),
    )


@pytest.mark.parametrize(
    ("name", "method", "url", "body"), PEER_ROUTES, ids=[f"{m} {n}" for n, m, *_ in PEER_ROUTES]
)
def test_outsiders_learn_nothing_of_a_peer_review_and_change_nothing(
    name: str,
    method: str,
    url: Callable[[Ids], str],
    body: dict[str, Any],
    peer: Scene,
    iris: User,
    otto: User,
    cleo: User,
    anon_api: APIClient,
) -> None:
    ids = opened(peer, iris)
    before = footprint()
    for outsider in (otto, cleo):
        answer = getattr(api_client_for(outsider), method)(url(ids), body, format="json")
        assert answer.status_code == 404, (outsider.username, name)
    anonymous = getattr(anon_api, method)(url(ids), body, format="json")
    assert anonymous.status_code == (404 if method == "get" else 401)
    assert footprint() == before


def test_students_may_not_open_release_or_moderate(peer: Scene, iris: User) -> None:
    ids = opened(peer, iris)
    student = api_client_for(peer.students[0])
    for name, method, url, body in PEER_ROUTES:
        if name in ("peer-round-release", "peer-review-moderate") or (
            name == "peer-round" and method == "post"
        ):
            answer = getattr(student, method)(url(ids), body, format="json")
            assert answer.status_code in (403, 404), name


def test_a_round_walked_through_the_api(peer: Scene, iris: User, iris_api: APIClient) -> None:
    base = f"/api/assignments/{peer.assignment.pk}/peer-review/"
    assert iris_api.get(base).status_code == 404  # not open yet
    answer = iris_api.post(
        base, {"k": 2, "criteria": [{"title": "Fair", "points": 2}], "seed": 8}, format="json"
    )
    assert answer.status_code == 201, answer.content
    assert len(answer.json()["allocation"]) == 8
    refused = iris_api.post(
        base, {"k": 2, "criteria": [{"title": "F", "points": 2}]}, format="json"
    )
    assert refused.status_code == 422
    for student in peer.students:
        client = api_client_for(student)
        mine = client.get(base).json()
        assert mine["allocation"] is None and len(mine["to_write"]) == 2
        for item in mine["to_write"]:
            review = client.get(f"/api/peer-reviews/{item['id']}/").json()
            assert student.username not in str(review) or len(student.username) <= 3
            node, link = review["statements"][0]["id"], review["links"][0]["id"]
            for anchor in ({"node": node}, {"link": link}):
                answer = client.post(
                    f"/api/peer-reviews/{item['id']}/comments/",
                    {"body": "Why?", **anchor},
                    format="json",
                )
                assert answer.status_code == 201, answer.content
            scores = {str(s["criterion"]): 1 for s in review["scores"]}
            answer = client.post(
                f"/api/peer-reviews/{item['id']}/submit/", {"scores": scores}, format="json"
            )
            assert answer.status_code == 200 and answer.json()["submitted_at"]
    about_ada = list(PeerReview.objects.filter(submission=peer.submissions[0]).order_by("number"))
    hidden, shown = about_ada
    answer = iris_api.post(
        f"/api/peer-reviews/{hidden.pk}/moderate/",
        {"hidden": True, "hidden_reason": "Unkind", "rating": 1},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["hidden_reason"] == "Unkind"
    assert iris_api.post(f"{base}release/").status_code == 200
    ada = api_client_for(peer.students[0])
    received = ada.get(base).json()["received"]
    assert [r["name"] for r in received] == [f"Reviewer {shown.number}"]
    review = ada.get(f"/api/peer-reviews/{shown.pk}/").json()
    assert review["reviewer"] == f"Reviewer {shown.number}" and review["hidden_reason"] is None
    assert ada.get(f"/api/peer-reviews/{hidden.pk}/").status_code == 404
    thread = review["comments"][0]["id"]
    answer = ada.post(f"/api/peer-comments/{thread}/reply/", {"body": "Fixed."}, format="json")
    assert answer.status_code == 201 and answer.json()["author"] == "Author"


def test_the_schema_documents_peer_review(anon_api: APIClient) -> None:
    schema = anon_api.get("/api/schema/?format=json").json()
    for path in (
        "/api/assignments/{assignment_id}/peer-review/",
        "/api/peer-reviews/{review_id}/submit/",
        "/api/peer-comments/{comment_id}/reply/",
    ):
        assert path in schema["paths"]
