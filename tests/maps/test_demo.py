"""The demo is the data set's version 2, every field of it loaded, and checked against the file:
who uses each piece of evidence, which readings answer which (and no others), the key claim each
use bears on, the characterisations with their status. An installed version 1 is upgraded in
place, once."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from argmap.maps import services
from argmap.maps.demo import DEMO_MAP_KEY, load_demo, read_data
from argmap.maps.demo.spec import reading_key, use_key
from argmap.maps.models import Characterisation, GlossaryTerm, Link, Map, Node, Scholar, Source

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
DATA = read_data()
VERSION_1 = read_data(ROOT / "tests/maps/data/surrender-debate-v1.json")
THESES = {t["id"]: t for t in DATA["theses"]}


@pytest.fixture
def demo() -> Map:
    return load_demo().map


def _use(demo: Map, thesis: str, evidence: str) -> Link:
    return Link.objects.select_related("scholar", "target_node", "citation").get(
        map=demo, key=use_key(thesis, evidence)
    )


def test_the_shipped_data_is_version_2_and_passes_its_own_check() -> None:
    assert DATA["version"] == 2
    checked = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check_demo_data.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith("OK: surrender-debate.json version 2")


def test_load_demo_creates_every_source_scholar_thesis_evidence_item_and_term(demo: Map) -> None:
    counts = {name: len(DATA[name]) for name in ("sources", "scholars", "theses", "evidence")}
    assert counts == {"sources": 142, "scholars": 22, "theses": 19, "evidence": 57}
    assert Source.objects.filter(key__in=[s["id"] for s in DATA["sources"]]).count() == 142
    assert Scholar.objects.filter(key__in=[s["id"] for s in DATA["scholars"]]).count() == 22
    assert demo.nodes.filter(kind="thesis").count() == 19
    assert demo.nodes.filter(kind="evidence").count() == 57
    key_claims = sum(len(t["key_claims"]) for t in DATA["theses"])
    readings = sum(1 for ln in DATA["links"] if ln["stance"] == "contested")
    assert demo.nodes.filter(kind="claim").count() == key_claims + readings
    assert GlossaryTerm.objects.count() == len(DATA["glossary"]) == 10


def test_every_use_is_credited_to_who_makes_it_and_bears_on_its_key_claim(demo: Map) -> None:
    for item in DATA["links"]:
        link = _use(demo, item["thesis_id"], item["evidence_id"])
        thesis = THESES[item["thesis_id"]]
        # used_by when given (required for opposes and contested), else the thesis's holder.
        assert link.scholar.key == item.get("used_by", thesis["scholar_id"]), item
        assert link.attestation == item["attestation"]
        assert link.citation.key == item["source_id"]
        assert link.citation_locator == item.get("locator", "")
        assert sorted(s.key for s in link.attested_in.all()) == sorted(item.get("attested_in", []))
        # A plain use goes to the key claim it bears on (or the thesis); a contested one goes to
        # the scholar's reading, which bears on that key claim.
        bears_on = link.target_node
        if item["stance"] == "contested":
            assert bears_on.key == reading_key(item["thesis_id"], item["evidence_id"])
            bears_on = Link.objects.get(source_node=bears_on, kind="supports").target_node
        else:
            assert link.kind == item["stance"]
        wanted = item["thesis_id"]
        if "key_claim" in item:
            wanted += f"-k{item['key_claim'] + 1}"
        assert bears_on.key == wanted, item


def test_no_scholar_cites_evidence_against_himself(demo: Map) -> None:
    # The Bombing Survey's conclusion opposes the orthodox thesis: Alperovitz uses it so.
    survey = _use(demo, "th_orthodox", "ev_ussbs_conclusion")
    assert survey.kind == "opposes" and survey.scholar.key == "sch_alperovitz"
    for link in Link.objects.filter(map=demo, kind="opposes", source_node__kind="evidence"):
        holder = link.target_node.scholar
        assert link.scholar != holder, link.key


def test_each_reading_undercuts_exactly_the_readings_it_answers(demo: Map) -> None:
    contested = [ln for ln in DATA["links"] if ln["stance"] == "contested"]
    assert len(contested) == 20
    undercuts = Link.objects.filter(map=demo, kind="undercuts").select_related(
        "source_node", "target_link"
    )
    made: dict[str, set[str]] = {}
    for undercut in undercuts:
        made.setdefault(undercut.source_node.key, set()).add(undercut.target_link.key)
    for item in contested:
        answered = {use_key(a["thesis_id"], a["evidence_id"]) for a in item["answers"]}
        assert made.get(reading_key(item["thesis_id"], item["evidence_id"]), set()) == answered
    assert undercuts.count() == sum(len(ln["answers"]) for ln in contested) == 33


def test_an_older_work_answering_a_newer_reading_is_inconsistent_with_it(demo: Map) -> None:
    # The wording of each answer follows from the years of the two works, as in the data.
    relations = Counter()
    for item in DATA["links"]:
        reading = reading_key(item["thesis_id"], item["evidence_id"])
        for answer in item.get("answers", []):
            undercut = Link.objects.select_related("citation", "target_link__citation").get(
                map=demo, key=f"{reading}--x--{use_key(answer['thesis_id'], answer['evidence_id'])}"
            )
            older = undercut.citation.year < undercut.target_link.citation.year
            assert ("inconsistent" if older else "replies") == answer["relation"]
            relations[answer["relation"]] += 1
    assert relations == {"replies": 20, "inconsistent": 13}


def test_characterisations_keep_status_quotes_explanation_and_where_they_show(demo: Map) -> None:
    stated = [(t["id"], c) for t in DATA["theses"] for c in t.get("characterizations", [])]
    assert Counter(c["status"] for _, c in stated) == {"accepted": 10, "critic": 2, "disputed": 1}
    for thesis_id, char in stated:
        found = Characterisation.objects.get(thesis__key=thesis_id, text=char["characterization"])
        assert found.status == char["status"]
        assert found.source.key == char["source_id"]
        assert {s.key for s in found.counter_sources.all()} == set(
            char.get("counter_source_ids", [])
        )
    frank = Characterisation.objects.get(thesis__key="th_frank", status="disputed")
    assert [Source.objects.get(pk=q["source"]).key for q in frank.quotes] == [
        "src_wiki_sjw",
        "src_hasegawa_apjjf_2007",
    ]
    assert frank.explanation.startswith("This argument belongs to the historians who say")
    assert frank.likely_cause
    assert {n.key for n in frank.applies_to_evidence.all()} == {"ev_manchuria", "ev_kwantung"}
    # The encyclopedia's misattribution is recorded once, not as Frank's own uses.
    assert not Link.objects.filter(
        map=demo, key__in=["ev_manchuria--th_frank", "ev_kwantung--th_frank"]
    ).exists()


def test_evidence_keeps_its_clock_its_order_in_the_day_and_its_sources(demo: Map) -> None:
    for item in DATA["evidence"]:
        node = Node.objects.get(map=demo, key=item["id"])
        assert node.date_text == item["date"]
        assert node.place_time == item.get("place_time", "")
        assert node.order_hint == item.get("order_hint")
        assert node.locator == (item.get("locator") or "")
        cited = [node.source.key, *sorted(s.key for s in node.extra_sources.all())]
        assert cited[0] == item["source_ids"][0]
        assert sorted(cited) == sorted(item["source_ids"]), item["id"]
    attack = Node.objects.get(map=demo, key="ev_manchuria")
    assert attack.instant is not None and attack.instant.isoformat() == "1945-08-08T15:01:00+00:00"


def test_thesis_relations_are_links_between_theses_with_their_rationale(demo: Map) -> None:
    for rel in DATA["thesis_relations"]:
        link = Link.objects.get(
            map=demo, source_node__key=rel["from_thesis"], target_node__key=rel["to_thesis"]
        )
        assert (link.kind, link.rationale, link.citation.key, link.attestation) == (
            rel["stance"],
            rel["rationale"],
            rel["source_id"],
            rel["attestation"],
        )


def test_load_demo_is_idempotent(demo: Map) -> None:
    def counts() -> tuple[int, ...]:
        return (
            Map.all_objects.count(),
            Node.all_objects.count(),
            Link.all_objects.count(),
            Source.objects.count(),
            Characterisation.objects.count(),
        )

    before = counts()
    again = load_demo()
    assert not again.created and not again.upgraded and again.map == demo
    assert counts() == before


def test_an_installed_version_1_demo_is_upgraded_in_place(django_user_model: type[User]) -> None:
    old = load_demo(VERSION_1).map
    ada = django_user_model.objects.create_user("ada")
    fork = services.map_fork(map=old, owner=ada)
    fork_rows = sorted(Node.objects.filter(map=fork).values_list("pk", "origin_id", "text"))
    kept = Node.objects.get(map=old, key="ev_hiroshima").pk

    report = load_demo()
    assert report.upgraded and report.map.pk == old.pk
    # Same statements keep their rows, so the fork still descends from the demo.
    assert Node.objects.get(map=old, key="ev_hiroshima").pk == kept
    assert sorted(Node.objects.filter(map=fork).values_list("pk", "origin_id", "text")) == fork_rows
    # Nothing shared is duplicated; the version-1 blanket undercuts are gone.
    assert Source.objects.count() == 142 and Scholar.objects.count() == 22
    assert Link.objects.filter(map=old, kind="undercuts").count() == 33
    assert old.revisions.filter(summary__startswith="demo data updated to version 2").exists()
    assert not load_demo().upgraded


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
    assert not Map.all_objects.exists() and not Node.all_objects.exists()
    assert not Source.objects.exists()
