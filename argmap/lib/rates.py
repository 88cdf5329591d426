"""Request rates for the pages, counted exactly as the API counts its own.

The pages use DRF's `SimpleRateThrottle` (the API's throttles) with the same rates
(`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`, from the ARGMAP_RATE_* and ARGMAP_API_RATE_*
variables) and the same cache keys: an import through the page and one through the API spend
one budget, and so do joining a course on the page and through the API. The counts live in the
default cache, which every app server shares (settings.CACHES).

A request over its rate raises `RateLimited`; `argmap.lib.middleware` answers it with 429, a
message that says what to do, and `Retry-After`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from argmap.lib.addresses import client_address


class RateLimited(Exception):
    def __init__(self, message: str, wait: float | None) -> None:
        super().__init__(message)
        self.message = message
        self.wait = max(1, math.ceil(wait or 1))


class _Counter(SimpleRateThrottle):
    """One scope's count for one key; the key is `throttle_<scope>_<ident>`, as DRF's
    `ScopedRateThrottle` writes it, so the pages and the API share a count."""

    def __init__(self, scope: str, ident: str) -> None:
        self.scope = scope
        self.ident = ident
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES  # type: ignore[assignment]  # the stubs type rates as numbers; they are "60/min"
        super().__init__()

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


def user_ident(request: HttpRequest) -> str:
    """The key a signed-in user is counted under (DRF's: the user's id)."""
    return str(request.user.pk)


def address_ident(request: HttpRequest) -> str:
    return client_address(request)


def spend(request: HttpRequest, scope: str, ident: str, message: str) -> None:
    """Count this request in `scope` for `ident`; raise RateLimited once over the rate."""
    counter = _Counter(scope, ident)
    # DRF's throttle reads nothing of the request but what get_cache_key (above) ignores.
    if not counter.allow_request(cast(Any, request), cast(Any, None)):
        raise RateLimited(message, counter.wait())


def rate_limited(
    scope: str, message: str, *, ident: Callable[[HttpRequest], str] = address_ident
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Count a view's POSTs in `scope` (GETs only show a form and are not counted)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def counted(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                spend(request, scope, ident(request), message)
            return view(request, *args, **kwargs)

        return counted

    return decorate
