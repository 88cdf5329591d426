"""Setting assignments: prompt, due date, starter and reference maps, rubric, group work and
anonymity."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from argmap.classroom.models import Assignment, Course, Criterion, WorkingMap
from argmap.lib.permissions import require
from argmap.maps.models import Map, Visibility

MAX_PROMPT = 20000


@dataclass(frozen=True, slots=True)
class CriterionData:
    title: str
    points: int
    description: str = ""
    id: int | None = None  # an existing criterion of the assignment being edited


def _check_maps(
    actor: User, starter: Map | None, reference: Map | None, *, editing: Assignment | None = None
) -> None:
    errors: dict[str, str] = {}
    # Another assignment's maps: a reference handed out as a starter would give every student
    # a copy of a model answer, so a map is never both, in any pair of assignments.
    others = Assignment.objects.exclude(pk=editing.pk) if editing else Assignment.objects.all()
    if starter is not None:
        if not actor.has_perm("maps.view_map", starter):
            errors["starter_map"] = "You cannot read that map, so it cannot be the starter."
        elif not actor.has_perm("maps.hand_out_map", starter):
            # Reading a student's work (as their instructor) is not owning it: only one's own
            # maps and public ones may be copied to a class, never anybody's coursework.
            errors["starter_map"] = (
                "Choose one of your own maps or a public one as the starter: a student's "
                "working map or submission cannot be handed out."
            )
        elif others.filter(reference_map=starter).exists():
            errors["starter_map"] = (
                "That map is the hidden reference of another assignment: students would get a "
                "copy of it. Choose another map, or a copy made before the reference."
            )
    if reference is not None:
        if reference.owner_id != actor.pk or reference.is_snapshot:
            errors["reference_map"] = (
                "Choose one of your own maps as the reference (open the demo debate and choose "
                "“Make my own copy” to get one)."
            )
        elif reference.visibility == Visibility.PUBLIC:
            errors["reference_map"] = (
                "The reference map is public, so your students could read it. Make it private "
                "in its settings, or use a private copy."
            )
        elif starter is not None and reference.pk == starter.pk:
            errors["reference_map"] = (
                "The reference cannot also be the starter: every student would get a copy of it."
            )
        elif others.filter(starter_map=reference).exists():
            errors["reference_map"] = (
                "That map is the starter of another assignment: its students already have a "
                "copy of it. Use a private copy as the reference."
            )
    if errors:
        raise ValidationError(errors)


def _clean_criteria(criteria: Sequence[CriterionData]) -> list[Criterion]:
    """Unsaved Criterion rows, validated; every problem is named by its line of the rubric."""
    rows: list[Criterion] = []
    errors: list[str] = []
    for index, data in enumerate(criteria, start=1):
        row = Criterion(
            title=data.title.strip(),
            description=data.description.strip(),
            points=data.points,
            order=index,
        )
        row.pk = data.id
        try:
            row.full_clean(exclude=["assignment"], validate_unique=False)
        except ValidationError as exc:
            errors += [f"Rubric line {index}: {m}" for m in exc.messages]
        rows.append(row)
    if errors:
        raise ValidationError({"criteria": errors})
    return rows


def _fill(
    assignment: Assignment,
    *,
    title: str,
    prompt: str,
    due_at: datetime.datetime,
    starter_map: Map | None,
    reference_map: Map | None,
    allow_resubmission: bool,
    students_see_coverage: bool,
    work_in_groups: bool,
    students_anonymous: bool,
    anonymous_grading: bool,
) -> None:
    if len(prompt) > MAX_PROMPT:
        raise ValidationError({"prompt": f"The prompt has {MAX_PROMPT:,} characters at most."})
    assignment.title = title.strip()
    assignment.prompt = prompt
    assignment.due_at = due_at
    assignment.starter_map = starter_map
    assignment.reference_map = reference_map
    assignment.allow_resubmission = allow_resubmission
    assignment.students_see_coverage = students_see_coverage
    switching = assignment.pk is not None and work_in_groups != assignment.work_in_groups
    if switching and WorkingMap.objects.filter(assignment=assignment).exists():
        raise ValidationError(
            {
                "work_in_groups": "Students have started this assignment, so it cannot "
                "switch between individual and group work any more."
            }
        )
    assignment.work_in_groups = work_in_groups
    assignment.students_anonymous = students_anonymous
    assignment.anonymous_grading = anonymous_grading
    assignment.full_clean(exclude=["course", "created_by"])


@transaction.atomic
def assignment_create(
    *,
    course: Course,
    actor: User,
    title: str,
    due_at: datetime.datetime,
    prompt: str = "",
    starter_map: Map | None = None,
    reference_map: Map | None = None,
    allow_resubmission: bool = True,
    students_see_coverage: bool = False,
    work_in_groups: bool = False,
    students_anonymous: bool = False,
    anonymous_grading: bool = False,
    criteria: Sequence[CriterionData] = (),
) -> Assignment:
    """A new assignment of `course` with its rubric; all or nothing."""
    require(actor, "classroom.teach_course", course, "Only an instructor sets assignments.")
    _check_maps(actor, starter_map, reference_map)
    assignment = Assignment(course=course, created_by=actor)
    _fill(
        assignment,
        title=title,
        prompt=prompt,
        due_at=due_at,
        starter_map=starter_map,
        reference_map=reference_map,
        allow_resubmission=allow_resubmission,
        students_see_coverage=students_see_coverage,
        work_in_groups=work_in_groups,
        students_anonymous=students_anonymous,
        anonymous_grading=anonymous_grading,
    )
    rows = _clean_criteria([CriterionData(c.title, c.points, c.description) for c in criteria])
    assignment.save()
    for row in rows:
        row.assignment = assignment
    Criterion.objects.bulk_create(rows)
    return assignment


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    actor: User,
    title: str,
    due_at: datetime.datetime,
    prompt: str = "",
    starter_map: Map | None = None,
    reference_map: Map | None = None,
    allow_resubmission: bool = True,
    students_see_coverage: bool = False,
    work_in_groups: bool = False,
    students_anonymous: bool = False,
    anonymous_grading: bool = False,
    criteria: Sequence[CriterionData] = (),
) -> Assignment:
    """Change an assignment and its rubric: criteria with an `id` are updated, new ones added,
    missing ones removed, except that a criterion somebody was scored on is kept (its scores
    would be lost) and its points never go below a score given."""
    require(actor, "classroom.teach_assignment", assignment, "Only an instructor edits this.")
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    _check_maps(actor, starter_map, reference_map, editing=current)
    _fill(
        current,
        title=title,
        prompt=prompt,
        due_at=due_at,
        starter_map=starter_map,
        reference_map=reference_map,
        allow_resubmission=allow_resubmission,
        students_see_coverage=students_see_coverage,
        work_in_groups=work_in_groups,
        students_anonymous=students_anonymous,
        anonymous_grading=anonymous_grading,
    )
    rows = _clean_criteria(criteria)
    existing = {c.pk: c for c in current.criteria.all()}
    highest: dict[int, int] = {}
    for criterion_id, points in current.criteria.filter(scores__isnull=False).values_list(
        "pk", "scores__points"
    ):
        highest[criterion_id] = max(points, highest.get(criterion_id, 0))
    errors = []
    for row in rows:
        if row.pk is not None and row.pk not in existing:
            errors.append(f"“{row.title}” is not a criterion of this assignment.")
        elif row.pk in highest and row.points < highest[row.pk]:
            errors.append(f"“{row.title}”: a student already has {highest[row.pk]} points on it.")
    kept = {row.pk for row in rows}
    for criterion_id in highest.keys() - kept:
        errors.append(
            f"“{existing[criterion_id].title}” has scores already, so it cannot be removed."
        )
    if errors:
        raise ValidationError({"criteria": errors})
    current.save()
    Criterion.objects.filter(assignment=current).exclude(pk__in=kept - {None}).delete()
    for row in rows:
        row.assignment = current
        if row.pk is None:
            row.save()
        else:
            row.save(update_fields=["title", "description", "points", "order"])
    return current
