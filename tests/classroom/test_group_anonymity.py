"""A group's work names its members as the reader may know them: fellow members of an
assignment that keeps students anonymous are "Member 2" in the map's history, its presence list
and the review's comments; an instructor grading blind reads pseudonyms there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from argmap.classroom import services
from argmap.classroom.models import Submission
from argmap.classroom.naming import pseudonym
from argmap.live.selectors import present
from argmap.live.services import presence_open
from argmap.maps import services as map_services
from argmap.maps.models import Node
from tests.cast import Scene, api_client_for, client_for

pytestmark = pytest.mark.django_db


def anonymous(groups: Scene, *, students: bool = False, grading: bool = False) -> None:
    assert groups.assignment
    groups.assignment.students_anonymous = students
    groups.assignment.anonymous_grading = grading
    groups.assignment.save(update_fields=["students_anonymous", "anonymous_grading"])


def ben_rewords(groups: Scene, ben: User) -> None:
    assert groups.map
    node = Node.objects.filter(map=groups.map).first()
    assert node is not None
    map_services.node_update(node=node, actor=ben, version=node.version, data={"text": "Ben's"})


def both_groups_submit_and_ben_replies(
    groups: Scene, iris: User, ada: User, ben: User
) -> Submission:
    """Ada submits group 1's map, Dee group 2's; Iris comments on group 1's and releases that
    review only (so grading stays blind), and Ben, who did not submit, replies."""
    assert groups.assignment
    first = services.submission_submit(assignment=groups.assignment, student=ada)
    dee = User.objects.get(username="dee")
    services.work_start(assignment=groups.assignment, student=dee)
    services.submission_submit(assignment=groups.assignment, student=dee)
    node = Node.objects.filter(map=first.snapshot).first()
    thread = services.comment_add(submission=first, author=iris, body="Which page?", node=node)
    services.review_decide(submission=first, reviewer=iris, decision=services.Decision.RELEASE)
    services.comment_add(submission=first, author=ben, body="Page 3", parent=thread)
    return first


def test_the_history_of_an_anonymous_groups_map_names_fellows_by_number(
    groups: Scene, ada: User, ben: User
) -> None:
    """Ada reads her group's history: Ben's rewording is Member 2's, her own edits hers."""
    assert groups.map
    anonymous(groups, students=True)
    ben_rewords(groups, ben)
    page = client_for(ada).get(f"/maps/{groups.map.pk}/history/").text
    assert "Member 2" in page
    assert "ben" not in page


def test_a_groups_history_names_members_when_students_are_not_anonymous(
    groups: Scene, ada: User, ben: User
) -> None:
    assert groups.map
    ben_rewords(groups, ben)
    page = client_for(ada).get(f"/maps/{groups.map.pk}/history/").text
    assert "ben" in page
    assert "Member 2" not in page


def test_an_instructor_grading_blind_sees_pseudonyms_in_presence(
    groups: Scene, iris: User, ada: User, ben: User
) -> None:
    """While she grades blind, Iris sees who has the group's map open by pseudonym; once every
    grade is released, by name."""
    assert groups.map and groups.assignment
    anonymous(groups, grading=True)
    presence_open(map=groups.map, user=ben, tab="tab-b-00000001")
    hidden = pseudonym(groups.assignment, ben.pk)
    assert [p.name for p in present(map=groups.map, viewer=iris)] == [hidden]
    # Ada is no instructor: anonymous grading hides nothing from her.
    assert [p.name for p in present(map=groups.map, viewer=ada)] == ["ben"]
    submission = services.submission_submit(assignment=groups.assignment, student=ada)
    services.review_decide(submission=submission, reviewer=iris, decision=services.Decision.RELEASE)
    assert [p.name for p in present(map=groups.map, viewer=iris)] == ["ben"]


def test_a_members_reply_is_signed_by_pseudonym_for_the_blind_instructor(
    groups: Scene, iris: User, ada: User, ben: User
) -> None:
    """Ben did not submit group 1's work, yet his reply is the group's: Iris, grading blind,
    reads his pseudonym on the page and in the API, never his name."""
    assert groups.assignment
    anonymous(groups, grading=True)
    first = both_groups_submit_and_ben_replies(groups, iris, ada, ben)
    hidden = pseudonym(groups.assignment, ben.pk)
    node = Node.objects.filter(map=first.snapshot).first()
    assert node is not None
    panel = client_for(iris).get(f"/submissions/{first.pk}/nodes/{node.pk}/").text
    assert hidden in panel and "ben" not in panel
    answer = api_client_for(iris).get(f"/api/submissions/{first.pk}/comments/").json()
    assert [c["author"] for c in answer["results"]] == ["iris", hidden]


def test_a_fellow_members_reply_is_signed_member_2_when_students_are_anonymous(
    groups: Scene, iris: User, ada: User, ben: User
) -> None:
    assert groups.assignment
    anonymous(groups, students=True)
    first = both_groups_submit_and_ben_replies(groups, iris, ada, ben)
    answer = api_client_for(ada).get(f"/api/submissions/{first.pk}/comments/").json()
    assert [c["author"] for c in answer["results"]] == ["iris", "Member 2"]
    # Ben reads his own reply as his.
    answer = api_client_for(ben).get(f"/api/submissions/{first.pk}/comments/").json()
    assert [c["author"] for c in answer["results"]] == ["iris", "Member 2 (you)"]


def test_the_groups_page_names_students_to_a_blind_grader_and_says_so(
    groups: Scene, iris: User
) -> None:
    """Arranging groups needs names (docs/guide.md, "Anonymity"): the page keeps them and tells
    Iris that it does."""
    assert groups.assignment
    page = client_for(iris).get(f"/assignments/{groups.assignment.pk}/groups/").text
    assert "this page names the students" not in page
    anonymous(groups, grading=True)
    page = client_for(iris).get(f"/assignments/{groups.assignment.pk}/groups/").text
    assert "this page names the students" in page
    assert "ben" in page


def test_a_blind_grader_sees_a_students_own_working_map_open_by_pseudonym(
    peer: Scene, iris: User
) -> None:
    """Not only a group's: Ada's own map, open in her browser, is "Student …" to Iris."""
    assert peer.students and peer.assignment
    ada = peer.students[0]
    work = services.work_start(assignment=peer.assignment, student=ada)
    presence_open(map=work.map, user=ada, tab="tab-a-00000001")
    hidden = pseudonym(peer.assignment, ada.pk)
    assert [p.name for p in present(map=work.map, viewer=iris)] == [hidden]


def test_the_groups_map_page_names_the_group_not_the_member_who_started_it(
    groups: Scene, iris: User, ada: User, ben: User
) -> None:
    """Ada started group 1's map; Ben reads it as his group's, Iris as Group 1's, and with
    anonymous students Ada's name is nowhere on Ben's page."""
    assert groups.map
    anonymous(groups, students=True)
    bens = client_for(ben).get(groups.map.get_absolute_url()).text
    assert "Your group's map for the assignment" in bens
    assert "by Group 1" in bens and ">ada<" not in bens and "ada's" not in bens
    irises = client_for(iris).get(groups.map.get_absolute_url()).text
    assert "Group 1's map for the assignment" in irises
