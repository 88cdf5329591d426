"""The classroom: courses, who is in them, assignments, students' work, submissions and reviews.

Access is decided by the predicates in `argmap.classroom.rules`; the `for_user()` queryset methods
here are their queryset twins (a test keeps each pair in agreement), so that a page fetches only
what its reader may see and answers 404 for anything else. Writes go through
`argmap.classroom.services`.

A submission's map is a *snapshot*: a copy of the student's working map made at submit time and
flagged `Map.is_snapshot`, which every editing path refuses to change. Comments anchor on the
snapshot's own Node and Link rows.
"""

from argmap.classroom.models.assignments import (
    Assignment,
    AssignmentQuerySet,
    Criterion,
    Group,
    GroupQuerySet,
    Membership,
    WorkingMap,
    groups_of,
)
from argmap.classroom.models.courses import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Course,
    CourseQuerySet,
    Enrolment,
    Removal,
    Role,
    courses_of,
    new_join_code,
    normalise_join_code,
)
from argmap.classroom.models.peer import (
    MAX_RATING,
    PeerComment,
    PeerCommentQuerySet,
    PeerCriterion,
    PeerReview,
    PeerReviewQuerySet,
    PeerRound,
    PeerSchedule,
    PeerScore,
)
from argmap.classroom.models.submissions import (
    Comment,
    CommentQuerySet,
    Review,
    Score,
    Submission,
    SubmissionQuerySet,
    SubmissionStatus,
)

__all__ = [
    "JOIN_CODE_ALPHABET",
    "JOIN_CODE_LENGTH",
    "MAX_RATING",
    "Assignment",
    "AssignmentQuerySet",
    "Comment",
    "CommentQuerySet",
    "Course",
    "CourseQuerySet",
    "Criterion",
    "Enrolment",
    "Group",
    "GroupQuerySet",
    "Membership",
    "PeerComment",
    "PeerCommentQuerySet",
    "PeerCriterion",
    "PeerReview",
    "PeerReviewQuerySet",
    "PeerRound",
    "PeerSchedule",
    "PeerScore",
    "Removal",
    "Review",
    "Role",
    "Score",
    "Submission",
    "SubmissionQuerySet",
    "SubmissionStatus",
    "WorkingMap",
    "courses_of",
    "groups_of",
    "new_join_code",
    "normalise_join_code",
]
