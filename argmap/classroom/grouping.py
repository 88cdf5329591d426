"""Reads of group work: the instructor's board of an assignment's groups, and a student's own
group. Each makes a constant number of queries, however many groups and students there are
(pinned by tests/classroom/test_queries.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User

from argmap.classroom.models import (
    Assignment,
    Enrolment,
    Group,
    Membership,
    Role,
    Submission,
    WorkingMap,
)
from argmap.classroom.naming import fellow_label


@dataclass(frozen=True)
class GroupRow:
    group: Group
    members: list[User]  # still in the course, in the order they joined
    map_id: int | None  # the group's working map, once a member has started it
    submitted: bool

    @property
    def started(self) -> bool:
        return self.map_id is not None

    @property
    def locked(self) -> bool:
        """A submission is the group's work: who made it must not change afterwards."""
        return self.submitted

    @property
    def deletable(self) -> bool:
        return self.map_id is None


@dataclass(frozen=True)
class Place:
    """Where one student of the course stands: their group (None: in none yet)."""

    student: User
    group: GroupRow | None

    @property
    def locked(self) -> bool:
        return self.group is not None and self.group.locked


@dataclass
class GroupBoard:
    assignment: Assignment
    groups: list[GroupRow]
    places: list[Place]  # every student of the course, by username
    _by_id: dict[int, Place] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {place.student.pk: place for place in self.places}

    @property
    def without_group(self) -> list[User]:
        return [place.student for place in self.places if place.group is None]

    @property
    def open_groups(self) -> list[Group]:
        """The groups a student may still be moved into."""
        return [row.group for row in self.groups if not row.locked]

    def place_of(self, student_id: int) -> Place | None:
        return self._by_id.get(student_id)


def group_board(assignment: Assignment) -> GroupBoard:
    """Every group of the assignment with its members and state, and every student of the
    course with their group: five queries."""
    students = [
        e.user
        for e in Enrolment.objects.filter(course_id=assignment.course_id, role=Role.STUDENT)
        .select_related("user")
        .order_by("user__username")
    ]
    enrolled = {s.pk: s for s in students}
    groups = list(Group.objects.filter(assignment=assignment).order_by("number"))
    members: dict[int, list[User]] = {g.pk: [] for g in groups}
    group_of: dict[int, int] = {}
    for student_id, group_id in (
        Membership.objects.filter(assignment=assignment)
        .values_list("student_id", "group_id")
        .order_by("joined", "pk")
    ):
        # A student taken out of the course keeps their membership row but is no member now.
        if student_id in enrolled:
            members[group_id].append(enrolled[student_id])
            group_of[student_id] = group_id
    maps = dict(
        WorkingMap.objects.filter(assignment=assignment, group__isnull=False).values_list(
            "group_id", "map_id"
        )
    )
    submitted = set(
        Submission.objects.filter(assignment=assignment, group__isnull=False).values_list(
            "group_id", flat=True
        )
    )
    rows = {g.pk: GroupRow(g, members[g.pk], maps.get(g.pk), g.pk in submitted) for g in groups}
    places = [Place(s, rows.get(group_of.get(s.pk, 0))) for s in students]
    return GroupBoard(assignment, list(rows.values()), places)


@dataclass(frozen=True)
class Fellow:
    student_id: int
    label: str  # as this student may see them (argmap.classroom.naming)
    is_viewer: bool


@dataclass(frozen=True)
class MyGroup:
    group: Group
    fellows: list[Fellow]  # every member, the viewer included, in join order

    def label_of(self, student_id: int) -> str:
        """A member as the viewer may see them; someone who has left is not named."""
        for fellow in self.fellows:
            if fellow.student_id == student_id:
                return fellow.label
        return "a former member"


def my_group(assignment: Assignment, student: User) -> MyGroup | None:
    """The student's group on a group assignment, with its members named as the student may
    see them; None when they are in no group (or the assignment is individual work)."""
    if not assignment.work_in_groups:
        return None
    mine = (
        Membership.objects.filter(assignment=assignment, student=student)
        .select_related("group")
        .first()
    )
    if mine is None:
        return None
    joined = (
        Membership.objects.filter(
            group=mine.group,
            student__enrolments__course=assignment.course_id,
            student__enrolments__role=Role.STUDENT,
        )
        .select_related("student")
        .order_by("joined", "pk")
    )
    fellows = [
        Fellow(
            m.student_id,
            fellow_label(viewer=student, person=m.student, assignment=assignment, number=n),
            m.student_id == student.pk,
        )
        for n, m in enumerate(joined, start=1)
    ]
    return MyGroup(mine.group, fellows)
