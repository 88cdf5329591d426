"""Request rates: anonymous clients by address, signed-in users by account, and stricter
scopes for imports (parsing a large file is the most expensive request) and for the token
endpoint (it checks passwords: a brute-force target).

A throttled request answers 429 with `Retry-After` (seconds). Counts live in the default cache,
which must be shared by every worker (settings.CACHES). The rates are settings
(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from ARGMAP_API_RATE_* variables).
"""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)

from argmap.lib.addresses import client_address


class _CurrentRates(SimpleRateThrottle):
    """DRF's throttles copy the rates into a class attribute when first imported, so a later
    change of the setting (a test's override, say) would be ignored; read them per request.
    A client's address is the one every rate and lock-out counts (argmap/lib/addresses.py):
    X-Forwarded-For only from a trusted proxy."""

    def get_rate(self) -> str | None:
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES  # type: ignore[assignment]  # the stubs type rates as numbers; they are "60/min"
        return super().get_rate()

    def get_ident(self, request: Request) -> str:
        return client_address(request._request)


class AnonThrottle(_CurrentRates, AnonRateThrottle):
    pass


class UserThrottle(_CurrentRates, UserRateThrottle):
    pass


class ScopedThrottle(_CurrentRates, ScopedRateThrottle):
    """Applies to views that set `throttle_scope` ("imports", "token", "join"), on top of the
    others. The pages count imports and joins in the same scopes (argmap/lib/rates.py)."""
