"""Sign-up, the account page, API keys and the password-reset request; log-in, the password
change and the reset link are Django's own views with our templates (urls.py), and log-out is
Django's with one header more."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from argmap.accounts import services
from argmap.accounts.forms import AccountForm, ResetRequestForm, SignUpForm, TokenForm
from argmap.lib.addresses import client_address
from argmap.lib.http import show_refusal, signed_in
from argmap.lib.rates import RateLimited, rate_limited, spend


@require_http_methods(["GET", "POST"])
@rate_limited("signup", "Many accounts were made from your network in the last hour.")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome, {user.username}. Your account is ready.")
            return redirect("home")
        return render(request, "accounts/signup.html", {"form": form}, status=422)
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = AccountForm(request.POST or None, instance=user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Saved your e-mail address.")
            return redirect("accounts:account")
        return render(request, "accounts/account.html", {"form": form}, status=422)
    return render(request, "accounts/account.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """The signed-in user's API keys: make one (shown once, then), revoke one, or all."""
    user = signed_in(request)
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    context: dict[str, Any] = {"form": form, "key": None}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "revoke":
            if services.token_revoke(user=user, digest=request.POST.get("token", "")):
                messages.success(request, "Revoked that key: programs using it are out.")
            return redirect("accounts:api-token")
        if action == "revoke-all":
            count = services.tokens_revoke_all(user=user)
            messages.success(request, f"Revoked all your keys ({count}).")
            return redirect("accounts:api-token")
        if form.is_valid():
            try:
                made = services.token_create(user=user, days=form.cleaned_data["days"])
            except ValidationError as exc:
                show_refusal(form, exc)
                status = 422
            else:
                context["key"], context["new"] = made.key, made.token
        else:
            status = 422
    context["tokens"] = services.tokens_of(user)
    return render(request, "accounts/api_token.html", context, status=status)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view, counted per client address (429 past the rate) and per address asked
    for: past that rate no more mail goes to it, though the answer is the same, so that nobody
    learns whether it has an account and nobody can fill someone's mailbox."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        spend(
            request,
            "password_reset",
            client_address(request),
            "Many password resets were asked for from your network in the last hour.",
        )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        try:
            spend(self.request, "password_reset", f"mail:{email}", "")
        except RateLimited:
            return redirect(self.get_success_url())
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    """Django's log-out, which also asks the browser to drop what it keeps of this site.

    The map pages are kept by the reader's browser to be revalidated (`private, no-cache`,
    argmap/lib/revalidation.py). A revalidation after log-out never gets a 304 (the tag holds the
    reader), but Back may show a kept page without asking: on a shared computer the next person
    would read it. `Clear-Site-Data: "cache"` empties this site's part of the browser's cache.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache"'
        return response
