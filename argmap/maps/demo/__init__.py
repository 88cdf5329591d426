"""The demo debate, "Why did Japan surrender in August 1945?", loaded from the shipped data set.

`demo_data/surrender-debate.json` (version 2; its research notes are beside it, and
scripts/check_demo_data.py checks its integrity) maps onto the graph as `argmap.maps.demo.spec`
describes. Loading is idempotent: the map remembers a checksum of the data it holds, so loading
the same data again writes nothing, and loading a new version (over an installed version 1, say)
updates the same map in place, keeping every statement and link that stays (`sync`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from argmap.maps import services
from argmap.maps.demo.spec import demo_spec
from argmap.maps.demo.sync import MapSync, sync_glossary, sync_scholars, sync_sources
from argmap.maps.models import Map, Revision, RevisionAction, Visibility
from argmap.maps.services.history import bump, new_batch

DATA_FILE = Path(__file__).parent.parent / "demo_data" / "surrender-debate.json"
DEMO_MAP_KEY = "surrender-1945"
CURATOR_USERNAME = "argmap"
TITLE = "Why did Japan surrender in August 1945?"
QUESTION = "Why did Japan surrender in August 1945: the atomic bombs, the Soviet entry, or neither?"
DESCRIPTION = (
    "Historians' positions on the surrender, with the dated documents and events they argue "
    "over, who uses each and how, and which readings answer which. Every link records how well "
    "its attribution is attested. Built from a researched reference data set; its notes say what "
    "remains unverified, and whether a position stands here depends only on the objections this "
    "data set records."
)


@dataclass
class LoadReport:
    map: Map
    created: bool
    upgraded: bool = False
    counts: Counter[str] = field(default_factory=Counter)


def read_data(path: Path = DATA_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def curator() -> User:
    """The account that owns shipped maps; it cannot log in."""
    user, created = User.objects.get_or_create(username=CURATOR_USERNAME)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def checksum(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def load_demo(data: dict[str, Any] | None = None) -> LoadReport:
    """Load the demo debate, or bring an installed one up to `data`; all or nothing."""
    data = data if data is not None else read_data()
    version = checksum(data)
    existing = Map.all_objects.select_for_update().filter(key=DEMO_MAP_KEY).first()
    if existing is not None and existing.data_version == version:
        return LoadReport(existing, created=False)
    owner = curator()
    if existing is None:
        map_ = services.map_create(
            owner=owner,
            key=DEMO_MAP_KEY,
            visibility=Visibility.PUBLIC,
            title=TITLE,
            question=QUESTION,
            description=DESCRIPTION,
        )
    else:
        map_ = existing
        map_.title, map_.question, map_.description = TITLE, QUESTION, DESCRIPTION
    spec = demo_spec(data)
    counts: Counter[str] = Counter()
    sources = sync_sources(data, counts)
    scholars = sync_scholars(data, sources, counts)
    counts.update(MapSync(map_, spec, sources, scholars).run())
    sync_glossary(spec, sources, counts)
    map_.data_version = version
    map_.save(update_fields=["title", "question", "description", "data_version", "updated"])
    if existing is not None:
        changes = ", ".join(f"{n} {what}" for what, n in sorted(counts.items()) if n)
        Revision.objects.create(
            map=map_,
            actor=owner,
            batch=new_batch(),
            action=RevisionAction.UPDATE,
            target_type="map",
            target_id=map_.pk,
            summary=f"demo data updated to version {spec.version}: {changes}"[:300],
        )
        bump(map_)
    return LoadReport(map_, created=existing is None, upgraded=existing is not None, counts=counts)
