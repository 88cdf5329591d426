"""Keys for scripts and other programs, the API's index, and its interactive documentation.

A browser signed in to the app is already authenticated (session + CSRF). A program sends
`Authorization: Token <key>`; the key comes from POST /api/auth/token/ (with a username and
password, or from a signed-in session) or from the page /accounts/token/. Each request makes a
new key, shown once (only its digest is stored: argmap/accounts/services.py), optionally
expiring; DELETE /api/auth/token/ revokes the key it is sent with (from a session: every key).
Password checks here count towards the log-in lock-outs (argmap/accounts/lockout.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.accounts import services
from argmap.api.parsers import BoundedJSONParser
from argmap.lib.http import signed_in

AUTH = ["auth"]


class Credentials(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, required=False)
    password = serializers.CharField(
        max_length=1024, required=False, trim_whitespace=False, style={"input_type": "password"}
    )
    days = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=services.MAX_DAYS,
        help_text="How many days the key works; without it, until it is revoked.",
    )


class TokenOut(serializers.Serializer[Any]):
    token = serializers.CharField(
        help_text="Send it as `Authorization: Token <token>`. Shown this once: keep it."
    )
    expiry = serializers.DateTimeField(allow_null=True, help_text="Null: until revoked.")


class TokenView(GenericAPIView[AuthToken]):
    # Each request may check a password: a stricter rate than the rest of the API.
    throttle_scope = "token"
    parser_classes = [BoundedJSONParser, FormParser]
    extra_errors = {"POST": (400, 422)}

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        tags=AUTH,
        summary="Make an API key",
        description="Signed in (session or token): no password needed. Otherwise send your "
        "username and password. Each call makes a new key, shown only in this answer.",
        request=Credentials,
        responses=TokenOut,
    )
    def post(self, request: Request) -> Response:
        data = Credentials(data=request.data)
        data.is_valid(raise_exception=True)
        if "username" in data.validated_data or not request.user.is_authenticated:
            found = authenticate(
                request._request,
                username=data.validated_data.get("username", ""),
                password=data.validated_data.get("password", ""),
            )
            if not isinstance(found, User):
                raise serializers.ValidationError(
                    {"non_field_errors": ["Unable to log in with this username and password."]}
                )
            user = found
        else:
            user = signed_in(request)
        made = services.token_create(user=user, days=data.validated_data.get("days"))
        return Response(TokenOut({"token": made.key, "expiry": made.token.expiry}).data)

    @extend_schema(
        tags=AUTH,
        summary="Revoke the key this request is sent with (with a session: all your keys)",
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request) -> Response:
        user = signed_in(request)
        if isinstance(request.auth, AuthToken):
            services.token_revoke(user=user, digest=request.auth.digest)
        else:
            services.tokens_revoke_all(user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiIndex(serializers.Serializer[Any]):
    maps = serializers.CharField()
    map_import = serializers.CharField()
    sources = serializers.CharField()
    scholars = serializers.CharField()
    characterisations = serializers.CharField()
    courses = serializers.CharField()
    course_join = serializers.CharField()
    token = serializers.CharField()
    schema = serializers.CharField()
    docs = serializers.CharField()


class ApiRootView(GenericAPIView[Any]):
    permission_classes = [AllowAny]

    @extend_schema(summary="Where things are", responses=ApiIndex)
    def get(self, request: Request) -> Response:
        names = {
            "maps": "map-list",
            "map_import": "map-import",
            "sources": "source-list",
            "scholars": "scholar-list",
            "characterisations": "characterisation-list",
            "courses": "course-list",
            "course_join": "course-join",
            "token": "token",
            "schema": "schema",
            "docs": "docs",
        }
        return Response(ApiIndex({key: reverse(f"api:{n}") for key, n in names.items()}).data)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from our own static files (drf-spectacular-sidecar), with its start-up
    script served as a file of its own: our Content-Security-Policy allows no inline script.
    The template also moves the page's inline style into a stylesheet (no inline style either)."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
