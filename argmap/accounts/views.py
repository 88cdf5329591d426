"""Sign-up and the API token page; log-in and log-out are Django's own views with our
templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from argmap.accounts import services
from argmap.accounts.forms import SignUpForm
from argmap.lib.http import signed_in


@require_http_methods(["GET", "POST"])
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
def api_token(request: HttpRequest) -> HttpResponse:
    """The signed-in user's API token: create or replace it (the key is shown once, then),
    or revoke it."""
    user = signed_in(request)
    key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if services.token_revoke(user=user):
                messages.success(request, "Your API token is revoked: programs using it are out.")
            return redirect("accounts:api-token")
        key = services.token_replace(user=user).key
    token = Token.objects.filter(user=user).first()
    response = render(request, "accounts/api_token.html", {"token": token, "key": key})
    response["Cache-Control"] = "no-store"  # the page may show the key
    return response
