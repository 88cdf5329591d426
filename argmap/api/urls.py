"""/api/…: every route of the REST API (names in the `api:` namespace).

Object routes carry the map first (/api/maps/<map_id>/nodes/<node_id>/), so that the map's
access rules are applied before anything inside it is looked up. tests/api/test_access.py walks
this file and fails when a route with an id has no allowed/denied test.
"""

from django.urls import path

from argmap.api.views import (
    analysis,
    auth,
    courses,
    elements,
    groups,
    library,
    maps,
    peer,
    schema,
    submissions,
)

app_name = "api"

map_urls = [
    path("maps/", maps.MapListView.as_view(), name="map-list"),
    path("maps/import/", maps.MapImportView.as_view(), name="map-import"),
    path("maps/<int:map_id>/", maps.MapDetailView.as_view(), name="map-detail"),
    path("maps/<int:map_id>/fork/", maps.MapForkView.as_view(), name="map-fork"),
    path("maps/<int:map_id>/restore/", maps.MapRestoreView.as_view(), name="map-restore"),
    path("maps/<int:map_id>/export/", maps.MapExportFormatsView.as_view(), name="map-exports"),
    path(
        "maps/<int:map_id>/export/<slug:format>/",
        maps.MapExportView.as_view(),
        name="map-export",
    ),
    path("maps/<int:map_id>/nodes/", elements.NodeListView.as_view(), name="node-list"),
    path(
        "maps/<int:map_id>/nodes/<int:node_id>/",
        elements.NodeDetailView.as_view(),
        name="node-detail",
    ),
    path("maps/<int:map_id>/links/", elements.LinkListView.as_view(), name="link-list"),
    path(
        "maps/<int:map_id>/links/<int:link_id>/",
        elements.LinkDetailView.as_view(),
        name="link-detail",
    ),
    path("maps/<int:map_id>/undo/<uuid:batch>/", elements.UndoView.as_view(), name="undo"),
    path("maps/<int:map_id>/evaluation/", analysis.EvaluationView.as_view(), name="evaluation"),
    path("maps/<int:map_id>/checks/", analysis.ChecksView.as_view(), name="checks"),
    path("maps/<int:map_id>/debate/", analysis.DebateView.as_view(), name="debate"),
    path("maps/<int:map_id>/matrix/", analysis.MatrixView.as_view(), name="matrix"),
]

library_urls = [
    path("sources/", library.SourceListView.as_view(), name="source-list"),
    path("sources/<int:source_id>/", library.SourceDetailView.as_view(), name="source-detail"),
    path("scholars/", library.ScholarListView.as_view(), name="scholar-list"),
    path("scholars/<int:scholar_id>/", library.ScholarDetailView.as_view(), name="scholar-detail"),
    path(
        "characterisations/",
        library.CharacterisationListView.as_view(),
        name="characterisation-list",
    ),
    path(
        "characterisations/<int:characterisation_id>/",
        library.CharacterisationDetailView.as_view(),
        name="characterisation-detail",
    ),
]

# Courses, assignments and submissions: scoped by the classroom's rules (argmap/classroom/rules.py)
# exactly as the classroom's pages are.
classroom_urls = [
    path("courses/", courses.CourseListView.as_view(), name="course-list"),
    path("courses/join/", courses.CourseJoinView.as_view(), name="course-join"),
    path("courses/<int:course_id>/", courses.CourseDetailView.as_view(), name="course-detail"),
    path("courses/<int:course_id>/code/", courses.CourseCodeView.as_view(), name="course-code"),
    path(
        "courses/<int:course_id>/students/<int:user_id>/",
        courses.CourseStudentView.as_view(),
        name="course-student",
    ),
    path(
        "courses/<int:course_id>/assignments/",
        courses.CourseAssignmentsView.as_view(),
        name="course-assignments",
    ),
    path(
        "assignments/<int:assignment_id>/",
        courses.AssignmentDetailView.as_view(),
        name="assignment-detail",
    ),
    path(
        "assignments/<int:assignment_id>/start/",
        courses.AssignmentStartView.as_view(),
        name="assignment-start",
    ),
    path(
        "assignments/<int:assignment_id>/submit/",
        courses.AssignmentSubmitView.as_view(),
        name="assignment-submit",
    ),
    path(
        "assignments/<int:assignment_id>/submissions/",
        courses.AssignmentSubmissionsView.as_view(),
        name="assignment-submissions",
    ),
    path(
        "assignments/<int:assignment_id>/overview/",
        courses.AssignmentOverviewView.as_view(),
        name="assignment-overview",
    ),
    path(
        "assignments/<int:assignment_id>/groups/",
        groups.AssignmentGroupsView.as_view(),
        name="assignment-groups",
    ),
    path(
        "assignments/<int:assignment_id>/groups/random/",
        groups.RandomGroupsView.as_view(),
        name="assignment-groups-random",
    ),
    path(
        "assignments/<int:assignment_id>/groups/<int:group_id>/",
        groups.AssignmentGroupView.as_view(),
        name="assignment-group",
    ),
    path(
        "assignments/<int:assignment_id>/members/<int:user_id>/",
        groups.MembershipView.as_view(),
        name="assignment-member",
    ),
    path(
        "submissions/<int:submission_id>/",
        submissions.SubmissionDetailView.as_view(),
        name="submission-detail",
    ),
    path(
        "submissions/<int:submission_id>/review/",
        submissions.SubmissionReviewView.as_view(),
        name="submission-review",
    ),
    path(
        "submissions/<int:submission_id>/comments/",
        submissions.SubmissionCommentsView.as_view(),
        name="submission-comments",
    ),
    path(
        "comments/<int:comment_id>/reply/",
        submissions.CommentReplyView.as_view(),
        name="comment-reply",
    ),
    path(
        "comments/<int:comment_id>/resolve/",
        submissions.CommentResolveView.as_view(),
        name="comment-resolve",
    ),
]

# Peer review: the same rules as its pages (argmap/classroom/rules.py).
peer_urls = [
    path(
        "assignments/<int:assignment_id>/peer-review/",
        peer.PeerRoundView.as_view(),
        name="peer-round",
    ),
    path(
        "assignments/<int:assignment_id>/peer-review/release/",
        peer.PeerReleaseView.as_view(),
        name="peer-round-release",
    ),
    path("peer-reviews/<int:review_id>/", peer.PeerReviewDetailView.as_view(), name="peer-review"),
    path(
        "peer-reviews/<int:review_id>/comments/",
        peer.PeerReviewCommentView.as_view(),
        name="peer-review-comments",
    ),
    path(
        "peer-reviews/<int:review_id>/submit/",
        peer.PeerReviewSubmitView.as_view(),
        name="peer-review-submit",
    ),
    path(
        "peer-reviews/<int:review_id>/moderate/",
        peer.PeerReviewModerateView.as_view(),
        name="peer-review-moderate",
    ),
    path(
        "peer-comments/<int:comment_id>/reply/",
        peer.PeerCommentReplyView.as_view(),
        name="peer-comment-reply",
    ),
]

urlpatterns = [
    path("", auth.ApiRootView.as_view(), name="root"),
    *map_urls,
    *library_urls,
    *classroom_urls,
    *peer_urls,
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("schema/", schema.SchemaView.as_view(), name="schema"),
    path("docs/", auth.DocsView.as_view(), name="docs"),
]
