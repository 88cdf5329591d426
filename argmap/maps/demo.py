"""The demo debate, "Why did Japan surrender in August 1945?", loaded from the shipped data set.

`demo_data/surrender-debate.json` (with its research notes beside it) maps onto the graph as the
notes' §8 describes:

- every source, scholar and thesis becomes a Source, Scholar and thesis Node; each thesis's
  `key_claims` become claim Nodes that support it, attributed to its scholar;
- each evidence item becomes an evidence Node (main source = the first of its `source_ids`, the
  rest as extra sources; date with its precision; quote; uncertainty);
- a `supports` / `opposes` link becomes a Link from the evidence to the thesis, attributed to the
  thesis's scholar, with its rationale, citation, attestation, `attested_in` and note;
- a `contested` link becomes a claim Node (its text is the rationale) attributed to the contesting
  scholar that supports the thesis and **undercuts** every rival link that reads the same
  evidence as support of another thesis;
- a `contested` link whose attestation is `disputed-attribution` is not the scholar's own
  argument: it is kept as a disputed Characterisation of that scholar's use of the evidence;
- each thesis's `characterizations` become Characterisations (status disputed where the data
  says disputed or contested), and each `thesis_relations` entry an opposes Link between theses.

Loading is idempotent: when the map exists (by its key) nothing is written again.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from argmap.maps import services
from argmap.maps.models import (
    CharacterisationStatus,
    EvidenceKind,
    Link,
    LinkKind,
    Map,
    Node,
    NodeKind,
    Scholar,
    Source,
    Visibility,
)

DATA_FILE = Path(__file__).parent / "demo_data" / "surrender-debate.json"
DEMO_MAP_KEY = "surrender-1945"
CURATOR_USERNAME = "argmap"

_EVIDENCE_KINDS = {
    "primary source": EvidenceKind.DOCUMENT,
    "event": EvidenceKind.EVENT,
    "secondary statistic": EvidenceKind.STATISTIC,
}


@dataclass
class LoadReport:
    map: Map
    created: bool
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


def _sources(data: dict[str, Any], report: LoadReport) -> dict[str, Source]:
    keys = [d["id"] for d in data["sources"]]
    found = {s.key or "": s for s in Source.objects.filter(key__in=keys)}
    for item in data["sources"]:
        if item["id"] not in found:
            found[item["id"]] = services.source_create(
                key=item["id"],
                authors=item["author"] or "",
                title=item["title"],
                container=item.get("venue") or "",
                year=item.get("year"),
                kind=item["kind"],
                url=item.get("url") or "",
                notes=item.get("notes") or "",
            )
        report.counts["sources"] += 1
    return found


def _scholars(
    data: dict[str, Any], sources: dict[str, Source], report: LoadReport
) -> dict[str, Scholar]:
    keys = [d["id"] for d in data["scholars"]]
    found = {s.key or "": s for s in Scholar.objects.filter(key__in=keys)}
    for item in data["scholars"]:
        if item["id"] not in found:
            found[item["id"]] = services.scholar_create(
                key=item["id"],
                name=item["name"],
                role=item.get("role", ""),
                works=[sources[w] for w in item.get("works", [])],
            )
        report.counts["scholars"] += 1
    return found


@transaction.atomic
def load_demo(data: dict[str, Any] | None = None) -> LoadReport:
    """Load the demo debate unless it is already there; all or nothing."""
    existing = Map.all_objects.filter(key=DEMO_MAP_KEY).first()
    if existing is not None:
        return LoadReport(existing, created=False)
    data = data if data is not None else read_data()
    map_ = services.map_create(
        owner=curator(),
        key=DEMO_MAP_KEY,
        visibility=Visibility.PUBLIC,
        title="Why did Japan surrender in August 1945?",
        question="Why did Japan surrender in August 1945: the atomic bombs, the Soviet entry, "
        "or neither?",
        description="Fourteen historians' positions on the surrender, with the dated documents "
        "and events they argue over. Every link records how well its attribution "
        "is attested. Built from a researched reference data set; see its notes "
        "for what remains unverified.",
    )
    report = LoadReport(map_, created=True)
    sources = _sources(data, report)
    scholars = _scholars(data, sources, report)

    theses: dict[str, Node] = {}
    for item in data["theses"]:
        scholar = scholars[item["scholar_id"]]
        thesis = services.node_create(
            map=map_,
            kind=NodeKind.THESIS,
            key=item["id"],
            title=item["short_title"],
            text=item["statement"],
            scholar=scholar,
            school=item.get("school", ""),
        )
        theses[item["id"]] = thesis
        report.counts["theses"] += 1
        for number, claim_text in enumerate(item.get("key_claims", []), start=1):
            claim = services.node_create(
                map=map_,
                kind=NodeKind.CLAIM,
                key=f"{item['id']}-k{number}",
                text=claim_text,
                scholar=scholar,
            )
            services.link_create(
                map=map_,
                kind=LinkKind.SUPPORTS,
                source=claim,
                target=thesis,
                scholar=scholar,
                key=f"{item['id']}-k{number}--{item['id']}",
            )
            report.counts["key_claims"] += 1

    evidence: dict[str, Node] = {}
    for item in data["evidence"]:
        cited = [sources[s] for s in item.get("source_ids", [])]
        evidence[item["id"]] = services.node_create(
            map=map_,
            kind=NodeKind.EVIDENCE,
            key=item["id"],
            title=item["title"],
            text=item["description"],
            evidence_kind=_EVIDENCE_KINDS[item["kind"]],
            source=cited[0] if cited else None,
            extra_sources=cited[1:],
            quote=item.get("quote", ""),
            date_text=item.get("date", ""),
            uncertainty=item.get("uncertainty", ""),
        )
        report.counts["evidence"] += 1

    def common(link: dict[str, Any]) -> dict[str, Any]:
        return {
            "map": map_,
            "scholar": theses[link["thesis_id"]].scholar,
            "citation": sources[link["source_id"]],
            "attestation": link["attestation"],
            "attested_in": [sources[s] for s in link.get("attested_in", [])],
            "note": link.get("note", ""),
        }

    # Plain uses first: the contested readings below undercut them.
    uses: dict[tuple[str, str], Link] = {}
    for link in data["links"]:
        if link["stance"] in (LinkKind.SUPPORTS, LinkKind.OPPOSES):
            uses[(link["thesis_id"], link["evidence_id"])] = services.link_create(
                kind=link["stance"],
                source=evidence[link["evidence_id"]],
                target=theses[link["thesis_id"]],
                rationale=link["rationale"],
                key=f"{link['evidence_id']}--{link['thesis_id']}",
                **common(link),
            )
            report.counts[f"links_{link['stance']}"] += 1

    counter_sources = _counter_sources_by_thesis(data, sources)
    for link in data["links"]:
        if link["stance"] != "contested":
            continue
        thesis, item = theses[link["thesis_id"]], evidence[link["evidence_id"]]
        if link["attestation"] == "disputed-attribution":
            assert thesis.scholar is not None
            services.characterisation_create(
                scholar=thesis.scholar,
                source=sources[link["source_id"]],
                thesis=thesis,
                evidence=item,
                text=link["rationale"],
                status=CharacterisationStatus.DISPUTED,
                status_note="disputed attribution of this use of the evidence",
                counter_sources=counter_sources.get((link["thesis_id"], link["source_id"]), []),
                note=link.get("note", ""),
            )
            report.counts["links_disputed_attribution"] += 1
            continue
        rivals = [
            use
            for (thesis_id, evidence_id), use in uses.items()
            if evidence_id == link["evidence_id"]
            and thesis_id != link["thesis_id"]
            and use.kind == LinkKind.SUPPORTS
        ]
        if not rivals:
            raise ValueError(
                f"Contested use {link['thesis_id']} / {link['evidence_id']} has no rival reading "
                "to undercut; the demo mapping does not cover that case."
            )
        base = f"{link['thesis_id']}--on--{link['evidence_id']}"
        claim = services.node_create(
            map=map_,
            kind=NodeKind.CLAIM,
            key=base,
            text=link["rationale"],
            title=f"{thesis.scholar.name if thesis.scholar else ''} on: {item.title}",
            scholar=thesis.scholar,
        )
        services.link_create(
            kind=LinkKind.SUPPORTS,
            source=claim,
            target=thesis,
            key=f"{base}--{link['thesis_id']}",
            **common(link),
        )
        for rival in rivals:
            services.link_create(
                kind=LinkKind.UNDERCUTS,
                source=claim,
                target_link=rival,
                key=f"{base}--x--{rival.target_node.key if rival.target_node else rival.pk}",
                **common(link),
            )
            report.counts["undercuts"] += 1
        report.counts["links_contested"] += 1

    for item in data["theses"]:
        for char in item.get("characterizations", []):
            status = char.get("status", "")
            disputed = "disputed" in status.lower() or "contested" in status.lower()
            services.characterisation_create(
                scholar=scholars[item["scholar_id"]],
                source=sources[char["source_id"]],
                thesis=theses[item["id"]],
                text=char["characterization"],
                status=CharacterisationStatus.DISPUTED
                if disputed
                else CharacterisationStatus.ACCEPTED,
                status_note=status,
                note=char.get("note", ""),
                counter_sources=[sources[s] for s in char.get("counter_source_ids", [])],
            )
            report.counts["characterisations"] += 1

    for rel in data["thesis_relations"]:
        services.link_create(
            map=map_,
            kind=rel["stance"],
            source=theses[rel["from_thesis"]],
            target=theses[rel["to_thesis"]],
            scholar=theses[rel["from_thesis"]].scholar,
            rationale=rel["rationale"],
            citation=sources[rel["source_id"]],
            attestation=rel["attestation"],
            key=f"{rel['from_thesis']}--{rel['to_thesis']}",
        )
        report.counts["thesis_relations"] += 1
    return report


def _counter_sources_by_thesis(
    data: dict[str, Any], sources: dict[str, Source]
) -> dict[tuple[str, str], list[Source]]:
    """(thesis id, source id) -> counter-sources of that source's characterisation of the thesis."""
    found: dict[tuple[str, str], list[Source]] = {}
    for item in data["theses"]:
        for char in item.get("characterizations", []):
            if char.get("counter_source_ids"):
                found[(item["id"], char["source_id"])] = [
                    sources[s] for s in char["counter_source_ids"]
                ]
    return found
