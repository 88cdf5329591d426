"""Peer review rounds, as services and rules: Iris opens a round over the four submissions of
the peer scene with k=2; each reviewer sees their own reviews, the authors nothing until the
round is released, and then only the submitted reviews Iris did not hide."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError

from argmap.classroom import services
from argmap.classroom.models import PeerComment, PeerReview, PeerRound
from argmap.maps.models import Link, Node
from tests.cast import Scene, make_user

pytestmark = pytest.mark.django_db

RUBRIC = [services.PeerCriterionData("Evidence is cited", 3), services.PeerCriterionData("Fair", 2)]


def open_round(peer: Scene, iris: User, k: int = 2) -> PeerRound:
    return services.peer_round_open(
        assignment=peer.assignment, actor=iris, k=k, criteria=RUBRIC, seed=45
    )


def full_marks(review: PeerReview) -> dict[int, int]:
    return {c.pk: c.points for c in review.round.assignment.peer_criteria.all()}


def test_opening_gives_each_submission_two_other_students_and_each_student_two_reviews(
    peer: Scene, iris: User
) -> None:
    round_ = open_round(peer, iris)
    reviews = list(round_.reviews.select_related("submission"))
    assert len(reviews) == 8
    for submission in peer.submissions:
        mine = [r for r in reviews if r.submission_id == submission.pk]
        assert sorted(r.number for r in mine) == [1, 2]
        assert submission.student_id not in {r.reviewer_id for r in mine}
        assert len({r.letter for r in mine}) == 1
    for student in peer.students:
        assert sum(r.reviewer_id == student.pk for r in reviews) == 2
    assert len({r.letter for r in reviews}) == 4


def test_only_an_instructor_of_the_course_opens_a_round_and_only_once(
    peer: Scene, iris: User, ada: User, otto: User
) -> None:
    for stranger in (ada, otto):
        with pytest.raises(PermissionDenied):
            open_round(peer, stranger)
    open_round(peer, iris)
    with pytest.raises(ValidationError, match="open already"):
        open_round(peer, iris)


def test_a_round_that_cannot_be_allocated_is_refused_and_nothing_is_written(
    peer: Scene, iris: User
) -> None:
    with pytest.raises(ValidationError, match="choose a smaller k"):
        open_round(peer, iris, k=4)
    assert not PeerRound.objects.exists()
    assert not peer.assignment.peer_criteria.exists()
    with pytest.raises(ValidationError, match="at least one criterion"):
        services.peer_round_open(assignment=peer.assignment, actor=iris, k=2, criteria=[])


def test_a_reviewer_comments_scores_and_submits_and_then_cannot_change_it(
    peer: Scene, iris: User, ada: User
) -> None:
    open_round(peer, iris)
    review = PeerReview.objects.filter(reviewer=ada).first()
    assert review is not None
    snapshot = review.submission.snapshot
    node = Node.objects.filter(map=snapshot).first()
    link = Link.objects.filter(map=snapshot).first()
    services.peer_comment_add(review=review, author=ada, body="Which source?", node=node)
    services.peer_comment_add(review=review, author=ada, body="Does it support it?", link=link)
    elsewhere = Node.objects.exclude(map=snapshot).first()
    with pytest.raises(ValidationError, match="not part of the submission"):
        services.peer_comment_add(review=review, author=ada, body="Stray", node=elsewhere)
    with pytest.raises(ValidationError, match="Score"):
        services.peer_review_submit(review=review, reviewer=ada, scores={}, feedback="")
    services.peer_review_submit(
        review=review, reviewer=ada, scores=full_marks(review), feedback="Clear map."
    )
    assert review.submitted_at is not None and review.scores.count() == 2
    with pytest.raises(PermissionDenied):
        services.peer_comment_add(review=review, author=ada, body="Later", node=node)
    with pytest.raises(PermissionDenied):
        services.peer_review_submit(
            review=review, reviewer=ada, scores=full_marks(review), feedback="Again"
        )


def test_nobody_else_writes_a_reviewers_review(
    peer: Scene, iris: User, ada: User, ben: User, otto: User
) -> None:
    open_round(peer, iris)
    review = PeerReview.objects.filter(reviewer=ada).first()
    assert review is not None
    node = Node.objects.filter(map=review.submission.snapshot).first()
    for other in (ben, iris, otto):
        with pytest.raises(PermissionDenied):
            services.peer_comment_add(review=review, author=other, body="Mine", node=node)
        with pytest.raises(PermissionDenied):
            services.peer_review_submit(
                review=review, reviewer=other, scores=full_marks(review), feedback=""
            )


def test_hiding_needs_a_reason_rating_needs_a_submitted_review(
    peer: Scene, iris: User, ada: User
) -> None:
    open_round(peer, iris)
    review = PeerReview.objects.filter(reviewer=ada).first()
    assert review is not None
    with pytest.raises(ValidationError, match="Say why"):
        services.peer_review_moderate(review=review, actor=iris, hidden=True, rating=None)
    with pytest.raises(ValidationError, match="Only a submitted review"):
        services.peer_review_moderate(review=review, actor=iris, hidden=False, rating=3)
    with pytest.raises(PermissionDenied):
        services.peer_review_moderate(review=review, actor=ada, hidden=False, rating=None)
    services.peer_review_moderate(
        review=review, actor=iris, hidden=True, reason="Rude", rating=None
    )
    review.refresh_from_db()
    assert review.hidden and review.hidden_reason == "Rude"


def test_who_sees_which_review_before_and_after_release(
    peer: Scene, iris: User, ada: User, ben: User, otto: User, cleo: User
) -> None:
    round_ = open_round(peer, iris)
    for review in PeerReview.objects.all():
        services.peer_comment_add(
            review=review,
            author=review.reviewer,
            body="A point",
            node=Node.objects.filter(map=review.submission.snapshot).first(),
        )
        services.peer_review_submit(
            review=review, reviewer=review.reviewer, scores=full_marks(review), feedback="Ok"
        )
    about_ada = list(PeerReview.objects.filter(submission=peer.submissions[0]))
    services.peer_review_moderate(
        review=about_ada[0], actor=iris, hidden=True, reason="Unkind", rating=0
    )
    people: list[User | AnonymousUser] = [iris, *peer.students, otto, cleo, AnonymousUser()]
    agree(people)
    assert PeerReview.objects.for_user(iris).count() == 8
    assert set(PeerReview.objects.for_user(ada)) == set(PeerReview.objects.filter(reviewer=ada))
    assert not PeerReview.objects.for_user(otto).exists()
    services.peer_round_release(round=round_, actor=iris)
    agree(people)
    # Ada now also reads the one unhidden review of her work, and its comments.
    received = set(PeerReview.objects.for_user(ada)) - set(PeerReview.objects.filter(reviewer=ada))
    assert received == {about_ada[1]}
    # A student who leaves the course loses the reviews they were writing.
    left = peer.students[3]
    peer.course.enrolments.filter(user=left).delete()
    agree(people)


def agree(people: list[User | AnonymousUser]) -> None:
    reviews, comments = list(PeerReview.objects.all()), list(PeerComment.objects.all())
    for user in people:
        assert set(PeerReview.objects.for_user(user)) == {
            r for r in reviews if user.has_perm("classroom.view_peer_review", r)
        }, user
        assert set(PeerComment.objects.for_user(user)) == {
            c for c in comments if user.has_perm("classroom.view_peer_comment", c)
        }, user


def test_the_author_replies_once_released_and_not_before(
    peer: Scene, iris: User, ada: User
) -> None:
    round_ = open_round(peer, iris)
    review = PeerReview.objects.filter(submission=peer.submissions[0]).first()
    assert review is not None
    node = Node.objects.filter(map=review.submission.snapshot).first()
    thread = services.peer_comment_add(
        review=review, author=review.reviewer, body="Cite it", node=node
    )
    services.peer_review_submit(
        review=review, reviewer=review.reviewer, scores=full_marks(review), feedback=""
    )
    with pytest.raises(PermissionDenied):
        services.peer_comment_add(review=review, author=ada, body="Done", parent=thread)
    services.peer_round_release(round=round_, actor=iris)
    reply = services.peer_comment_add(review=review, author=ada, body="Done", parent=thread)
    assert reply.parent == thread and reply.node == node


def test_group_work_is_reviewed_by_outsiders_only(groups: Scene, iris: User, ada: User) -> None:
    dee = User.objects.get(username="dee")
    fay = make_user("fay")
    services.course_join(user=fay, code=groups.course.join_code)
    services.submission_submit(assignment=groups.assignment, student=ada)
    services.work_start(assignment=groups.assignment, student=dee)
    services.submission_submit(assignment=groups.assignment, student=dee)
    services.peer_round_open(assignment=groups.assignment, actor=iris, k=1, criteria=RUBRIC)
    for review in PeerReview.objects.select_related("submission"):
        members = set(review.submission.group.memberships.values_list("student_id", flat=True))
        assert review.reviewer_id not in members
