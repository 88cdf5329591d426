"""API tokens: the keys a user's programs authenticate with (django-rest-knox).

The database keeps only a SHA-512 digest of each key and its first characters to look it up, so
a copy of the database (a backup, say) carries no working key. A key is shown once, when it is
made; a user may hold several (one per program), each revocable alone, each with an optional
expiry. Used by the token page (/accounts/token/) and the API (POST/DELETE /api/auth/token/).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from knox.models import AuthToken

# Enough for every program a person runs; a runaway script cannot pile up keys without end.
MAX_TOKENS_PER_USER = 20
MAX_DAYS = 3650


@dataclass(frozen=True)
class NewToken:
    token: AuthToken
    key: str  # shown to the user once, never stored


def tokens_of(user: User) -> list[AuthToken]:
    """The user's keys, newest first (only their digests and first characters are stored)."""
    return list(AuthToken.objects.filter(user=user).order_by("-created"))


@transaction.atomic
def token_create(*, user: User, days: int | None = None) -> NewToken:
    """A new key for `user`, valid for `days` (None: until revoked)."""
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"A key is valid for 1 to {MAX_DAYS:,} days."})
    # Expired keys do not count; knox deletes them when they are next presented.
    live = AuthToken.objects.filter(user=user).exclude(expiry__lt=timezone.now())
    if live.count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            f"You have {MAX_TOKENS_PER_USER} API keys already: revoke one you no longer use."
        )
    expiry = datetime.timedelta(days=days) if days is not None else None
    token, key = AuthToken.objects.create(user=user, expiry=expiry)
    return NewToken(token, key)


def token_revoke(*, user: User, digest: str) -> bool:
    """Revoke one of the user's keys; whether it was theirs."""
    deleted, _ = AuthToken.objects.filter(user=user, digest=digest).delete()
    return deleted > 0


def tokens_revoke_all(*, user: User) -> int:
    """Revoke every key of the user (a key may have leaked); how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted
