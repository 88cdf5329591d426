"""The demo loader brings in every item of the shipped data set, once."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from argmap.maps.demo import DEMO_MAP_KEY, load_demo, read_data
from argmap.maps.models import Characterisation, Link, Map, Node, Scholar, Source

pytestmark = pytest.mark.django_db

DATA = read_data()
STANCES = Counter(link["stance"] for link in DATA["links"])
DISPUTED_USES = sum(1 for ln in DATA["links"] if ln["attestation"] == "disputed-attribution")


def test_demo_data_file_has_the_documented_size() -> None:
    assert (len(DATA["sources"]), len(DATA["scholars"]), len(DATA["theses"])) == (76, 14, 14)
    assert (len(DATA["evidence"]), len(DATA["links"]), len(DATA["thesis_relations"])) == (
        44,
        101,
        14,
    )


def test_load_demo_creates_every_source_scholar_thesis_and_evidence_item(demo: Map) -> None:
    assert Source.objects.filter(key__in=[s["id"] for s in DATA["sources"]]).count() == 76
    assert Scholar.objects.filter(key__in=[s["id"] for s in DATA["scholars"]]).count() == 14
    assert demo.nodes.filter(kind="thesis").count() == 14
    assert demo.nodes.filter(kind="evidence").count() == 44
    key_claims = sum(len(t["key_claims"]) for t in DATA["theses"])
    contested_claims = STANCES["contested"] - DISPUTED_USES
    assert demo.nodes.filter(kind="claim").count() == key_claims + contested_claims


def test_load_demo_accounts_for_every_one_of_the_101_links(demo: Map) -> None:
    evidence_to_thesis = Link.objects.filter(
        map=demo, source_node__kind="evidence", target_node__kind="thesis"
    )
    assert evidence_to_thesis.filter(kind="supports").count() == STANCES["supports"] == 79
    assert evidence_to_thesis.filter(kind="opposes").count() == STANCES["opposes"] == 4
    contested_claims = Link.objects.filter(map=demo, kind="supports", key__contains="--on--")
    assert contested_claims.count() == STANCES["contested"] - DISPUTED_USES == 16
    kept_as_characterisations = Characterisation.objects.filter(
        thesis__map=demo, evidence__isnull=False
    )
    assert kept_as_characterisations.count() == DISPUTED_USES == 2
    assert len(DATA["links"]) == 79 + 4 + 16 + 2


def test_load_demo_preserves_attestation_and_attested_in(demo: Map) -> None:
    for item in DATA["links"]:
        if item["stance"] == "contested":
            continue
        link = Link.objects.get(map=demo, key=f"{item['evidence_id']}--{item['thesis_id']}")
        assert link.attestation == item["attestation"]
        assert link.citation.key == item["source_id"]
        assert sorted(s.key for s in link.attested_in.all()) == sorted(item.get("attested_in", []))


def test_load_demo_turns_contested_readings_into_undercuts(demo: Map) -> None:
    # Wilson contests the reading of the 15 August rescript that the bomb-first theses rely on.
    wilson_claim = Node.objects.get(map=demo, key="th_wilson--on--ev_rescript_aug15")
    undercut_targets = {
        link.target_link.target_node.key
        for link in Link.objects.filter(source_node=wilson_claim, kind="undercuts")
    }
    rescript_supports = {
        ln["thesis_id"]
        for ln in DATA["links"]
        if ln["evidence_id"] == "ev_rescript_aug15" and ln["stance"] == "supports"
    }
    assert undercut_targets == rescript_supports
    assert wilson_claim.scholar.key == "sch_wilson"


def test_load_demo_records_thesis_relations_as_opposes_links(demo: Map) -> None:
    between_theses = Link.objects.filter(
        map=demo, source_node__kind="thesis", target_node__kind="thesis"
    )
    assert between_theses.filter(kind="opposes").count() == len(DATA["thesis_relations"])
    # Each with the data's rationale, citation and attestation.
    for rel in DATA["thesis_relations"]:
        link = between_theses.get(
            source_node__key=rel["from_thesis"], target_node__key=rel["to_thesis"]
        )
        assert link.rationale == rel["rationale"]
        assert link.citation.key == rel["source_id"]
        assert link.attestation == rel["attestation"]


def test_load_demo_keeps_every_characterisation_and_every_cited_source(demo: Map) -> None:
    stated = [(t["id"], c) for t in DATA["theses"] for c in t["characterizations"]]
    assert len(stated) == 11
    for thesis_id, char in stated:
        found = Characterisation.objects.get(thesis__key=thesis_id, text=char["characterization"])
        assert found.source.key == char["source_id"]
        # The data's status is free text ("contested by Bernstein and Newman").
        disputed = any(word in char["status"].lower() for word in ("disputed", "contested"))
        assert (found.status == "disputed") == disputed, char
        assert found.status_note == char["status"]
    for item in DATA["evidence"]:
        node = Node.objects.get(map=demo, key=item["id"])
        cited = [node.source.key, *sorted(s.key for s in node.extra_sources.all())]
        assert cited[0] == item["source_ids"][0]
        assert sorted(cited) == sorted(item["source_ids"]), item["id"]


def test_load_demo_keeps_the_frank_characterisation_disputed_with_counter_sources(
    demo: Map,
) -> None:
    frank = Scholar.objects.get(key="sch_frank")
    disputed = Characterisation.objects.filter(
        scholar=frank, status="disputed", evidence__isnull=True
    )
    assert disputed.count() == 1
    item = disputed.get()
    assert item.source.key == "src_wiki_sjw"
    assert {s.key for s in item.counter_sources.all()} >= {
        "src_hasegawa_apjjf_2007",
        "src_frank_ws_2005",
    }
    # The two uses the encyclopedia attributes to Frank are not Frank's own links.
    assert not Link.objects.filter(
        map=demo, key__in=["ev_manchuria--th_frank", "ev_kwantung--th_frank"]
    ).exists()


def test_load_demo_is_idempotent(demo: Map) -> None:
    counts = (
        Map.all_objects.count(),
        Node.all_objects.count(),
        Link.all_objects.count(),
        Source.objects.count(),
    )
    again = load_demo()
    assert not again.created and again.map == demo
    assert (
        Map.all_objects.count(),
        Node.all_objects.count(),
        Link.all_objects.count(),
        Source.objects.count(),
    ) == counts


def test_load_demo_command_reports_what_it_did(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo")
    assert "Loaded the demo debate" in capsys.readouterr().out
    call_command("load_demo")
    assert "already loaded" in capsys.readouterr().out
    assert Map.objects.get(key=DEMO_MAP_KEY).visibility == "public"


def test_load_demo_writes_nothing_when_the_data_is_broken() -> None:
    broken = read_data()
    broken["links"][50]["thesis_id"] = "th_nobody"
    with pytest.raises(KeyError):
        load_demo(broken)
    assert (
        not Map.all_objects.exists()
        and not Node.all_objects.exists()
        and not Source.objects.exists()
    )
