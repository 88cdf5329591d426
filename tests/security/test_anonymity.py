"""While anonymity holds, no page, API answer, export, CSV or history entry names a hidden
student. The students of an assignment that is anonymous both ways have distinctive names
planted in their usernames, first and last names and email addresses; they submit, keep their
working maps open (presence), review each other (comments on statements and links, replies) and
the round is released, while the instructor has released no grade. Then every GET route of the
URL configuration is walked, its ids filled from everything the story made, and fetched by the
instructor (grading blind), by a reviewer and by an author: no body may hold a name hidden from
its reader. A new page is covered the day it is added: the routes are read from the resolver.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from argmap.classroom import services
from argmap.classroom.models import Comment, PeerComment, PeerReview, WorkingMap
from argmap.live.services import presence_open
from argmap.maps import services as map_services
from argmap.maps.models import Link, Map, Node, Revision
from tests.cast import Scene, client_for, make_user, peer_scene

pytestmark = pytest.mark.django_db

# The course roster (its page and the API's) names its people whatever an assignment says: an
# instructor needs it to run the course; anonymity is per assignment.
ROSTER = (
    "courses/<int:course_id>/",
    "courses/<int:course_id>/students/<int:user_id>/remove/",
    "api/courses/<int:course_id>/",
)


@dataclass
class Story:
    scene: Scene
    hidden: dict[str, list[str]]  # username -> every form of their name planted
    ids: dict[str, list[int]]  # URL parameter -> the ids to try


def planted(tag: str) -> User:
    user = make_user(f"zq{tag}user")
    user.first_name, user.last_name = f"Zqfirst{tag}", f"Zqlast{tag}"
    user.email = f"zqmail{tag}@example.org"
    user.save(update_fields=["first_name", "last_name", "email"])
    return user


def names_of(user: User) -> list[str]:
    return [user.username, user.first_name, user.last_name, user.email]


def tell(iris: User, otto: User, cleo: User) -> Story:
    students = [planted(tag) for tag in ("alpha", "bravo", "charlie", "delta")]
    scene = peer_scene(iris=iris, students=students, otto=otto, cleo=cleo)
    # Each edits their working map again (its history names who did what), and the instructor
    # comments on a submission.
    for student in students:
        work = services.work_start(assignment=scene.assignment, student=student)
        thesis = map_services.node_create(
            map=work.map, kind="thesis", text="The court decided", actor=student
        )
        map_services.node_update(
            node=thesis, actor=student, version=1, data={"text": "The court chose"}
        )
        # And has it open: the presence list names who is there.
        presence_open(map=work.map, user=student, tab=f"tab-{student.pk}-0001")
    first = scene.submissions[0]
    node = Node.objects.filter(map=first.snapshot).first()
    thread = services.comment_add(submission=first, author=iris, body="Which page?", node=node)
    # One review is released and its student replies: grading stays blind (three are not).
    services.review_decide(submission=first, reviewer=iris, decision=services.Decision.RELEASE)
    services.comment_add(submission=first, author=students[0], body="Page 3", parent=thread)
    services.peer_round_open(
        assignment=scene.assignment,
        actor=iris,
        k=2,
        criteria=[services.PeerCriterionData("Fair", 2)],
        seed=5,
    )
    for review in PeerReview.objects.select_related("submission__snapshot", "round__assignment"):
        snapshot = review.submission.snapshot
        services.peer_comment_add(
            review=review, author=review.reviewer, body="A remark",
            node=Node.objects.filter(map=snapshot).first(),
        )  # fmt: skip
        services.peer_comment_add(
            review=review, author=review.reviewer, body="On the link",
            link=Link.objects.filter(map=snapshot).first(),
        )  # fmt: skip
        criteria = {c.pk: 1 for c in review.round.assignment.peer_criteria.all()}
        services.peer_review_submit(
            review=review, reviewer=review.reviewer, scores=criteria, feedback="Good"
        )
    services.peer_round_release(round=scene.assignment.peer_round, actor=iris)
    for thread in PeerComment.objects.filter(parent=None).select_related("review__submission"):
        services.peer_comment_add(
            review=thread.review, author=thread.review.submission.student, body="Thanks",
            parent=thread,
        )  # fmt: skip
    maps = list(Map.objects.exclude(owner=None).values_list("pk", flat=True))
    ids = {
        "course_id": [scene.course.pk],
        "assignment_id": [scene.assignment.pk],
        "submission_id": [s.pk for s in scene.submissions],
        "map_id": maps,
        "review_id": list(PeerReview.objects.values_list("pk", flat=True)),
        "comment_id": list(Comment.objects.values_list("pk", flat=True)),
        "user_id": [s.pk for s in students],
        "revision_id": list(Revision.objects.values_list("pk", flat=True)[:20]),
    }
    hidden = {s.username: names_of(s) for s in students}
    return Story(scene, hidden, ids)


def routes() -> list[str]:
    """Every route of the URL configuration but the admin's."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith("admin/"):
                    walk(pattern.url_patterns, route)
            else:
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def urls_for(route: str, story: Story) -> list[str]:
    """The route with its ids filled in every way the story allows (node and link ids: those of
    the map or submission named, so that each URL can answer)."""
    if route in ROSTER:
        return []
    params = [m[2] for m in PARAM.finditer(route)]
    if any(p not in story.ids and p not in ("node_id", "link_id") for p in params):
        return []  # a library object (source, scholar), a token: no student's name is in it
    owners = [p for p in params if p not in ("node_id", "link_id")]
    out = []
    for values in itertools.product(*(story.ids[p] for p in owners)):
        chosen = dict(zip(owners, values, strict=True))
        for extra in _anchors(params, chosen):
            filled = route
            for name, value in {**chosen, **extra}.items():
                filled = PARAM.sub(lambda m, n=name, v=value: str(v) if m[2] == n else m[0], filled)
            out.append("/" + filled)
    return out


def _anchors(params: list[str], chosen: dict[str, int]) -> list[dict[str, int]]:
    if "node_id" not in params and "link_id" not in params:
        return [{}]
    map_id = chosen.get("map_id")
    if map_id is None and "submission_id" in chosen:
        map_id = (
            Map.objects.filter(submission__pk=chosen["submission_id"])
            .values_list("pk", flat=True)
            .first()
        )
    if map_id is None:
        return []
    anchor: dict[str, int] = {}
    node = Node.objects.filter(map_id=map_id).first()
    link = Link.objects.filter(map_id=map_id).first()
    if "node_id" in params and node:
        anchor["node_id"] = node.pk
    if "link_id" in params and link:
        anchor["link_id"] = link.pk
    return [anchor]


def leaks(
    client: Client, story: Story, hidden: list[str], *, skip: tuple[str, ...] = ()
) -> list[str]:
    found = []
    for route in routes():
        if route in skip:
            continue
        for url in urls_for(route, story):
            response = client.get(url)
            if response.status_code != 200:
                continue
            body = response.content.decode(errors="replace").lower()
            found += [f"{url}: {n}" for n in hidden if n.lower() in body]
    return found


@pytest.mark.slow
def test_no_hidden_name_reaches_the_instructor_grading_blind_or_a_fellow_student(
    iris: User, otto: User, cleo: User
) -> None:
    story = tell(iris, otto, cleo)
    everyone = [n for names in story.hidden.values() for n in names]
    found = leaks(client_for(iris), story, everyone)
    assert found == [], "\n".join(found)
    students = story.scene.students
    assert students
    reviewer, author = students[0], students[1]
    for student in (reviewer, author):
        others = [n for u, names in story.hidden.items() if u != student.username for n in names]
        found = leaks(client_for(student), story, others)
        assert found == [], "\n".join(found)


def test_the_story_plants_names_where_the_pages_would_show_them(
    iris: User, otto: User, cleo: User
) -> None:
    """Once the instructor releases every grade, the names show: the search can find them."""
    story = tell(iris, otto, cleo)
    for submission in story.scene.submissions:
        services.review_decide(
            submission=submission, reviewer=iris, decision=services.Decision.RELEASE
        )
    page = client_for(iris).get(f"/assignments/{story.scene.assignment.pk}/peer/").text
    assert "zqalphauser" in page
    work = WorkingMap.objects.filter(assignment=story.scene.assignment).first()
    assert work is not None
    # The history names who edited (only the map's owner reads it: the walk checks the rest).
    history = client_for(work.student).get(f"/maps/{work.map_id}/history/").text
    assert work.student.username in history
