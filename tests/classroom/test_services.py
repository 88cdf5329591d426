"""The classroom's writes: what each does, and bad input refused with a clear message and nothing
written."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from argmap.classroom import services
from argmap.classroom.models import (
    Assignment,
    Comment,
    Course,
    Criterion,
    Enrolment,
    Score,
    Submission,
    WorkingMap,
)
from argmap.maps import services as map_services
from argmap.maps.models import Map, Node
from tests.cast import Scene
from tests.factories import small_debate

pytestmark = pytest.mark.django_db

SOON = timezone.now() + datetime.timedelta(days=7)


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- courses -------------------------------------------------------------------------------------


def test_iris_creates_a_course_and_teaches_it_with_a_join_code(iris: User) -> None:
    course = services.course_create(owner=iris, title="  History 301 ")
    assert course.title == "History 301"
    assert len(course.join_code) == 12 and course.display_code.count("-") == 2
    assert Enrolment.objects.get(course=course).role == "instructor"
    assert iris.has_perm("classroom.teach_course", course)


def test_ada_joins_with_the_code_typed_loosely(iris: User, ada: User) -> None:
    course = services.course_create(owner=iris, title="History 301")
    loose = course.display_code.lower().replace("-", " - ")
    enrolment = services.course_join(user=ada, code=loose)
    assert (enrolment.course, enrolment.role) == (course, "student")


def test_a_wrong_code_is_refused_with_advice_and_nothing_written(iris: User, ada: User) -> None:
    services.course_create(owner=iris, title="History 301")
    for code, advice in (("NOPE-NOPE-NOPE", "No course has this join code"), ("  ", "Type")):
        with pytest.raises(ValidationError) as refused:
            services.course_join(user=ada, code=code)
        assert advice in messages(refused.value)
    assert not Enrolment.objects.filter(user=ada).exists()


def test_joining_twice_says_so(iris: User, ada: User) -> None:
    course = services.course_create(owner=iris, title="History 301")
    services.course_join(user=ada, code=course.join_code)
    with pytest.raises(ValidationError, match="already in “History 301”"):
        services.course_join(user=ada, code=course.join_code)
    with pytest.raises(ValidationError, match="as Instructor"):
        services.course_join(user=iris, code=course.join_code)


def test_a_new_code_replaces_the_old_one(iris: User, ada: User, ben: User) -> None:
    course = services.course_create(owner=iris, title="History 301")
    old = course.join_code
    new = services.course_regenerate_code(course=course, actor=iris)
    assert new != old
    with pytest.raises(ValidationError):
        services.course_join(user=ada, code=old)
    services.course_join(user=ada, code=new)
    with pytest.raises(PermissionDenied):
        services.course_regenerate_code(course=course, actor=ada)


def test_removing_ada_keeps_her_work_and_hides_the_course(
    scene: Scene, iris: User, ada: User
) -> None:
    services.enrolment_remove(course=scene.course, student=ada, actor=iris)
    assert not ada.has_perm("classroom.view_course", scene.course)
    assert Submission.objects.filter(student=ada).count() == 1
    assert Map.objects.filter(pk=scene.work.map_id).exists()
    with pytest.raises(ValidationError, match="not in this course"):
        services.enrolment_remove(course=scene.course, student=ada, actor=iris)


def test_instructors_cannot_be_removed_and_students_cannot_remove(
    scene: Scene, iris: User, ada: User, ben: User
) -> None:
    with pytest.raises(ValidationError, match="not instructors"):
        services.enrolment_remove(course=scene.course, student=iris, actor=iris)
    with pytest.raises(PermissionDenied):
        services.enrolment_remove(course=scene.course, student=ben, actor=ada)
    assert Enrolment.objects.filter(course=scene.course).count() == 3


# --- assignments ---------------------------------------------------------------------------------


def assignment_kwargs(course: Course, actor: User, **changes: object) -> dict[str, object]:
    return {"course": course, "actor": actor, "title": "Map it", "due_at": SOON, **changes}


def test_the_reference_must_be_a_private_map_of_the_instructor(
    iris: User, ada: User, otto: User
) -> None:
    course = services.course_create(owner=iris, title="History 301")
    public = small_debate(iris)
    private = map_services.map_fork(map=public, owner=iris)
    others = map_services.map_fork(map=public, owner=otto)
    refusals = [
        ({"reference_map": public}, "public, so your students could read it"),
        ({"reference_map": others}, "one of your own maps"),
        ({"starter_map": private, "reference_map": private}, "cannot also be the starter"),
        ({"starter_map": map_services.map_create(owner=otto, title="x")}, "cannot read"),
    ]
    for changes, message in refusals:
        with pytest.raises(ValidationError, match=message):
            services.assignment_create(**assignment_kwargs(course, iris, **changes))  # type: ignore[arg-type]
    assert not Assignment.objects.exists()
    made = services.assignment_create(
        **assignment_kwargs(course, iris, starter_map=public, reference_map=private)  # type: ignore[arg-type]
    )
    assert (made.starter_map, made.reference_map) == (public, private)


def test_a_reference_never_becomes_a_starter_of_another_assignment(
    scene: Scene, iris: User
) -> None:
    """A reference handed out as another assignment's starter would give every student a copy
    of the model answer; and a starter, which students already copied, is no hidden reference."""
    course = scene.course
    with pytest.raises(ValidationError, match="hidden reference of another assignment"):
        services.assignment_create(
            **assignment_kwargs(course, iris, starter_map=scene.reference)  # type: ignore[arg-type]
        )
    starter = map_services.map_fork(map=scene.starter, owner=iris)
    services.assignment_create(**assignment_kwargs(course, iris, starter_map=starter))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="starter of another assignment"):
        services.assignment_create(
            **assignment_kwargs(course, iris, reference_map=starter)  # type: ignore[arg-type]
        )
    # Editing an assignment keeps its own pair of maps.
    services.assignment_update(
        assignment=scene.assignment,
        actor=iris,
        title="Renamed",
        due_at=SOON,
        starter_map=scene.starter,
        reference_map=scene.reference,
    )
    assert Assignment.objects.filter(course=course).count() == 2


def test_a_bad_rubric_line_is_named_and_nothing_is_written(iris: User, ada: User) -> None:
    course = services.course_create(owner=iris, title="History 301")
    criteria = [services.CriterionData("Sources", 5), services.CriterionData("", 0)]
    with pytest.raises(ValidationError) as refused:
        services.assignment_create(**assignment_kwargs(course, iris, criteria=criteria))  # type: ignore[arg-type]
    assert "Rubric line 2" in messages(refused.value)
    with pytest.raises(ValidationError, match="20,000 characters at most"):
        services.assignment_create(**assignment_kwargs(course, iris, prompt="x" * 20001))  # type: ignore[arg-type]
    assert not Assignment.objects.exists() and not Criterion.objects.exists()
    with pytest.raises(PermissionDenied):
        services.assignment_create(**assignment_kwargs(course, ada))  # type: ignore[arg-type]


def test_editing_the_rubric_keeps_what_was_scored(scene: Scene, iris: User) -> None:
    cited, sides = scene.assignment.criteria.all()
    services.review_save(
        submission=scene.submission, reviewer=iris, scores={cited.pk: 4}, feedback=""
    )
    base = assignment_kwargs(scene.course, iris, starter_map=scene.starter)
    del base["course"]
    # Removing a scored criterion, or giving it fewer points than a student has, is refused.
    for criteria, message in (
        ([services.CriterionData("Both sides", 5, id=sides.pk)], "has scores already"),
        ([services.CriterionData("Cited", 3, id=cited.pk)], "already has 4 points"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.assignment_update(assignment=scene.assignment, criteria=criteria, **base)  # type: ignore[arg-type]
    assert scene.assignment.criteria.count() == 2
    services.assignment_update(
        assignment=scene.assignment,
        criteria=[
            services.CriterionData("Sources cited", 6, id=cited.pk),
            services.CriterionData("Chronology", 2),
        ],
        **base,  # type: ignore[arg-type]
    )
    assert [(c.title, c.points) for c in scene.assignment.criteria.all()] == [
        ("Sources cited", 6),
        ("Chronology", 2),
    ]


# --- work and submissions ------------------------------------------------------------------------


def test_starting_forks_the_starter_once(scene: Scene, ada: User, ben: User) -> None:
    work = services.work_start(assignment=scene.assignment, student=ben)
    assert work.map.owner == ben and work.map.visibility == "private"
    assert work.map.forked_from == scene.starter
    starter_ids = set(Node.objects.filter(map=scene.starter).values_list("pk", flat=True))
    assert set(Node.objects.filter(map=work.map).values_list("origin", flat=True)) == starter_ids
    assert services.work_start(assignment=scene.assignment, student=ben) == work
    assert WorkingMap.objects.filter(student=ben).count() == 1


def test_without_a_starter_the_student_starts_from_a_blank_map(
    scene: Scene, iris: User, ben: User
) -> None:
    blank = services.assignment_create(**assignment_kwargs(scene.course, iris))  # type: ignore[arg-type]
    work = services.work_start(assignment=blank, student=ben)
    assert work.map.nodes.count() == 0 and work.map.question == "Map it"


def test_only_students_of_the_course_work_on_it(scene: Scene, iris: User, cleo: User) -> None:
    for outsider in (iris, cleo):
        with pytest.raises(PermissionDenied):
            services.work_start(assignment=scene.assignment, student=outsider)
        with pytest.raises(PermissionDenied):
            services.submission_submit(assignment=scene.assignment, student=outsider)


def test_submissions_are_numbered_and_late_ones_marked(scene: Scene, ada: User) -> None:
    late = scene.assignment.due_at + datetime.timedelta(minutes=1)
    second = services.submission_submit(assignment=scene.assignment, student=ada, now=late)
    assert (scene.submission.number, scene.submission.late) == (1, False)
    assert (second.number, second.late) == (2, True)
    assert second.snapshot.is_snapshot and second.snapshot.owner == ada


def test_what_cannot_be_submitted_is_refused_with_the_reason(
    scene: Scene, iris: User, ada: User, ben: User
) -> None:
    with pytest.raises(ValidationError, match="Start the assignment first"):
        services.submission_submit(assignment=scene.assignment, student=ben)
    blank = services.assignment_create(**assignment_kwargs(scene.course, iris))  # type: ignore[arg-type]
    services.work_start(assignment=blank, student=ben)
    with pytest.raises(ValidationError, match="Your map is empty"):
        services.submission_submit(assignment=blank, student=ben)
    map_services.map_delete(map=scene.work.map, actor=ada)
    with pytest.raises(ValidationError, match="deleted. Restore it"):
        services.submission_submit(assignment=scene.assignment, student=ada)
    assert Submission.objects.count() == 1


def test_resubmission_rules(scene: Scene, iris: User, ada: User) -> None:
    Assignment.objects.filter(pk=scene.assignment.pk).update(allow_resubmission=False)
    scene.assignment.refresh_from_db()
    with pytest.raises(ValidationError, match="only if your instructor returns it"):
        services.submission_submit(assignment=scene.assignment, student=ada)
    # Returning asks for a revision, whatever the assignment's setting.
    services.review_decide(
        submission=scene.submission, reviewer=iris, decision=services.Decision.RETURN
    )
    second = services.submission_submit(assignment=scene.assignment, student=ada)
    services.review_decide(submission=second, reviewer=iris, decision=services.Decision.ACCEPT)
    with pytest.raises(ValidationError, match="was accepted"):
        services.submission_submit(assignment=scene.assignment, student=ada)
    assert Submission.objects.filter(student=ada).count() == 2


# --- reviews and comments ------------------------------------------------------------------------


def test_scores_out_of_range_are_refused_and_nothing_written(scene: Scene, iris: User) -> None:
    cited, sides = scene.assignment.criteria.all()
    with pytest.raises(ValidationError) as refused:
        services.review_save(
            submission=scene.submission,
            reviewer=iris,
            scores={cited.pk: 3, sides.pk: 9},
            feedback="Good",
        )
    assert "“Both sides” takes 0 to 5 points" in messages(refused.value)
    assert not Score.objects.exists()
    assert scene.submission.review.feedback == ""


def test_scores_are_set_changed_and_cleared(scene: Scene, iris: User, ada: User) -> None:
    cited, sides = scene.assignment.criteria.all()
    save = services.review_save
    save(submission=scene.submission, reviewer=iris, scores={cited.pk: 3, sides.pk: 5}, feedback="")
    save(
        submission=scene.submission,
        reviewer=iris,
        scores={cited.pk: 4, sides.pk: None},
        feedback="",
    )
    assert list(Score.objects.values_list("points", flat=True)) == [4]
    with pytest.raises(PermissionDenied):
        save(submission=scene.submission, reviewer=ada, scores={}, feedback="I deserve more")


def test_returning_or_accepting_an_older_submission_is_refused(
    scene: Scene, ada: User, iris: User
) -> None:
    services.submission_submit(assignment=scene.assignment, student=ada)
    with pytest.raises(ValidationError, match="submitted again since"):
        services.review_decide(
            submission=scene.submission, reviewer=iris, decision=services.Decision.ACCEPT
        )
    assert Submission.objects.get(pk=scene.submission.pk).status == "submitted"


def test_a_comment_is_pinned_to_this_snapshot_only(scene: Scene, iris: User) -> None:
    working_node = Node.objects.filter(map=scene.work.map).first()
    with pytest.raises(ValidationError, match="not part of this submission"):
        services.comment_add(submission=scene.submission, author=iris, body="x", node=working_node)
    with pytest.raises(ValidationError, match="one statement or one link"):
        services.comment_add(
            submission=scene.submission, author=iris, body="x", node=scene.evidence, link=scene.link
        )
    with pytest.raises(ValidationError, match="Write something"):
        services.comment_add(
            submission=scene.submission, author=iris, body="  ", node=scene.evidence
        )
    with pytest.raises(ValidationError, match="5,000 characters at most"):
        services.comment_add(
            submission=scene.submission, author=iris, body="x" * 5001, node=scene.evidence
        )
    assert Comment.objects.count() == 2


def test_a_reply_to_a_reply_joins_the_thread(scene: Scene, iris: User) -> None:
    again = services.comment_add(
        submission=scene.submission, author=iris, body="Thanks", parent=scene.reply
    )
    assert again.parent == scene.comment and again.node == scene.evidence


def test_students_reply_only_once_released_and_never_start_threads(
    scene: Scene, iris: User, ada: User, ben: User
) -> None:
    second = services.submission_submit(assignment=scene.assignment, student=ada)
    node = Node.objects.filter(map=second.snapshot).first()
    draft = services.comment_add(submission=second, author=iris, body="Hmm", node=node)
    with pytest.raises(PermissionDenied):
        services.comment_add(submission=second, author=ada, body="What?", parent=draft)
    with pytest.raises(PermissionDenied):
        services.comment_add(submission=second, author=ada, body="Look", node=node)
    with pytest.raises(PermissionDenied):
        services.comment_add(submission=scene.submission, author=ben, body="Hi", parent=draft)
    services.review_decide(submission=second, reviewer=iris, decision=services.Decision.RELEASE)
    services.comment_add(submission=second, author=ada, body="Fixed", parent=draft)


def test_resolving_a_reply_resolves_its_thread(scene: Scene, ada: User, ben: User) -> None:
    services.comment_resolve(comment=scene.reply, actor=ada, resolved=True)
    assert Comment.objects.get(pk=scene.comment.pk).resolved
    with pytest.raises(PermissionDenied):
        services.comment_resolve(comment=scene.comment, actor=ben, resolved=False)
