"""Who may do what in the classroom: the one place that decides (django-rules predicates).

Everything follows from a person's role in a course (`Enrolment.role`):

- an **instructor** of a course sees and manages its roster, assignments, every student's work
  and submissions, reviews and comments;
- a **student** of a course sees its assignments, works on them and submits (for group work,
  with the group they are in now, on the group's map); sees their own or their group's
  submissions only, and of a review nothing until it is released (then they may reply to
  comments and resolve them);
- in a **peer-review round**, a student reads and writes the reviews given to them (until they
  submit one; read-only after), and reads the submitted reviews of their own work that the
  instructor did not hide, once the round is released; the instructor reads, hides and rates
  every review;
- anyone else sees nothing of the course (the views answer 404).

Each `view_*` rule has a queryset twin (`Course.objects.for_user()` …); tests keep them in
agreement. Maps follow the same roles in `argmap.maps.rules` (an instructor reads the working
maps and snapshots of their courses; a student never reads a reference map).
"""

from __future__ import annotations

from typing import Any

import rules

from argmap.classroom.models import (
    Assignment,
    Comment,
    Course,
    Enrolment,
    Group,
    PeerComment,
    PeerReview,
    Review,
    Role,
    Submission,
    groups_of,
)


def role_in(user: Any, course_id: int | None) -> str | None:
    """The user's role in the course, or None (one query; none for an anonymous visitor)."""
    if course_id is None or not getattr(user, "is_authenticated", False):
        return None
    role: str | None = (
        Enrolment.objects.filter(user_id=user.pk, course_id=course_id)
        .values_list("role", flat=True)
        .first()
    )
    return role


@rules.predicate
def is_enrolled(user: Any, course: Course | None) -> bool:
    return course is not None and role_in(user, course.pk) is not None


@rules.predicate
def teaches_course(user: Any, course: Course | None) -> bool:
    return course is not None and role_in(user, course.pk) == Role.INSTRUCTOR


@rules.predicate
def is_enrolled_for(user: Any, assignment: Assignment | None) -> bool:
    return assignment is not None and role_in(user, assignment.course_id) is not None


@rules.predicate
def teaches_assignment(user: Any, assignment: Assignment | None) -> bool:
    return assignment is not None and role_in(user, assignment.course_id) == Role.INSTRUCTOR


@rules.predicate
def studies_assignment(user: Any, assignment: Assignment | None) -> bool:
    return assignment is not None and role_in(user, assignment.course_id) == Role.STUDENT


@rules.predicate
def wrote_submission(user: Any, submission: Submission | None) -> bool:
    """The student's own submission, or their group's (while they are still in the group)."""
    if submission is None or user.pk is None:
        return False
    if submission.group_id is None:
        return bool(submission.student_id == user.pk)
    return groups_of(user).filter(group_id=submission.group_id).exists()


@rules.predicate
def in_group(user: Any, group: Group | None) -> bool:
    return (
        group is not None
        and user.pk is not None
        and groups_of(user).filter(group_id=group.pk).exists()
    )


@rules.predicate
def teaches_group(user: Any, group: Group | None) -> bool:
    return group is not None and teaches_assignment(user, group.assignment)


@rules.predicate
def teaches_submission(user: Any, submission: Submission | None) -> bool:
    return submission is not None and teaches_assignment(user, submission.assignment)


@rules.predicate
def review_is_released(user: Any, submission: Submission | None) -> bool:
    if submission is None:
        return False
    review: Review | None = getattr(submission, "review", None)
    return review is not None and review.released


@rules.predicate
def teaches_comment(user: Any, comment: Comment | None) -> bool:
    return comment is not None and teaches_submission(user, comment.submission)


@rules.predicate
def is_released_to_its_student(user: Any, comment: Comment | None) -> bool:
    return (
        comment is not None
        and wrote_submission(user, comment.submission)
        and (review_is_released(user, comment.submission) or comment.author_id == user.pk)
    )


# --- peer review ---------------------------------------------------------------------------------


@rules.predicate
def teaches_peer_review(user: Any, review: PeerReview | None) -> bool:
    return review is not None and teaches_assignment(user, review.round.assignment)


@rules.predicate
def writes_peer_review(user: Any, review: PeerReview | None) -> bool:
    """The review's reviewer, while still a student of the course."""
    return (
        review is not None
        and user.pk is not None
        and review.reviewer_id == user.pk
        and studies_assignment(user, review.round.assignment)
    )


@rules.predicate
def receives_peer_review(user: Any, review: PeerReview | None) -> bool:
    """The author (or their group) of the reviewed submission, once the round is released and
    only for a submitted review the instructor has not hidden."""
    return (
        review is not None
        and review.round.released
        and review.submitted_at is not None
        and not review.hidden
        and wrote_submission(user, review.submission)
    )


@rules.predicate
def is_unsubmitted(user: Any, review: PeerReview | None) -> bool:
    return review is not None and review.submitted_at is None


@rules.predicate
def may_read_peer_comment(user: Any, comment: PeerComment | None) -> bool:
    return comment is not None and user.has_perm("classroom.view_peer_review", comment.review)


rules.add_perm("classroom.view_course", is_enrolled)
rules.add_perm("classroom.teach_course", teaches_course)
rules.add_perm("classroom.view_assignment", is_enrolled_for)
rules.add_perm("classroom.teach_assignment", teaches_assignment)
rules.add_perm("classroom.work_on_assignment", studies_assignment)
rules.add_perm("classroom.view_submission", wrote_submission | teaches_submission)
rules.add_perm("classroom.view_group", teaches_group | in_group)
rules.add_perm("classroom.manage_group", teaches_group)
rules.add_perm("classroom.review_submission", teaches_submission)
# Scores, overall feedback and comments: the student sees them once the review is released.
rules.add_perm(
    "classroom.view_feedback", teaches_submission | (wrote_submission & review_is_released)
)
rules.add_perm("classroom.start_thread", teaches_submission)
rules.add_perm("classroom.view_comment", teaches_comment | is_released_to_its_student)
# Replying to a thread and marking it resolved: whoever may read it.
rules.add_perm("classroom.reply_to_comment", teaches_comment | is_released_to_its_student)
rules.add_perm("classroom.resolve_comment", teaches_comment | is_released_to_its_student)
rules.add_perm(
    "classroom.view_peer_review", teaches_peer_review | writes_peer_review | receives_peer_review
)
rules.add_perm("classroom.write_peer_review", writes_peer_review & is_unsubmitted)
rules.add_perm("classroom.moderate_peer_review", teaches_peer_review)
rules.add_perm("classroom.view_peer_comment", may_read_peer_comment)
# Replies: the author once the review reaches them, the reviewer, and the instructor.
rules.add_perm("classroom.reply_to_peer_comment", may_read_peer_comment)
