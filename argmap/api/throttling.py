"""Request rates: anonymous clients by address, signed-in users by account, and stricter
scopes for imports (parsing a large file is the most expensive request) and for the token
endpoint (it checks passwords: a brute-force target).

A throttled request answers 429 with `Retry-After` (seconds). Counts live in the default cache,
which must be shared by every worker (settings.CACHES). The rates are settings
(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from ARGMAP_API_RATE_* variables).
"""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    SimpleRateThrottle,
    UserRateThrottle,
)


class _CurrentRates(SimpleRateThrottle):
    """DRF's throttles copy the rates into a class attribute when first imported, so a later
    change of the setting (a test's override, say) would be ignored; read them per request."""

    def get_rate(self) -> str | None:
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES  # type: ignore[assignment]  # the stubs type rates as numbers; they are "60/min"
        return super().get_rate()


class AnonThrottle(_CurrentRates, AnonRateThrottle):
    pass


class UserThrottle(_CurrentRates, UserRateThrottle):
    pass


class ScopedThrottle(_CurrentRates, ScopedRateThrottle):
    """Applies to views that set `throttle_scope` ("imports", "token"), on top of the others."""
