"""Peer review: the round's page (the instructor's overview, or a student's reviews to write and
received), opening and releasing a round, and one review's page with its comments, rubric and
the instructor's hiding and rating.

Reviews come through `PeerReview.objects.for_user` (404 for anyone who may not read one); what
a reader may read but not do answers 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from argmap.classroom import services
from argmap.classroom.access import get_assignment, get_taught_assignment
from argmap.classroom.forms import CommentForm, PeerModerateForm, PeerOpenForm, PeerReviewForm
from argmap.classroom.models import PeerComment, PeerReview, PeerRound
from argmap.classroom.pages import peer_review_page, peer_round_page
from argmap.classroom.peers import reviews_of
from argmap.lib.http import HtmxHttpRequest, show_refusal, signed_in
from argmap.lib.permissions import require
from argmap.maps.models import Link, Node


def _review(request: HtmxHttpRequest, review_id: int) -> PeerReview:
    return get_object_or_404(reviews_of(request.user), pk=review_id)


@require_GET
def peer_round(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_assignment(request, assignment_id)
    services.peer_round_open_if_due(assignment)
    return render(request, "classroom/peer_round.html", peer_round_page(request, assignment))


@require_POST
def peer_round_open(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_taught_assignment(request, assignment_id)
    form = PeerOpenForm(request.POST)
    # Two buttons: "Open now", and before the due date "Open at the due date".
    at_due_date = request.POST.get("when") == "due"
    if form.is_valid():
        setup = {
            "assignment": assignment,
            "actor": signed_in(request),
            "k": form.cleaned_data["k"],
            "criteria": form.cleaned_data["rubric"],
        }
        try:
            if at_due_date:
                services.peer_round_schedule(**setup)
            else:
                services.peer_round_open(**setup)
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request,
                "The peer review will open by itself at the due date."
                if at_due_date
                else "The peer review is open: each reviewer has their list.",
            )
            return redirect("classroom:peer-round", assignment.pk)
    context = peer_round_page(request, assignment, open_form=form)
    return render(request, "classroom/peer_round.html", context, status=422)


@require_POST
def peer_schedule_cancel(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_taught_assignment(request, assignment_id)
    services.peer_schedule_cancel(assignment=assignment, actor=signed_in(request))
    messages.success(request, "The peer review will not open by itself: open it when you wish.")
    return redirect("classroom:peer-round", assignment.pk)


@require_POST
def peer_round_release(request: HtmxHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_taught_assignment(request, assignment_id)
    round_ = get_object_or_404(PeerRound, assignment=assignment)
    services.peer_round_release(round=round_, actor=signed_in(request))
    messages.success(request, "Released: the authors can read the reviews you did not hide.")
    return redirect("classroom:peer-round", assignment.pk)


@require_GET
def peer_review_detail(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id)
    return render(request, "classroom/peer_review.html", peer_review_page(request, review))


@require_POST
def peer_review_comment(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id)
    require(request.user, "classroom.write_peer_review", review, "This review is submitted.")
    form = CommentForm(request.POST)
    node, link = _anchor(review, request.POST.get("anchor", ""))
    if form.is_valid():
        try:
            comment = services.peer_comment_add(
                review=review, author=signed_in(request), body=form.cleaned_data["body"],
                node=node, link=link,
            )  # fmt: skip
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            return redirect(f"{review_url(review)}#c-{comment.pk}")
    context = peer_review_page(request, review, comment_form=(request.POST.get("anchor"), form))
    return render(request, "classroom/peer_review.html", context, status=422)


@require_POST
def peer_review_submit(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id)
    require(request.user, "classroom.write_peer_review", review, "This review is submitted.")
    form = PeerReviewForm(request.POST, criteria=list(review.round.assignment.peer_criteria.all()))
    if form.is_valid():
        try:
            services.peer_review_submit(
                review=review, reviewer=signed_in(request), scores=form.scores(),
                feedback=form.cleaned_data["feedback"],
            )  # fmt: skip
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, f"Submitted your review of {review.submission_label}.")
            return redirect(f"{review_url(review)}#submitted")
    context = peer_review_page(request, review, review_form=form)
    return render(request, "classroom/peer_review.html", context, status=422)


@require_POST
def peer_review_moderate(request: HtmxHttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id)
    require(request.user, "classroom.moderate_peer_review", review, "Only an instructor can.")
    form = PeerModerateForm(request.POST)
    if form.is_valid():
        try:
            services.peer_review_moderate(
                review=review, actor=signed_in(request), hidden=form.cleaned_data["hidden"],
                reason=form.cleaned_data["hidden_reason"], rating=form.cleaned_data["rating"],
            )  # fmt: skip
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect(review_url(review))
    context = peer_review_page(request, review, moderate_form=form)
    return render(request, "classroom/peer_review.html", context, status=422)


@require_POST
def peer_comment_reply(request: HtmxHttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        PeerComment.objects.for_user(request.user).select_related("review"), pk=comment_id
    )
    review = _review(request, comment.review_id)
    require(request.user, "classroom.reply_to_peer_comment", comment, "You cannot reply.")
    form = CommentForm(request.POST)
    if form.is_valid():
        reply = services.peer_comment_add(
            review=review, author=signed_in(request), body=form.cleaned_data["body"],
            parent=comment,
        )  # fmt: skip
        return redirect(f"{review_url(review)}#c-{reply.pk}")
    context = peer_review_page(request, review, reply_form=(comment.pk, form))
    return render(request, "classroom/peer_review.html", context, status=422)


def review_url(review: PeerReview) -> str:
    return review.get_absolute_url()


def _anchor(review: PeerReview, anchor: str) -> tuple[Node | None, Link | None]:
    """The statement ("node-12") or link ("link-7") of the snapshot under review (404 if it is
    not one of its own)."""
    kind, _, pk = anchor.partition("-")
    if not pk.isdigit() or kind not in ("node", "link"):
        return None, None
    snapshot = review.submission.snapshot_id
    if kind == "node":
        return get_object_or_404(Node, map_id=snapshot, pk=int(pk)), None
    return None, get_object_or_404(Link, map_id=snapshot, pk=int(pk))
