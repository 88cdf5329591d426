"""Classroom writes: keyword-only, typed, one transaction each, validated before writing.

Like the map services, each asks the rules of `argmap.classroom.rules` before it writes (raising
PermissionDenied) and raises ValidationError with a message a person can read; nothing it began
to write survives an error.
"""

from argmap.classroom.services.assignments import (
    CriterionData,
    assignment_create,
    assignment_update,
)
from argmap.classroom.services.courses import (
    course_create,
    course_join,
    course_regenerate_code,
    enrolment_remove,
    removal_undo,
)
from argmap.classroom.services.groups import (
    group_create,
    group_delete,
    groups_make_random,
    membership_set,
    students_without_group,
)
from argmap.classroom.services.peer import (
    PeerCriterionData,
    latest_submissions,
    peer_comment_add,
    peer_review_moderate,
    peer_review_submit,
    peer_round_open,
    peer_round_release,
)
from argmap.classroom.services.peer_schedule import (
    peer_round_open_if_due,
    peer_round_schedule,
    peer_rounds_open_due,
    peer_schedule_cancel,
)
from argmap.classroom.services.reviews import (
    Decision,
    comment_add,
    comment_resolve,
    review_decide,
    review_save,
)
from argmap.classroom.services.work import (
    group_of,
    latest_submission,
    submission_submit,
    submit_refusal,
    work_start,
    working_map_of,
)

__all__ = [
    "CriterionData",
    "Decision",
    "PeerCriterionData",
    "assignment_create",
    "assignment_update",
    "comment_add",
    "comment_resolve",
    "course_create",
    "course_join",
    "course_regenerate_code",
    "enrolment_remove",
    "group_create",
    "group_delete",
    "group_of",
    "groups_make_random",
    "latest_submission",
    "latest_submissions",
    "membership_set",
    "peer_comment_add",
    "peer_review_moderate",
    "peer_review_submit",
    "peer_round_open",
    "peer_round_open_if_due",
    "peer_round_schedule",
    "peer_rounds_open_due",
    "peer_schedule_cancel",
    "peer_round_release",
    "removal_undo",
    "review_decide",
    "review_save",
    "students_without_group",
    "submission_submit",
    "submit_refusal",
    "work_start",
    "working_map_of",
]
