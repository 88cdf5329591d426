from django.urls import include, path

from argmap.classroom.views import assignments, courses, groups, peer, submissions

app_name = "classroom"

# /courses/<course_id>/…
course_urls = [
    path("", courses.course_detail, name="course-detail"),
    path("code/", courses.course_code, name="course-code"),
    path(
        "students/<int:user_id>/remove/",
        courses.course_remove_student,
        name="course-remove-student",
    ),
    path(
        "students/<int:user_id>/readmit/",
        courses.course_readmit,
        name="course-readmit",
    ),
    path("assignments/new/", assignments.assignment_new, name="assignment-new"),
]

# /assignments/<assignment_id>/…
assignment_urls = [
    path("", assignments.assignment_detail, name="assignment-detail"),
    path("edit/", assignments.assignment_edit, name="assignment-edit"),
    path("start/", assignments.assignment_start, name="assignment-start"),
    path("submit/", assignments.assignment_submit, name="assignment-submit"),
    path("gradebook.csv", assignments.gradebook, name="gradebook"),
    path("groups/", groups.group_list, name="groups"),
    path("groups/new/", groups.group_new, name="group-new"),
    path("groups/random/", groups.groups_random, name="groups-random"),
    path("groups/students/<int:user_id>/", groups.group_move, name="group-move"),
    path("groups/<int:group_id>/delete/", groups.group_delete, name="group-delete"),
    path("peer/", peer.peer_round, name="peer-round"),
    path("peer/open/", peer.peer_round_open, name="peer-round-open"),
    path("peer/release/", peer.peer_round_release, name="peer-round-release"),
    path("peer/plan/cancel/", peer.peer_schedule_cancel, name="peer-schedule-cancel"),
]

# /peer-reviews/<review_id>/…
peer_review_urls = [
    path("", peer.peer_review_detail, name="peer-review-detail"),
    path("comment/", peer.peer_review_comment, name="peer-review-comment"),
    path("submit/", peer.peer_review_submit, name="peer-review-submit"),
    path("moderate/", peer.peer_review_moderate, name="peer-review-moderate"),
]

# /submissions/<submission_id>/…
submission_urls = [
    path("", submissions.submission_detail, name="submission-detail"),
    path("review/", submissions.submission_review, name="submission-review"),
    path("nodes/<int:node_id>/", submissions.submission_node, name="submission-node"),
    path("links/<int:link_id>/", submissions.submission_link, name="submission-link"),
]

# /comments/<comment_id>/…
comment_urls = [
    path("reply/", submissions.comment_reply, name="comment-reply"),
    path("resolve/", submissions.comment_resolve, name="comment-resolve"),
]

urlpatterns = [
    path("courses/", courses.course_list, name="course-list"),
    path("courses/new/", courses.course_new, name="course-new"),
    path("courses/join/", courses.course_join, name="course-join"),
    path("courses/<int:course_id>/", include(course_urls)),
    path("assignments/<int:assignment_id>/", include(assignment_urls)),
    path("submissions/<int:submission_id>/", include(submission_urls)),
    path("comments/<int:comment_id>/", include(comment_urls)),
    path("peer-reviews/<int:review_id>/", include(peer_review_urls)),
    path(
        "peer-comments/<int:comment_id>/reply/",
        peer.peer_comment_reply,
        name="peer-comment-reply",
    ),
]
