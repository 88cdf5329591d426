"""The scholar page says what evidence a scholar's theses use and how; the source page names
every statement and link citing the source, in each of the ways a source can be cited."""

from __future__ import annotations

import html

import pytest
from django.contrib.auth.models import User
from django.test import Client

from argmap.maps import services
from argmap.maps.demo import read_data
from argmap.maps.models import Map, Scholar, Source
from argmap.maps.selectors import map_bundle, map_bundles
from tests.debates.conftest import node
from tests.factories import MapFactory, ScholarFactory, SourceFactory, ThesisFactory, build_map

pytestmark = pytest.mark.django_db

DATA = read_data()
THESES = {t["id"]: t for t in DATA["theses"]}


def test_franks_page_shows_his_evidence_and_the_disputed_characterisation(
    anon_client: Client, demo: Map
) -> None:
    frank = Scholar.objects.get(key="sch_frank")
    text = html.unescape(anon_client.get(frank.get_absolute_url()).text)
    assert "Evidence Richard B. Frank uses, and how" in text
    uses = [
        ln
        for ln in DATA["links"]
        if ln.get("used_by", THESES[ln["thesis_id"]]["scholar_id"]) == "sch_frank"
    ]
    assert f"{len(uses)} uses, in date order" in text
    hiroshima = next(u for u in uses if u["evidence_id"] == "ev_hiroshima")
    assert hiroshima["rationale"] in text
    # His own reading of the Soviet declaration, older than the readings it answers.
    assert "its own reading" in text
    assert "is inconsistent with Tsuyoshi Hasegawa’s use of it" in text
    assert "characterization" in text and "Downfall" in text
    # Kept: works, thesis, and the encyclopedia's misattribution, made plain once.
    assert "Japan was not ready to surrender" in text and "Works" in text
    assert "Disputed attribution" in text and "Sources that show it" in text
    assert "This argument belongs to the historians who say Soviet entry mattered more" in text


def test_a_use_is_credited_to_who_makes_it_not_to_the_thesis_holder(
    anon_client: Client, demo: Map
) -> None:
    stimson = html.unescape(
        anon_client.get(Scholar.objects.get(key="sch_stimson").get_absolute_url()).text
    )
    alperovitz = html.unescape(
        anon_client.get(Scholar.objects.get(key="sch_alperovitz").get_absolute_url()).text
    )
    # The Bombing Survey's conclusion opposes the orthodox thesis: Alperovitz uses it so.
    assert (
        "USSBS early-surrender conclusion" not in stimson.split("Evidence Henry L. Stimson uses")[1]
    )
    assert "USSBS early-surrender conclusion" in alperovitz


def test_a_scholars_private_thesis_shows_only_to_its_owner(
    ada: User, ada_client: Client, ben_client: Client
) -> None:
    scholar = ScholarFactory(name="Gar Alperovitz")
    map_ = MapFactory(owner=ada, visibility="private")
    thesis = ThesisFactory(map=map_, scholar=scholar, text="Ada's reading of Alperovitz")
    memo = services.node_create(map=map_, kind="evidence", title="Ada's memo", text="x")
    services.link_create(map=map_, kind="supports", source=memo, target=thesis, rationale="Why")
    assert "Ada's memo" in html.unescape(ada_client.get(scholar.get_absolute_url()).text)
    bens = html.unescape(ben_client.get(scholar.get_absolute_url()).text)
    assert "Ada's memo" not in bens and "No thesis in a map you can see" in bens
    assert "No use of evidence by Gar Alperovitz is recorded in a map you can see" in bens


def test_source_page_lists_every_way_a_source_is_cited(ada: User, ada_client: Client) -> None:
    source = SourceFactory(title="The cited book")
    map_ = MapFactory(owner=ada)
    thesis = ThesisFactory(map=map_, text="The thesis")
    main = services.node_create(
        map=map_, kind="evidence", title="Main use", text="x", source=source, locator="p. 12"
    )
    extra = services.node_create(
        map=map_,
        kind="evidence",
        title="Extra use",
        text="x",
        source=SourceFactory(),
        extra_sources=[source],
    )
    services.link_create(
        map=map_,
        kind="supports",
        source=extra,
        target=thesis,
        citation=source,
        citation_locator="ch. 3",
    )
    attested = services.link_create(
        map=map_, kind="opposes", source=main, target=thesis, attested_in=[source]
    )
    claim = services.node_create(map=map_, kind="claim", text="A rival reading")
    services.link_create(
        map=map_, kind="undercuts", source=claim, target_link=attested, citation=source
    )
    services.characterisation_create(
        scholar=ScholarFactory(name="Some Scholar"),
        source=SourceFactory(title="An encyclopedia"),
        thesis=thesis,
        text="holds the opposite",
        status="disputed",
        counter_sources=[source],
    )
    text = html.unescape(ada_client.get(source.get_absolute_url()).text)
    assert "Main use" in text and "main source, p. 12" in text
    assert "Extra use" in text and "also cited" in text
    assert "cited, ch. 3" in text and "attested in it" in text
    assert "undercuts" in text and "the use of “Main use” for “The thesis”" in text
    assert "This source is among those that show" in text and "holds the opposite" in text


def test_source_page_hides_links_to_deleted_statements(ada: User, ada_client: Client) -> None:
    source = SourceFactory(title="The cited book")
    map_ = MapFactory(owner=ada)
    thesis = ThesisFactory(map=map_, text="A thesis that will be deleted")
    evidence = services.node_create(map=map_, kind="evidence", title="Evidence", text="x")
    services.link_create(map=map_, kind="supports", source=evidence, target=thesis, citation=source)
    thesis.deleted_at = thesis.created
    thesis.save(update_fields=["deleted_at"])
    text = ada_client.get(source.get_absolute_url()).text
    assert "A thesis that will be deleted" not in text


def test_map_bundles_loads_each_map_as_map_bundle_does(ada: User, demo: Map) -> None:
    student = build_map(ada, nodes=30)
    for bundle in map_bundles([demo, student]):
        single = map_bundle(bundle.map)
        assert bundle.nodes.keys() == single.nodes.keys()
        assert bundle.links.keys() == single.links.keys()
        assert bundle.co_premises == single.co_premises

        def pks(rows: dict[int, list[Source]]) -> dict[int, list[int]]:
            return {key: sorted(s.pk for s in sources) for key, sources in rows.items()}

        # Neither loader orders the sources of a node or link: compare them as sets.
        assert pks(bundle.attested_in) == pks(single.attested_in)
        assert pks(bundle.extra_sources) == pks(single.extra_sources)
        assert [c.pk for c in bundle.characterisations] == [c.pk for c in single.characterisations]
    assert node(demo, "th_frank").pk in map_bundles([demo])[0].nodes
