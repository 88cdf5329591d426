"""The API's cast: Ada's maps (one private, one public) with a thesis, evidence, a link and an
undoable delete; API clients for Ada and Ben (token authentication) and an anonymous one.

Throttle rates are generous here so that no test is throttled by accident; the throttling
tests set small ones on purpose.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import CONSTANTS
from rest_framework.test import APIClient

from argmap.maps import services
from argmap.maps.models import Characterisation, CharacterisationStatus, Link, Map, Node
from tests.factories import (
    EvidenceFactory,
    MapFactory,
    ScholarFactory,
    SourceFactory,
    ThesisFactory,
)

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


def fixed_token(user: User, key: str) -> None:
    """Give `user` the API key `key` (stored as knox stores every key: its digest)."""
    AuthToken.objects.get_or_create(
        digest=hash_token(key),
        defaults={"user": user, "token_key": key[: CONSTANTS.TOKEN_KEY_LENGTH]},
    )


def token_client(user: User) -> APIClient:
    client = APIClient()
    _, key = AuthToken.objects.create(user=user, expiry=None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def ada_api(ada: User) -> APIClient:
    return token_client(ada)


@pytest.fixture
def ben_api(ben: User) -> APIClient:
    return token_client(ben)


@pytest.fixture
def anon_api() -> APIClient:
    return APIClient()


@dataclass
class Scene:
    map: Map
    thesis: Node
    other: Node  # a second thesis, for the debate
    evidence: Node
    link: Link  # evidence supports thesis
    batch: uuid.UUID  # a delete that can be undone
    characterisation: Characterisation  # about `thesis`


def make_scene(owner: User, visibility: str) -> Scene:
    map_ = MapFactory(owner=owner, visibility=visibility, title=f"Ada's {visibility} map")
    thesis = ThesisFactory(map=map_, text="The Soviet entry was decisive")
    other = ThesisFactory(map=map_, text="The bombs were decisive")
    evidence = EvidenceFactory(map=map_, text="Declaration of war, 8 August")
    link = services.link_create(
        map=map_, kind="supports", source=evidence, target=thesis, actor=owner
    )
    spare = ThesisFactory(map=map_, text="to be deleted")
    batch = services.node_delete(node=spare, actor=owner)
    characterisation = services.characterisation_create(
        scholar=ScholarFactory(),
        source=SourceFactory(),
        text="Says the Soviet entry decided it",
        status=CharacterisationStatus.DISPUTED,
        thesis=thesis,
    )
    return Scene(map_, thesis, other, evidence, link, batch, characterisation)


@pytest.fixture
def private(ada: User) -> Scene:
    return make_scene(ada, "private")


@pytest.fixture
def public(ada: User) -> Scene:
    return make_scene(ada, "public")
