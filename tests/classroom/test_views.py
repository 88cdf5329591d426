"""The classroom pages, as Iris and her students use them (without a browser)."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from argmap.classroom import services
from argmap.classroom.models import (
    Assignment,
    Comment,
    Course,
    Enrolment,
    Review,
    Score,
    Submission,
    WorkingMap,
)
from argmap.evaluation import check_map
from argmap.maps import services as map_services
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Map, Node
from argmap.maps.selectors import map_bundle
from tests.cast import Scene, client_for
from tests.factories import small_debate

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def follow_messages(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# --- courses -------------------------------------------------------------------------------------


def test_iris_creates_a_course_and_sees_its_join_code(iris: User, iris_client: Client) -> None:
    response = iris_client.post("/courses/new/", {"title": "History 301"}, follow=True)
    course = Course.objects.get()
    assert response.redirect_chain[-1][0] == course.get_absolute_url()
    assert course.display_code in response.text and "New assignment" in response.text
    assert "Your course is ready" in response.text


def test_a_course_needs_a_title(iris_client: Client) -> None:
    response = iris_client.post("/courses/new/", {"title": ""})
    assert response.status_code == 422 and "This field is required" in response.text
    assert not Course.objects.exists()


def test_ada_joins_with_the_code_from_a_link(iris: User, ada: User, ada_client: Client) -> None:
    course = services.course_create(owner=iris, title="History 301")
    form = ada_client.get(f"/courses/join/?code={course.join_code}")
    assert course.join_code in form.text
    response = ada_client.post("/courses/join/", {"code": course.display_code}, follow=True)
    assert "Welcome to “History 301”" in response.text
    assert Enrolment.objects.filter(user=ada, role="student").exists()


def test_a_wrong_code_is_a_422_with_the_reason(iris: User, ada_client: Client) -> None:
    services.course_create(owner=iris, title="History 301")
    response = ada_client.post("/courses/join/", {"code": "ABCD-EFGH-JKLM"})
    assert response.status_code == 422 and "No course has this join code" in response.text
    assert not Enrolment.objects.filter(role="student").exists()


def test_the_course_list_pages_need_an_account(anon_client: Client) -> None:
    for path in ("/courses/", "/courses/new/", "/courses/join/"):
        response = anon_client.get(path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_iris_removes_ben_after_confirming(scene: Scene, ben: User, iris_client: Client) -> None:
    course_page = iris_client.get(scene.course.get_absolute_url()).text
    remove = f"/courses/{scene.course.pk}/students/{ben.pk}/remove/"
    assert remove in course_page
    assert "Remove ben from History 301?" in iris_client.get(remove).text
    response = iris_client.post(remove, follow=True)
    assert "ben is no longer in the course" in response.text
    assert client_for(ben).get(scene.course.get_absolute_url()).status_code == 404
    # An instructor is not a student to remove.
    assert (
        iris_client.get(
            f"/courses/{scene.course.pk}/students/{scene.course.created_by_id}/remove/"
        ).status_code
        == 404
    )


def test_a_new_join_code(scene: Scene, iris_client: Client) -> None:
    old = scene.course.join_code
    response = iris_client.post(f"/courses/{scene.course.pk}/code/", follow=True)
    course = Course.objects.get(pk=scene.course.pk)
    assert course.join_code != old and "The old code no longer works" in response.text


def test_students_see_their_status_on_the_course_page(scene: Scene, ben_client: Client) -> None:
    page = ben_client.get(scene.course.get_absolute_url()).text
    assert "Map the surrender debate" in page and "Not started" in page
    assert scene.course.join_code not in page and "Remove" not in page


# --- assignments ---------------------------------------------------------------------------------


def assignment_form(
    starter: Map | None, reference: Map | None, **extra: object
) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Map the surrender debate",
        "prompt": "Map **both** theses. <script>alert(1)</script>",
        "due_at": "2030-06-01T17:00",
        "starter_map": starter.pk if starter else "",
        "reference_map": reference.pk if reference else "",
        "allow_resubmission": "on",
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-title": "Evidence is cited",
        "criteria-0-points": "5",
        "criteria-0-description": "Every piece has a source",
        "criteria-1-title": "Both sides",
        "criteria-1-points": "4",
        "criteria-2-title": "",
    }
    data.update(extra)
    return data


def test_iris_sets_an_assignment_from_the_demo_with_a_rubric(
    iris: User, ada: User, iris_client: Client, ada_client: Client
) -> None:
    course = services.course_create(owner=iris, title="History 301")
    services.course_join(user=ada, code=course.join_code)
    starter = small_debate(iris)
    reference = map_services.map_fork(map=starter, owner=iris, title="My reference")
    form = iris_client.get(f"/courses/{course.pk}/assignments/new/").text
    assert "My reference" in form and "Why did Japan surrender?" in form
    response = iris_client.post(
        f"/courses/{course.pk}/assignments/new/", assignment_form(starter, reference), follow=True
    )
    assignment = Assignment.objects.get()
    assert response.redirect_chain[-1][0] == assignment.get_absolute_url()
    assert [(c.title, c.points) for c in assignment.criteria.all()] == [
        ("Evidence is cited", 5),
        ("Both sides", 4),
    ]
    assert assignment.due_at == datetime.datetime(2030, 6, 1, 17, tzinfo=datetime.UTC)
    student_page = ada_client.get(assignment.get_absolute_url()).text
    assert "Map <strong>both</strong> theses." in student_page
    assert "<script>alert(1)</script>" not in student_page
    assert "My reference" not in student_page
    # The rubric is there before anything is marked.
    assert "How it is marked" in student_page and "Evidence is cited" in student_page


def test_a_public_reference_is_refused_on_the_form(iris: User, iris_client: Client) -> None:
    course = services.course_create(owner=iris, title="History 301")
    public = small_debate(iris)
    response = iris_client.post(
        f"/courses/{course.pk}/assignments/new/",
        assignment_form(None, None, reference_map=public.pk),
    )
    # A public map is not even offered as a reference.
    assert response.status_code == 422 and "Select a valid choice" in response.text
    assert not Assignment.objects.exists()


def test_a_bad_rubric_line_is_a_422(iris: User, iris_client: Client) -> None:
    course = services.course_create(owner=iris, title="History 301")
    data = assignment_form(None, None, **{"criteria-1-points": ""})
    response = iris_client.post(f"/courses/{course.pk}/assignments/new/", data)
    assert response.status_code == 422 and "How many points" in response.text
    assert not Assignment.objects.exists()


def test_iris_edits_the_rubric_and_scored_lines_stay(
    scene: Scene, iris: User, iris_client: Client
) -> None:
    cited, sides = scene.assignment.criteria.all()
    services.review_save(
        submission=scene.submission, reviewer=iris, scores={cited.pk: 4}, feedback=""
    )
    data = assignment_form(scene.starter, scene.reference, **{
        "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "2",
        "criteria-0-id": cited.pk, "criteria-0-title": "Cited", "criteria-0-points": "5",
        "criteria-0-DELETE": "on",
        "criteria-1-id": sides.pk, "criteria-1-title": "Both sides", "criteria-1-points": "5",
    })  # fmt: skip
    response = iris_client.post(f"/assignments/{scene.assignment.pk}/edit/", data)
    assert response.status_code == 422 and "has scores already" in response.text
    assert scene.assignment.criteria.count() == 2


# --- the student's work --------------------------------------------------------------------------


def test_ben_starts_works_and_submits(scene: Scene, ben: User, ben_client: Client) -> None:
    page = ben_client.get(scene.assignment.get_absolute_url()).text
    assert "Not started" in page and "Start" in page
    response = ben_client.post(f"/assignments/{scene.assignment.pk}/start/", follow=True)
    work = WorkingMap.objects.get(student=ben)
    assert response.redirect_chain[-1][0] == work.map.get_absolute_url()
    assert "Your map for the assignment" in response.text
    assert 'class="editor-toolbar"' in response.text  # his own map: he edits it
    response = ben_client.post(f"/assignments/{scene.assignment.pk}/submit/", follow=True)
    assert "Submitted. Submission 1 is frozen" in response.text
    assert "Submission 1" in response.text and "Submitted" in response.text
    assert Submission.objects.get(student=ben).snapshot.is_snapshot


def test_a_refused_submission_says_why(scene: Scene, ben_client: Client) -> None:
    response = ben_client.post(f"/assignments/{scene.assignment.pk}/submit/", follow=True)
    assert "Start the assignment first" in response.text
    assert not Submission.objects.filter(student__username="ben").exists()


def test_the_instructor_cannot_start_or_submit(scene: Scene, iris_client: Client) -> None:
    for action in ("start", "submit"):
        assert iris_client.post(f"/assignments/{scene.assignment.pk}/{action}/").status_code == 403


def test_snapshots_are_not_listed_among_ada_s_maps(scene: Scene, ada_client: Client) -> None:
    listed = ada_client.get("/maps/").text
    assert scene.work.map.title in listed and scene.submission.snapshot.title not in listed


def test_the_working_map_links_back_to_its_assignment(
    scene: Scene, ada_client: Client, iris_client: Client
) -> None:
    mine = ada_client.get(scene.work.map.get_absolute_url()).text
    assert "Your map for the assignment" in mine and scene.assignment.get_absolute_url() in mine
    theirs = iris_client.get(scene.work.map.get_absolute_url()).text
    assert "ada's map for the assignment" in theirs and 'class="editor-toolbar"' not in theirs
    snapshot = ada_client.get(scene.submission.snapshot.get_absolute_url()).text
    assert scene.submission.get_absolute_url() in snapshot


# --- reviewing -----------------------------------------------------------------------------------


def test_iris_comments_on_a_node_with_htmx(scene: Scene, iris_client: Client) -> None:
    url = f"/submissions/{scene.submission.pk}/nodes/{scene.evidence.pk}/"
    panel = iris_client.get(url, headers=HX)
    assert panel.status_code == 200 and "Which page of the report?" in panel.text
    assert "<html" not in panel.text and "Page 3, I will add it." in panel.text
    response = iris_client.post(url, {"body": "And the date?"}, headers=HX)
    assert response.status_code == 200 and "Comment added." in response.text
    assert re.search(r'id="comments"[^>]*hx-swap-oob="true"', response.text)
    assert Comment.objects.filter(body="And the date?", node=scene.evidence).exists()


def test_an_empty_comment_is_a_422_and_nothing_written(scene: Scene, iris_client: Client) -> None:
    url = f"/submissions/{scene.submission.pk}/links/{scene.link.pk}/"
    response = iris_client.post(url, {"body": "  "}, headers=HX)
    assert response.status_code == 422 and "Write something first" in response.text
    assert Comment.objects.count() == 2


def test_comments_work_without_javascript(scene: Scene, iris_client: Client) -> None:
    url = f"/submissions/{scene.submission.pk}/links/{scene.link.pk}/"
    response = iris_client.post(url, {"body": "This link needs a rationale."}, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "This link needs a rationale." in response.text and "Comment added." in response.text


def test_students_reply_and_resolve_but_never_start_threads(
    scene: Scene, ada_client: Client
) -> None:
    url = f"/submissions/{scene.submission.pk}/nodes/{scene.evidence.pk}/"
    assert ada_client.post(url, {"body": "A thread of my own"}, headers=HX).status_code == 403
    response = ada_client.post(f"/comments/{scene.comment.pk}/reply/", {"body": "Done"}, headers=HX)
    assert response.status_code == 200 and "Done" in response.text
    ada_client.post(f"/comments/{scene.comment.pk}/resolve/", {"resolved": "1"}, headers=HX)
    assert Comment.objects.get(pk=scene.comment.pk).resolved
    assert ada_client.post(f"/submissions/{scene.submission.pk}/review/", {}).status_code == 403


def test_iris_scores_and_returns_for_revision(scene: Scene, iris_client: Client) -> None:
    cited, sides = scene.assignment.criteria.all()
    data = {f"score_{cited.pk}": "4", f"score_{sides.pk}": "", "feedback": "Cite pages."}
    response = iris_client.post(
        f"/submissions/{scene.submission.pk}/review/", {**data, "decision": "return"}, follow=True
    )
    assert "Returned for revision: ada can read your review" in response.text
    submission = Submission.objects.get(pk=scene.submission.pk)
    assert submission.status == "returned" and submission.review.feedback == "Cite pages."
    assert list(Score.objects.values_list("points", flat=True)) == [4]


def test_a_score_out_of_range_is_a_422_and_nothing_changes(
    scene: Scene, iris_client: Client
) -> None:
    cited, _ = scene.assignment.criteria.all()
    response = iris_client.post(
        f"/submissions/{scene.submission.pk}/review/",
        {f"score_{cited.pk}": "9", "feedback": "x", "decision": "accept"},
    )
    assert response.status_code == 422 and "less than or equal to 5" in response.text
    assert Submission.objects.get(pk=scene.submission.pk).status == "submitted"
    assert not Score.objects.exists()


def test_saving_a_review_through_htmx_answers_with_its_card_alone(
    scene: Scene, iris_client: Client, django_assert_max_num_queries: Any
) -> None:
    cited, sides = scene.assignment.criteria.all()
    url = f"/submissions/{scene.submission.pk}/review/"
    wrong = iris_client.post(url, {f"score_{cited.pk}": "9", "feedback": "x"}, headers=HX)
    assert wrong.status_code == 422 and "<html" not in wrong.text
    assert 'id="review"' in wrong.text and "less than or equal to 5" in wrong.text
    assert not Score.objects.filter(points=9).exists()
    data = {f"score_{cited.pk}": "4", f"score_{sides.pk}": "3", "feedback": "Cite pages."}
    # The card alone: nothing of the snapshot is loaded or drawn again.
    with django_assert_max_num_queries(30):
        saved = iris_client.post(url, data, headers=HX)
    assert saved.status_code == 200 and "<html" not in saved.text
    assert 'id="review-saved"' in saved.text and "Saved the review." in saved.text
    assert 'id="outline"' not in saved.text and "data-fresh" in saved.text
    assert sorted(Score.objects.values_list("points", flat=True)) == [3, 4]
    assert Submission.objects.get(pk=scene.submission.pk).status == "submitted"


# --- release gating ------------------------------------------------------------------------------


def test_ada_sees_nothing_of_a_review_before_it_is_released(
    scene: Scene, iris: User, ada: User, ada_client: Client
) -> None:
    second = services.submission_submit(assignment=scene.assignment, student=ada)
    node = Node.objects.filter(map=second.snapshot, kind="evidence").first()
    assert node is not None
    services.comment_add(submission=second, author=iris, body="SECRET-COMMENT", node=node)
    cited, _ = scene.assignment.criteria.all()
    services.review_save(
        submission=second, reviewer=iris, scores={cited.pk: 2}, feedback="SECRET-FEEDBACK"
    )
    pages = [
        second.get_absolute_url(),
        f"/submissions/{second.pk}/nodes/{node.pk}/",
        scene.assignment.get_absolute_url(),
        "/",
    ]
    for path in pages:
        for headers in ({}, HX):
            text = ada_client.get(path, headers=headers).text
            assert "SECRET-COMMENT" not in text and "SECRET-FEEDBACK" not in text, path
            assert "2 / 5" not in text
    assert "has not released feedback" in ada_client.get(second.get_absolute_url()).text
    services.review_decide(submission=second, reviewer=iris, decision=services.Decision.RELEASE)
    text = ada_client.get(second.get_absolute_url()).text
    assert "SECRET-COMMENT" in text and "SECRET-FEEDBACK" in text and "2 / 5" in text


def test_coverage_is_shown_to_students_only_when_the_assignment_says_so(
    scene: Scene, ada_client: Client, iris_client: Client
) -> None:
    assert (
        "Coverage of the reference map" in ada_client.get(scene.submission.get_absolute_url()).text
    )
    Assignment.objects.filter(pk=scene.assignment.pk).update(students_see_coverage=False)
    assert (
        "Coverage of the reference map"
        not in ada_client.get(scene.submission.get_absolute_url()).text
    )
    assert (
        "Coverage of the reference map" in iris_client.get(scene.submission.get_absolute_url()).text
    )


# --- the overview, the gradebook, the diff and the home page -------------------------------------


def _snapshot_figures(submission: Submission) -> tuple[str, str, str]:
    """Statements, links and map-check findings of a submitted snapshot, counted here."""
    graph = bundle_graph(map_bundle(submission.snapshot))
    return str(len(graph.nodes)), str(len(graph.links)), str(len(check_map(graph)))


def test_the_overview_lists_every_student(scene: Scene, iris_client: Client) -> None:
    page = iris_client.get(scene.assignment.get_absolute_url()).text
    assert "ada" in page and "ben" in page and "Not started" in page and "Submitted" in page
    assert "100%" in page  # Ada's copy covers the whole reference
    found = re.search(r'<th scope="row">ada</th>(.*?)</tr>', page, re.S)
    assert found is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)
    submitted = timezone.localtime(scene.submission.submitted_at, datetime.UTC)
    assert submitted.strftime("%-d %b, %H:%M") in cells[1]
    assert tuple(cells[2:5]) == _snapshot_figures(scene.submission)
    assert cells[2] != "0"
    ben = re.search(r'<th scope="row">ben</th>(.*?)</tr>', page, re.S)
    assert ben is not None and re.findall(r"<td[^>]*>(.*?)</td>", ben.group(1), re.S)[2] == "—"


def test_the_gradebook_is_a_csv_download_safe_in_a_spreadsheet(
    scene: Scene, iris: User, ada: User, iris_client: Client
) -> None:
    User.objects.filter(pk=ada.pk).update(first_name='=HYPERLINK("http://evil")')
    cited, _ = scene.assignment.criteria.all()
    services.review_save(
        submission=scene.submission, reviewer=iris, scores={cited.pk: 3}, feedback=""
    )
    response = iris_client.get(f"/assignments/{scene.assignment.pk}/gradebook.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, ada_row = rows[0], rows[1]
    assert header[:4] == ["username", "name", "email", "status"]
    assert ada_row[0] == "ada" and ada_row[1] == '\'=HYPERLINK("http://evil")'
    assert ada_row[header.index("Evidence is cited (/5)")] == "3"
    assert ada_row[header.index("coverage")] == "100%"
    submitted = timezone.localtime(scene.submission.submitted_at, datetime.UTC)
    assert ada_row[header.index("last submitted (UTC)")] == submitted.strftime("%Y-%m-%d %H:%M")
    figures = tuple(ada_row[header.index(h)] for h in ("statements", "links", "map checks"))
    assert figures == _snapshot_figures(scene.submission)


def test_the_diff_shows_what_changed_since_the_last_submission(
    scene: Scene, ada: User, iris_client: Client
) -> None:
    working = scene.work.map
    map_services.node_create(map=working, kind="claim", text="The court feared a coup", actor=ada)
    second = services.submission_submit(assignment=scene.assignment, student=ada)
    page = iris_client.get(second.get_absolute_url()).text
    assert "Changes since submission 1" in page and "The court feared a coup" in page
    assert "1 statement added" in page


def test_the_home_page_says_what_is_due_and_what_waits(
    scene: Scene, ada: User, iris: User, iris_client: Client, ben_client: Client
) -> None:
    # Ada's first submission was reviewed and released: nothing waits until she submits again.
    assert "Waiting for your review" not in iris_client.get("/").text
    second = services.submission_submit(assignment=scene.assignment, student=ada)
    home = iris_client.get("/").text
    assert "Waiting for your review" in home and second.get_absolute_url() in home
    home = ben_client.get("/").text
    assert "Due" in home and "Map the surrender debate" in home and "Not started" in home
    # Once Ada is removed from the course, her work no longer waits (it is kept).
    services.enrolment_remove(course=scene.course, student=ada, actor=iris)
    assert "Waiting for your review" not in iris_client.get("/").text
    assert Submission.objects.filter(pk=second.pk).exists()


def test_the_aside_toggle_on_the_review_page_redraws_its_parts(
    scene: Scene, iris_client: Client
) -> None:
    response = iris_client.get(
        f"{scene.submission.get_absolute_url()}?aside={scene.evidence.pk}", headers=HX
    )
    assert response.status_code == 200
    # The review page shows the whole snapshot: its outline, standings and picture are redrawn.
    for part in ("#assessment", "#outline", "#graph-data"):
        assert f'<hx-partial hx-target="{part}"' in response.text
    assert f"/submissions/{scene.submission.pk}/nodes/" in response.text


def test_reviews_and_timestamps(scene: Scene) -> None:
    review = Review.objects.get(submission=scene.submission)
    assert review.released and review.released_at is not None
    assert review.released_at <= timezone.now()


def test_an_older_submission_points_to_the_latest_for_a_decision(
    scene: Scene, ada: User, iris_client: Client
) -> None:
    second = services.submission_submit(assignment=scene.assignment, student=ada)
    older = iris_client.get(scene.submission.get_absolute_url()).text
    assert 'value="return"' not in older and "ada has submitted again since" in older
    assert second.get_absolute_url() in older
    assert 'value="return"' in iris_client.get(second.get_absolute_url()).text


def test_iris_opens_a_submission_exactly_as_submitted_and_releases_her_review(
    scene: Scene, ben: User, iris_client: Client, ben_client: Client
) -> None:
    work = services.work_start(assignment=scene.assignment, student=ben)
    submission = services.submission_submit(assignment=scene.assignment, student=ben)
    map_services.node_create(map=work.map, kind="claim", text="Written after submitting")
    url = submission.get_absolute_url()
    page = iris_client.get(url).text
    # The map page's machinery on the snapshot: outline, picture, which theses stand, checks.
    for part in ('id="outline"', 'id="map-graph"', 'id="assessment"', 'id="map-checks"'):
        assert part in page, part
    assert "The bombs ended the war" in page and "Written after submitting" not in page
    # Every statement of the outline opens its review panel, where comments are pinned.
    for node in Node.objects.filter(map=submission.snapshot):
        assert f'href="/submissions/{submission.pk}/nodes/{node.pk}/"' in page, node.text
    assert f"/maps/{submission.snapshot_id}/nodes/" not in page

    review = f"/submissions/{submission.pk}/review/"
    iris_client.post(review, {"feedback": "Well argued, BEN-FEEDBACK."})
    assert "BEN-FEEDBACK" not in ben_client.get(url).text
    released = iris_client.post(
        review, {"feedback": "Well argued, BEN-FEEDBACK.", "decision": "release"}, follow=True
    )
    assert "Released: ben can now read your review" in released.text
    assert "BEN-FEEDBACK" in ben_client.get(url).text


def test_a_refusal_page_gives_the_reason(scene: Scene, ada_client: Client) -> None:
    response = ada_client.get(f"/assignments/{scene.assignment.pk}/gradebook.csv")
    assert response.status_code == 403
    assert "You cannot do that here" in response.text and "Only an instructor" in response.text


def test_a_course_of_others_is_a_plain_not_found_page(scene: Scene, cleo_client: Client) -> None:
    response = cleo_client.get(scene.course.get_absolute_url())
    assert response.status_code == 404
    assert "Nothing here" in response.text and "History 301" not in response.text
