"""A peer-review round of four students with k=2, walked end to end through the pages: Iris
opens it; Ada, Ben, Dee and Eve each review two classmates (a comment on a statement and one on
a link, the rubric, submit); Iris hides one review and rates the others, and releases; each
author reads only the unhidden reviews of their work, by "Reviewer N", and replies."""

from __future__ import annotations

import csv
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.classroom.models import PeerComment, PeerReview
from argmap.maps.models import Link, Node
from tests.cast import Scene, client_for

pytestmark = pytest.mark.django_db


def peer_url(peer: Scene, what: str = "") -> str:
    return f"/assignments/{peer.assignment.pk}/peer/{what}"


def review_links(page: str) -> list[str]:
    return re.findall(r'href="(/peer-reviews/\d+/)"', page)


def write_review(client: Client, url: str) -> None:
    """Comment on a statement and on a link of the snapshot, score the rubric, submit."""
    page = client.get(url).content.decode()
    node = re.search(r'value="(node-\d+)"', page)
    link = re.search(r'value="(link-\d+)"', page)
    assert node and link, "the outline offers statements and links to comment on"
    for anchor, body in ((node[1], "Which page is this from?"), (link[1], "Does it support?")):
        answer = client.post(f"{url}comment/", {"anchor": anchor, "body": body})
        assert answer.status_code == 302 and "#c-" in answer["Location"]
    ids = re.findall(r'name="(score_\d+)"', page)
    answer = client.post(f"{url}submit/", {**dict.fromkeys(ids, "2"), "feedback": "Clear."})
    assert answer.status_code == 302, answer.content.decode()[:2000]


def test_a_round_of_four_with_two_reviewers_walked_end_to_end(
    peer: Scene, iris: User, iris_client: Client
) -> None:
    answer = iris_client.post(
        peer_url(peer, "open/"), {"k": "2", "rubric": "Evidence is cited | 3\nFair | 2"}
    )
    assert answer.status_code == 302
    students = {s.username: client_for(s) for s in peer.students}
    for name, client in students.items():
        page = client.get(peer_url(peer)).content.decode()
        todo = review_links(page)
        assert len(todo) == 2, name
        for url in todo:
            write_review(client, url)
        # Submitted: the review is read-only to its reviewer.
        again = client.get(todo[0]).content.decode()
        assert "Add comment" not in again and "Submit the review" not in again
        assert client.post(f"{todo[0]}submit/", {"feedback": "x"}).status_code == 403
    assert PeerReview.objects.filter(submitted_at__isnull=False).count() == 8
    assert PeerComment.objects.filter(node__isnull=False).count() == 8
    assert PeerComment.objects.filter(link__isnull=False).count() == 8

    # Before release, Ada reads none of the reviews of her work.
    ada_client = students["ada"]
    assert "not released the reviews yet" in ada_client.get(peer_url(peer)).content.decode()
    about_ada = list(PeerReview.objects.filter(submission=peer.submissions[0]).order_by("number"))
    assert ada_client.get(about_ada[0].get_absolute_url()).status_code == 404

    hidden, shown = about_ada
    answer = iris_client.post(
        f"{hidden.get_absolute_url()}moderate/",
        {"hidden": "on", "hidden_reason": "Dismissive", "rating": "1"},
    )
    assert answer.status_code == 302
    for review in PeerReview.objects.exclude(pk=hidden.pk):
        iris_client.post(f"{review.get_absolute_url()}moderate/", {"rating": "4"})
    overview = iris_client.get(peer_url(peer)).content.decode()
    # Grading is blind: pseudonyms, not names.
    assert "hidden" in overview and "Student " in overview
    assert not any(s.username in overview for s in peer.students if len(s.username) > 3)
    assert iris_client.post(peer_url(peer, "release/")).status_code == 302

    page = ada_client.get(peer_url(peer)).content.decode()
    own = {r.get_absolute_url() for r in PeerReview.objects.filter(reviewer=peer.students[0])}
    assert set(review_links(page)) - own == {shown.get_absolute_url()}
    assert ada_client.get(hidden.get_absolute_url()).status_code == 404
    received = ada_client.get(shown.get_absolute_url()).content.decode()
    assert f"Reviewer {shown.number}" in received
    assert shown.reviewer.username not in received
    assert "Which page is this from?" in received and "Dismissive" not in received
    thread = PeerComment.objects.filter(review=shown, parent=None).first()
    assert thread is not None
    answer = ada_client.post(f"/peer-comments/{thread.pk}/reply/", {"body": "Page 3."})
    assert answer.status_code == 302
    reply = PeerComment.objects.get(parent=thread)
    assert reply.author == peer.students[0]
    # The reviewer sees the reply, from "Author".
    reviewer_view = client_for(shown.reviewer).get(shown.get_absolute_url()).content.decode()
    assert "Page 3." in reviewer_view and "<strong>Author</strong>" in reviewer_view


def test_strangers_get_404_and_students_cannot_moderate_or_open(
    peer: Scene, iris: User, otto_client: Client, cleo_client: Client
) -> None:
    from argmap.classroom import services

    services.peer_round_open(
        assignment=peer.assignment,
        actor=iris,
        k=2,
        criteria=[services.PeerCriterionData("Fair", 2)],
        seed=1,
    )
    review = PeerReview.objects.first()
    assert review is not None
    for client in (otto_client, cleo_client, Client()):
        assert client.get(peer_url(peer)).status_code in (404, 302)
        assert client.get(review.get_absolute_url()).status_code in (404, 302)
    reviewer = client_for(review.reviewer)
    assert reviewer.post(f"{review.get_absolute_url()}moderate/", {}).status_code == 403
    assert reviewer.post(peer_url(peer, "release/")).status_code == 403
    assert reviewer.post(peer_url(peer, "open/"), {"k": "1", "rubric": "A | 1"}).status_code == 403
    # A classmate who is not its reviewer does not learn that the review exists.
    other = next(
        s for s in peer.students if s.pk not in (review.reviewer_id, review.submission.student_id)
    )
    assert client_for(other).get(review.get_absolute_url()).status_code == 404
    # A statement of another map is not an anchor of this review.
    stray = Node.objects.exclude(map=review.submission.snapshot).first()
    assert stray is not None
    answer = reviewer.post(
        f"{review.get_absolute_url()}comment/", {"anchor": f"node-{stray.pk}", "body": "x"}
    )
    assert answer.status_code == 404
    assert Link.objects.exists()


def test_opening_an_impossible_round_says_why_on_the_page(peer: Scene, iris_client: Client) -> None:
    answer = iris_client.post(peer_url(peer, "open/"), {"k": "4", "rubric": "Fair | 2"})
    assert answer.status_code == 422
    assert "choose a smaller k" in answer.content.decode()
    answer = iris_client.post(peer_url(peer, "open/"), {"k": "2", "rubric": "no points"})
    assert answer.status_code == 422 and "title | points" in answer.content.decode()


def test_the_gradebook_counts_each_reviewers_rated_reviews(
    peer: Scene, iris: User, iris_client: Client
) -> None:
    """Peer review score: the sum of Iris's ratings of a student's reviews, out of 5 for each
    review they were given (an unsubmitted one counts 0)."""
    from argmap.classroom import services

    services.peer_round_open(
        assignment=peer.assignment,
        actor=iris,
        k=2,
        criteria=[services.PeerCriterionData("Fair", 2)],
        seed=2,
    )
    ada = peer.students[0]
    first, _second = PeerReview.objects.filter(reviewer=ada).order_by("pk")
    criteria = {c.pk: 1 for c in peer.assignment.peer_criteria.all()}
    services.peer_review_submit(review=first, reviewer=ada, scores=criteria, feedback="")
    services.peer_review_moderate(review=first, actor=iris, hidden=False, rating=4)
    rows = list(
        csv.reader(
            iris_client.get(f"/assignments/{peer.assignment.pk}/gradebook.csv").text.splitlines()
        )
    )
    header = rows[0]
    assert header[-2:] == ["peer review", "peer review out of"]
    scores = sorted(tuple(r[-2:]) for r in rows[1:])
    assert scores == [("0", "10"), ("0", "10"), ("0", "10"), ("4", "10")]
    # Grading is blind: no username, name or email in the file.
    text = "\n".join(",".join(r) for r in rows)
    assert not any(s.email in text for s in peer.students)
