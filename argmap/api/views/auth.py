"""Tokens for scripts and other programs, the API's index, and its interactive documentation.

A browser signed in to the app is already authenticated (session + CSRF). A program sends
`Authorization: Token <key>`; the key comes from POST /api/auth/token/ (with a username and
password, or from a signed-in session) or from the page /accounts/token/, and stops working
after DELETE /api/auth/token/. One key per user (DRF's authtoken): asking again returns it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.accounts import services
from argmap.lib.http import signed_in

AUTH = ["auth"]


class Credentials(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, required=False)
    password = serializers.CharField(
        max_length=1024, required=False, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenOut(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


class TokenView(GenericAPIView[Token]):
    # Each request may check a password: a stricter rate than the rest of the API.
    throttle_scope = "token"
    parser_classes = [JSONParser, FormParser]
    extra_errors = {"POST": (400,)}

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        tags=AUTH,
        summary="Get your API token",
        description="Signed in (session or token): no body needed. Otherwise send your "
        "username and password. Returns your one token, creating it if needed.",
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
        token = services.token_get_or_create(user=user)
        return Response(TokenOut({"token": token.key}).data)

    @extend_schema(tags=AUTH, summary="Revoke your API token", request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        services.token_revoke(user=signed_in(request))
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
