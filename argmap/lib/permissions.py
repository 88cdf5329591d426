"""The one way to refuse: views, the API and the services ask the same rules through `require`, so
that no caller (a view, the API, a management command) can skip them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Model


def require(user: User | AnonymousUser, perm: str, obj: Model, message: str) -> None:
    """Refuse (403, with `message`) unless the rules grant `perm` on `obj` to `user`."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message)
