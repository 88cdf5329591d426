"""The services ask the same rules as the views (`argmap.classroom.rules`), so that no caller (a
view, the API, a management command) can skip them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model


def require(actor: User, perm: str, obj: Model, message: str) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(message)
