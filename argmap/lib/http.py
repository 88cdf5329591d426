"""What every view shares: the typed requests, the signed-in user, a service's refusal shown on
its form, and URL prefixes for pages that link many rows.

Pages and the API both pass their request here (DRF's `Request` has the same `user`), so there is
one way to narrow `request.user`.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that has passed django-htmx's middleware (the typing pattern django-stubs
    recommends)."""

    htmx: HtmxDetails


class HasUser(Protocol):
    """A request of Django's or of DRF's, or anything else that carries a user."""

    @property
    def user(self) -> User | AnonymousUser: ...


def signed_in(request: HasUser) -> User:
    """The user of a request that a decorator, a permission class or a scoped query already
    required to be signed in."""
    user = request.user
    if not isinstance(user, User):
        # Reaching this is a bug in the view's decorators: say so rather than act as nobody.
        raise PermissionDenied("Log in first.")
    return user


def show_refusal(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError on the form that was submitted: each field's messages
    next to that field, anything else (or a field the form does not have) above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.error_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


def url_prefix(viewname: str, *args: object, placeholders: int = 1) -> str:
    """The URL of `viewname` up to its last `placeholders` ids, e.g. "/maps/3/nodes/" for
    `maps:node-detail`: a page linking a thousand rows reverses once and appends each id
    ("{prefix}{id}/") instead of reversing a thousand times."""
    url = reverse(viewname, args=[*args, *([0] * placeholders)])
    return url.removesuffix("0/" * placeholders)
