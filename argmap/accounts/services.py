"""API tokens: the one key a user's programs authenticate with (DRF's authtoken, one per user).

Used by the token page (/accounts/token/) and the API (POST/DELETE /api/auth/token/).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.authtoken.models import Token


def token_get_or_create(*, user: User) -> Token:
    token, _ = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def token_replace(*, user: User) -> Token:
    """A new key; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_revoke(*, user: User) -> bool:
    """Delete the user's key; whether there was one."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted > 0
