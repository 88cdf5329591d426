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
from argmap.classroom.services.reviews import (
    Decision,
    comment_add,
    comment_resolve,
    review_decide,
    review_save,
)
from argmap.classroom.services.work import (
    latest_submission,
    submission_submit,
    submit_refusal,
    work_start,
)

__all__ = [
    "CriterionData",
    "Decision",
    "assignment_create",
    "assignment_update",
    "comment_add",
    "comment_resolve",
    "course_create",
    "course_join",
    "course_regenerate_code",
    "enrolment_remove",
    "latest_submission",
    "removal_undo",
    "review_decide",
    "review_save",
    "submission_submit",
    "submit_refusal",
    "work_start",
]
