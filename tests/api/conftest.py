"""The API tests' settings: throttle rates are generous here so that no test is throttled by
accident (the throttling tests set small ones on purpose), and `quiet_requests` for tests that
are refused thousands of times on purpose. The cast and its scenes are in tests/cast.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

GENEROUS = "1000000/min"


@pytest.fixture(autouse=True)
def generous_rates(settings: Any) -> None:
    rest = dict(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(rest["DEFAULT_THROTTLE_RATES"], GENEROUS)
    settings.REST_FRAMEWORK = rest


@pytest.fixture
def quiet_requests() -> Iterator[None]:
    """Silence django.request's warning per refused request (404, 412, …) when a test makes
    thousands of them on purpose; errors (5xx) are still logged."""
    log = logging.getLogger("django.request")
    level = log.level
    log.setLevel(logging.ERROR)
    yield
    log.setLevel(level)
