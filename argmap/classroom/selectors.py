"""Classroom reads: where each student stands, the instructor's overview of an assignment, the
home page's agenda. Each makes a constant number of queries, however many students there are
(the overview's count is pinned by a test for 3 and 30 students)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Exists, OuterRef, Q

from argmap.classroom.compare import Coverage, Reference, Side, coverage
from argmap.classroom.models import (
    Assignment,
    Course,
    Criterion,
    Enrolment,
    Group,
    Membership,
    Removal,
    Role,
    Score,
    Submission,
    SubmissionStatus,
    WorkingMap,
    groups_of,
)
from argmap.classroom.naming import grading_is_blind, pseudonym
from argmap.evaluation import check_map, inherited
from argmap.maps.graphs import LightMap, light_graphs

NOT_STARTED, DRAFT = "not-started", "draft"
STATUS_LABELS = {
    NOT_STARTED: "Not started",
    DRAFT: "Draft (not submitted)",
    SubmissionStatus.SUBMITTED: "Submitted",
    SubmissionStatus.RETURNED: "Returned for revision",
    SubmissionStatus.ACCEPTED: "Accepted",
}


def work_status(started: bool, latest: Submission | None) -> str:
    """Where a student stands on an assignment: not started, draft, or their latest
    submission's status."""
    if latest is not None:
        return str(latest.status)
    return DRAFT if started else NOT_STARTED


def side_of(light: LightMap) -> Side:
    return Side.of(light.graph, light.origins)


def reference_of(assignment: Assignment, lights: dict[int, LightMap]) -> Reference | None:
    if assignment.reference_map_id is None or assignment.reference_map_id not in lights:
        return None
    return Reference.of(side_of(lights[assignment.reference_map_id]))


# --- the instructor's overview -------------------------------------------------------------------


@dataclass
class StudentRow:
    student: User
    status: str
    work: WorkingMap | None = None
    latest: Submission | None = None
    submissions: int = 0
    statements: int | None = None  # of the latest snapshot, or of the working map in a draft
    links: int | None = None
    checks: int | None = None
    coverage: Coverage | None = None
    scores: dict[int, int] = field(default_factory=dict)  # criterion id -> points
    group: Group | None = None  # for group work: the work, submissions and scores are its
    name: str = ""  # the username, or a pseudonym while grading is blind (classroom.naming)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def score(self) -> int | None:
        return sum(self.scores.values()) if self.scores else None

    @property
    def released(self) -> bool:
        review = getattr(self.latest, "review", None) if self.latest else None
        return bool(review and review.released)


@dataclass
class Overview:
    assignment: Assignment
    criteria: list[Criterion]
    rows: list[StudentRow]
    reference: Reference | None
    blind: bool = False  # anonymous grading holds: rows name pseudonyms

    @property
    def max_points(self) -> int:
        return sum(c.points for c in self.criteria)

    def summary(self) -> list[tuple[str, int]]:
        """(status, how many students) for each status somebody is in."""
        counts = Counter(row.status for row in self.rows)
        return [(label, counts[code]) for code, label in STATUS_LABELS.items() if counts[code]]


def _own_checks(starter: LightMap | None) -> Callable[[LightMap], int]:
    """How many map-check findings a student's map has of their own: those its starter map
    already had are the instructor's, shown once on the starter, not counted per student."""
    if starter is None:
        return lambda light: len(check_map(light.graph))
    theirs = check_map(starter.graph)
    their_idents = {nid: str(origin or nid) for nid, origin in starter.origins.items()}

    def count(light: LightMap) -> int:
        mine = check_map(light.graph)
        idents = {nid: str(origin) for nid, origin in light.origins.items() if origin}
        return sum(not given for given in inherited(mine, idents, theirs, their_idents))

    return count


def assignment_overview(assignment: Assignment) -> Overview:
    """Every student of the course with where they stand: nine queries, whatever their number.

    For group work each student's row carries their group's map, latest submission and scores
    (one review per group reaches every member); a student in no group has none."""
    criteria = list(assignment.criteria.all())
    students = [
        e.user
        for e in Enrolment.objects.filter(course_id=assignment.course_id, role=Role.STUDENT)
        .select_related("user")
        .order_by("user__username")
    ]
    groups: dict[int, Group] = {}
    if assignment.work_in_groups:
        groups = {
            m.student_id: m.group
            for m in Membership.objects.filter(assignment=assignment).select_related("group")
        }

    # Whose work a map or a submission is: a group's, or one student's.
    def owner(student_id: int, group_id: int | None) -> tuple[str, int]:
        return ("group", group_id) if group_id is not None else ("student", student_id)

    def owner_of(student: User) -> tuple[str, int] | None:
        if not assignment.work_in_groups:
            return ("student", student.pk)
        group = groups.get(student.pk)
        return ("group", group.pk) if group is not None else None

    works = {
        owner(w.student_id, w.group_id): w
        for w in WorkingMap.objects.filter(assignment=assignment).select_related("map")
    }
    latest: dict[tuple[str, int], Submission] = {}
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for each in (
        Submission.objects.filter(assignment=assignment)
        .select_related("review")
        .order_by("number", "pk")
    ):
        latest[owner(each.student_id, each.group_id)] = each
        counts[owner(each.student_id, each.group_id)] += 1
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for submission_id, criterion_id, points in Score.objects.filter(
        review__submission__in=[s.pk for s in latest.values()]
    ).values_list("review__submission_id", "criterion_id", "points"):
        scores[submission_id][criterion_id] = points
    # The map each row describes: the latest snapshot, else the working map (a draft).
    shown: dict[tuple[str, int], int] = {}
    for key in {owner_of(student) for student in students} - {None}:
        assert key is not None
        if key in latest:
            shown[key] = latest[key].snapshot_id
        elif key in works:
            shown[key] = works[key].map_id
    extra = {assignment.reference_map_id, assignment.starter_map_id} - {None}
    lights = light_graphs(set(shown.values()) | {pk for pk in extra if pk is not None})
    reference = reference_of(assignment, lights)
    own_checks = _own_checks(lights.get(assignment.starter_map_id or 0))
    blind = grading_is_blind(assignment)
    if blind:
        # Listed by pseudonym: an alphabetical order of usernames would tell who is who.
        students.sort(key=lambda s: pseudonym(assignment, s.pk))
    rows = []
    for student in students:
        key = owner_of(student)
        submission = latest.get(key) if key else None
        row = StudentRow(
            student,
            work_status(key in works, submission),
            works.get(key) if key else None,
            submission,
            counts[key] if key else 0,
            scores=scores.get(submission.pk, {}) if submission else {},
            group=groups.get(student.pk),
            name=pseudonym(assignment, student.pk) if blind else student.username,
        )
        light = lights.get(shown.get(key, 0)) if key else None
        if light is not None:
            row.statements, row.links = len(light.graph.nodes), len(light.graph.links)
            row.checks = own_checks(light)
            if reference is not None:
                row.coverage = coverage(reference, side_of(light))
        rows.append(row)
    return Overview(assignment, criteria, rows, reference, blind)


# --- a student's own standing --------------------------------------------------------------------


def standing(
    assignments: list[Assignment], student: AbstractBaseUser | AnonymousUser
) -> dict[int, str]:
    """Assignment id -> the student's status on it (two queries for all of them). For group
    work it is their group's, whichever member started or submitted."""
    ids = [a.pk for a in assignments]
    theirs = Q(student_id=student.pk, group__isnull=True) | Q(group__in=groups_of(student))
    started = set(
        WorkingMap.objects.filter(theirs, assignment__in=ids).values_list(
            "assignment_id", flat=True
        )
    )
    latest: dict[int, Submission] = {}
    for each in Submission.objects.filter(theirs, assignment__in=ids).order_by("number"):
        latest[each.assignment_id] = each
    return {a.pk: work_status(a.pk in started, latest.get(a.pk)) for a in assignments}


# --- the home page -------------------------------------------------------------------------------


@dataclass
class DueItem:
    assignment: Assignment
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Agenda:
    due: list[DueItem] = field(default_factory=list)  # the student's work still to hand in
    feedback: list[Submission] = field(default_factory=list)  # released reviews to read
    to_review: list[Submission] = field(default_factory=list)  # the instructor's queue
    in_a_course: bool = False  # in any course, in any role (a new user's home says how to start)

    def __bool__(self) -> bool:
        return bool(self.due or self.feedback or self.to_review)


def home_agenda(user: AbstractBaseUser | AnonymousUser, *, limit: int = 8) -> Agenda:
    """What is due for a student and what waits for review for an instructor: six queries."""
    agenda = Agenda()
    if not user.is_authenticated:
        return agenda
    agenda.in_a_course = Enrolment.objects.filter(user_id=user.pk).exists()
    studying = Enrolment.objects.filter(user_id=user.pk, role=Role.STUDENT).values("course_id")
    teaching = Enrolment.objects.filter(user_id=user.pk, role=Role.INSTRUCTOR).values("course_id")
    assignments = list(
        Assignment.objects.filter(course__in=studying).select_related("course").order_by("due_at")
    )
    statuses = standing(assignments, user)
    open_ones = (NOT_STARTED, DRAFT, SubmissionStatus.RETURNED)
    agenda.due = [DueItem(a, statuses[a.pk]) for a in assignments if statuses[a.pk] in open_ones][
        :limit
    ]
    # Only the latest of a series waits: the student's own, or for group work the group's
    # (whichever member submitted it).
    newer = Submission.objects.filter(
        assignment=OuterRef("assignment"),
        student=OuterRef("student"),
        group__isnull=True,
        number__gt=OuterRef("number"),
    )
    newer_of_group = Submission.objects.filter(
        group=OuterRef("group"), number__gt=OuterRef("number")
    )
    agenda.feedback = list(
        Submission.objects.filter(student_id=user.pk, review__released=True)
        .select_related("assignment", "review")
        .order_by("-review__released_at")[:limit]
    )
    agenda.to_review = list(
        Submission.objects.filter(
            assignment__course__in=teaching, status=SubmissionStatus.SUBMITTED
        )
        .filter(Q(review__isnull=True) | Q(review__released=False))
        .exclude(Q(group__isnull=True) & Exists(newer))
        .exclude(Q(group__isnull=False) & Exists(newer_of_group))
        # A student removed from the course keeps their work, but it no longer waits for review
        # (the overview, which lists enrolled students only, agrees).
        .filter(
            Exists(
                Enrolment.objects.filter(
                    course_id=OuterRef("assignment__course_id"),
                    user_id=OuterRef("student_id"),
                    role=Role.STUDENT,
                )
            )
        )
        .select_related("assignment__course", "student")
        .order_by("submitted_at")[: limit * 2]
    )
    return agenda


def course_removals(course: Course) -> list[Removal]:
    """The students taken out of the course, who need a new code or consent to come back."""
    return list(course.removals.select_related("user").order_by("user__username"))


def course_roster(course: Course) -> list[Enrolment]:
    """Everyone in the course, instructors first, by name (for its instructors' eyes)."""
    return list(course.enrolments.select_related("user").order_by("role", "user__username"))
