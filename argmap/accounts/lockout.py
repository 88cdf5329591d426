"""Log-in lock-outs: per account by django-axes, per client address here.

Every password check goes through `django.contrib.auth.authenticate` with the request: the
log-in page, the admin's log-in and the API's token endpoint. So both counts see every failure:

- **per account** (django-axes, `AXES_FAILURE_LIMIT`): after ARGMAP_LOGIN_LIMIT_ACCOUNT failures
  for one username, that username is locked for ARGMAP_LOGIN_COOLOFF_MINUTES, whatever the
  address (a password guessed slowly from many addresses);
- **per address** (`AddressLockoutBackend`): after ARGMAP_LOGIN_LIMIT_ADDRESS failures from one
  client address, for any usernames, that address is locked for as long (one address trying
  many accounts). The limit is higher, because a whole class may share one school address.

A locked-out attempt answers 429 with `Retry-After`, as a page or as the API's JSON error; the
right password does not help until the cool-off ends.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from argmap.lib.addresses import client_address


def _key(request: HttpRequest) -> str:
    return f"login-failures:{client_address(request)}"


def cool_off_seconds() -> int:
    return int(settings.LOGIN_COOLOFF_MINUTES) * 60


@receiver(user_login_failed)
def count_failure_by_address(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is None:
        return
    key = _key(request)
    # Like axes, each failure starts the cool-off again. (get and set, not incr: the database
    # cache's incr would write the default expiry.)
    cache.set(key, cache.get(key, 0) + 1, cool_off_seconds())


class AddressLockoutBackend:
    """Refuses every password check from an address over its limit (before any password is
    compared); the answer is the lock-out page, through axes' middleware. It has no get_user:
    it never logs anyone in, so no session names it."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if request is None:
            return None
        if cache.get(_key(request), 0) >= settings.LOGIN_LIMIT_ADDRESS:
            # The flag django-axes' own backend sets; AxesMiddleware answers with the lock-out.
            setattr(request, "axes_locked_out", True)  # noqa: B010
            raise PermissionDenied("Too many failed log-ins from this address.")
        return None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with Retry-After, as JSON under /api/ and a page elsewhere."""
    minutes = int(settings.LOGIN_COOLOFF_MINUTES)
    message = (
        f"Too many failed log-ins. Log-in is locked for {minutes} minutes; then try again. "
        "If you forgot your password, reset it."
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    else:
        response = render(request, "accounts/locked.html", {"message": message}, status=429)
    response["Retry-After"] = str(cool_off_seconds())
    return response
