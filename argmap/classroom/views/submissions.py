"""A submission: its page (the snapshot, comments, review, diff, coverage), saving the review, and
the review panels of its nodes and links where comment threads are pinned.

Every object comes through the scoped querysets (`argmap.classroom.access`): 404 for anyone who
may not see the submission, 403 for what a reader may see but not do.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from argmap.classroom import services
from argmap.classroom.access import get_comment, get_submission
from argmap.classroom.forms import CommentForm, ReviewForm
from argmap.classroom.models import Comment, Submission
from argmap.classroom.naming import student_label, student_naming
from argmap.classroom.pages import review_context, snapshot_urls, submission_page
from argmap.classroom.review import link_words, page_threads, panel_urls, permissions, pinned_to
from argmap.lib.http import HtmxHttpRequest, show_refusal, signed_in
from argmap.lib.permissions import require
from argmap.maps.assessment import assess, parse_aside
from argmap.maps.models import Link, Node
from argmap.maps.page_state import aside_param
from argmap.maps.pages import map_page, node_panel
from argmap.maps.selectors import map_bundle

DECIDED = {
    "save": "Saved the review.",
    services.Decision.RELEASE: "Released: {student} can now read your review and comments.",
    services.Decision.RETURN: "Returned for revision: {student} can read your review and "
    "comments, and submit again.",
    services.Decision.ACCEPT: "Accepted. {student} can now read your review and comments.",
}


def _page(
    request: HtmxHttpRequest, submission: Submission, *, review_form: ReviewForm | None = None
) -> dict[str, Any]:
    """The snapshot drawn by the map page's machinery, and the review around it."""
    context = map_page(request, submission.snapshot, urls=snapshot_urls(submission), eager=True)
    context.update(submission_page(request, submission, context["bundle"], review_form=review_form))
    return context


@require_GET
def submission_detail(request: HtmxHttpRequest, submission_id: int) -> HttpResponse:
    submission = get_submission(request, submission_id)
    if request.htmx:
        # Setting evidence aside redraws what the evaluation changes: the map page's partial.
        context = map_page(request, submission.snapshot, urls=snapshot_urls(submission), eager=True)
        return render(request, "maps/map_detail.html#refresh", context)
    return render(request, "classroom/submission_detail.html", _page(request, submission))


@require_POST
def submission_review(request: HtmxHttpRequest, submission_id: int) -> HttpResponse:
    submission = get_submission(request, submission_id)
    require(
        request.user, "classroom.review_submission", submission, "Only an instructor reviews this."
    )
    criteria = list(submission.assignment.criteria.all())
    review = getattr(submission, "review", None)
    form = ReviewForm(request.POST, criteria=criteria, review=review)
    choice = request.POST.get("decision", "save")
    decision = services.Decision(choice) if choice in services.Decision else None
    if form.is_valid():
        try:
            services.review_save(
                submission=submission,
                reviewer=signed_in(request),
                scores=form.scores(),
                feedback=form.cleaned_data["feedback"],
                decision=decision,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            name = student_label(
                viewer=request.user, person=submission.student, assignment=submission.assignment
            )
            text = DECIDED[decision or "save"].format(student=name)
            if request.htmx:
                # Saving (no decision to announce elsewhere): the review card alone, in place.
                context = review_context(request, submission)
                context.update(saved=text, fresh=True)
                return render(request, "classroom/submission_detail.html#review-card", context)
            messages.success(request, text)
            return redirect(f"{submission.get_absolute_url()}#review")
    if request.htmx:
        context = review_context(request, submission, review_form=form)
        context["fresh"] = True
        return render(request, "classroom/submission_detail.html#review-card", context, status=422)
    context = _page(request, submission, review_form=form)
    return render(request, "classroom/submission_detail.html", context, status=422)


# --- the review panel of a node or a link --------------------------------------------------------


def _panel(
    request: HtmxHttpRequest,
    submission: Submission,
    *,
    node: Node | None = None,
    link: Link | None = None,
    form: CommentForm | None = None,
    reply_to: tuple[int, CommentForm] | None = None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    """The panel of one statement or link: what it is, whether it stands, and its threads."""
    bundle = map_bundle(submission.snapshot)
    assessment = assess(bundle, aside=parse_aside(aside_param(request), bundle), with_checks=False)
    allowed = permissions(request, submission)
    context: dict[str, Any] = {
        "submission": submission,
        "allowed": allowed,
        "comment_form": form or (CommentForm() if allowed.teaches else None),
        "reply_to": reply_to,
        "notice": notice,
        "panel_urls": panel_urls(submission),
        **student_naming(request, submission),
    }
    if node is not None:
        snapshot = submission.snapshot
        context.update(node_panel(request, snapshot, node, bundle=bundle, assessment=assessment))
    else:
        assert link is not None
        loaded = bundle.links[link.pk]
        context.update({"link": loaded, "words": link_words(loaded)})
    every = page_threads(request, submission, bundle)
    context["threads"] = pinned_to(every, node=node, link=link)
    context["action"] = request.path
    template = "classroom/anchor_detail.html"
    if request.htmx and request.method == "POST":
        # After a change, the page's list of threads and their count follow the panel (out of
        # band).
        context["all_threads"] = every
        template += "#panel-answer"
    elif request.htmx:
        template += "#node-panel"
    return render(request, template, context, status=status)


def _anchor_view(
    request: HtmxHttpRequest, submission: Submission, *, node: Node | None, link: Link | None
) -> HttpResponse:
    if request.method == "GET":
        return _panel(request, submission, node=node, link=link)
    require(
        request.user, "classroom.start_thread", submission, "Only an instructor starts a thread."
    )
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _panel(request, submission, node=node, link=link, form=form, status=422)
    services.comment_add(
        submission=submission,
        author=signed_in(request),
        body=form.cleaned_data["body"],
        node=node,
        link=link,
    )
    return _answer(request, submission, node=node, link=link, notice="Comment added.")


def _answer(
    request: HtmxHttpRequest,
    submission: Submission,
    *,
    node: Node | None,
    link: Link | None,
    notice: str,
) -> HttpResponse:
    """After a change: the panel again for htmx, else back to the panel's page (no JavaScript)."""
    if request.htmx:
        return _panel(request, submission, node=node, link=link, notice=notice)
    messages.success(request, notice)
    anchor: Any = node or link
    kind = "node" if node is not None else "link"
    return redirect(f"classroom:submission-{kind}", submission.pk, anchor.pk)


@require_http_methods(["GET", "POST"])
def submission_node(request: HtmxHttpRequest, submission_id: int, node_id: int) -> HttpResponse:
    submission = get_submission(request, submission_id)
    node = get_object_or_404(Node.objects.filter(map_id=submission.snapshot_id), pk=node_id)
    return _anchor_view(request, submission, node=node, link=None)


@require_http_methods(["GET", "POST"])
def submission_link(request: HtmxHttpRequest, submission_id: int, link_id: int) -> HttpResponse:
    submission = get_submission(request, submission_id)
    link = get_object_or_404(Link.objects.filter(map_id=submission.snapshot_id), pk=link_id)
    return _anchor_view(request, submission, node=None, link=link)


# --- replying to a thread, resolving it ----------------------------------------------------------


def _thread_of(request: HtmxHttpRequest, comment_id: int) -> tuple[Comment, Submission]:
    comment = get_comment(request, comment_id)
    return comment, get_submission(request, comment.submission_id)


@require_POST
def comment_reply(request: HtmxHttpRequest, comment_id: int) -> HttpResponse:
    comment, submission = _thread_of(request, comment_id)
    require(request.user, "classroom.reply_to_comment", comment, "You cannot reply to this thread.")
    form = CommentForm(request.POST)
    node, link = comment.node, comment.link
    if not form.is_valid():
        return _panel(
            request, submission, node=node, link=link, reply_to=(comment.pk, form), status=422
        )
    services.comment_add(
        submission=submission, author=signed_in(request), body=form.cleaned_data["body"],
        parent=comment,
    )  # fmt: skip
    return _answer(request, submission, node=node, link=link, notice="Reply added.")


@require_POST
def comment_resolve(request: HtmxHttpRequest, comment_id: int) -> HttpResponse:
    comment, submission = _thread_of(request, comment_id)
    require(request.user, "classroom.resolve_comment", comment, "You cannot change this thread.")
    resolved = request.POST.get("resolved") == "1"
    services.comment_resolve(comment=comment, actor=signed_in(request), resolved=resolved)
    notice = "Marked resolved." if resolved else "Opened again."
    return _answer(request, submission, node=comment.node, link=comment.link, notice=notice)
