"""The outline's items, built in Python for speed, carry the same marks the page relies on."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.assessment import assess
from argmap.maps.outline import map_outline
from argmap.maps.outline_html import Context, Urls, render_items
from argmap.maps.selectors import map_bundle
from tests.factories import MapFactory, SourceFactory

pytestmark = pytest.mark.django_db

URLS = Urls(map="/maps/1/", node="/maps/1/nodes/", scholar="/scholars/", source="/sources/")


def test_an_item_shows_stance_kind_status_label_date_citation_and_undercut(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    thesis = services.node_create(map=map_, kind="thesis", text="Soviet entry decided it")
    source = SourceFactory(title="Racing the Enemy")
    evidence = services.node_create(
        map=map_,
        kind="evidence",
        text="Declaration of war",
        source=source,
        date_text="1945-08-08",
        quote="<b>war</b>",
    )
    use = services.link_create(
        map=map_,
        kind="supports",
        source=evidence,
        target=thesis,
        rationale="It came first & it <mattered>",
        citation=source,
        attestation="direct",
    )
    services.undercut_create(map=map_, target_link=use, new_claim="Only a pretext")
    bundle = map_bundle(map_)
    results = assess(bundle).results
    section = map_outline(bundle).sections[0]
    html = render_items(section.items, Context(URLS, results.get, can_edit=True, section=thesis.pk))
    assert "✓ supports" in html and "⤫ undercuts" in html
    assert f'id="s{thesis.pk}-{evidence.pk}"' in html
    assert 'class="badge kind-evidence">Evidence' in html
    assert 'class="status status-' in html and '<meter class="strength"' in html
    assert "8 August 1945" in html and "Racing the Enemy" in html
    assert "It came first &amp; it &lt;mattered&gt;" in html and "&lt;b&gt;war&lt;/b&gt;" in html
    assert f'hx-get="/maps/1/nodes/{evidence.pk}/edit/"' in html and "set aside" in html


def test_readers_get_no_edit_links(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    thesis = services.node_create(map=map_, kind="thesis", text="T")
    claim = services.node_create(map=map_, kind="claim", text="C")
    services.link_create(map=map_, kind="opposes", source=claim, target=thesis)
    bundle = map_bundle(map_)
    results = assess(bundle).results
    html = render_items(
        map_outline(bundle).sections[0].items, Context(URLS, results.get, can_edit=False)
    )
    assert "✗ opposes" in html and "use-edit" not in html and "editor-slot" not in html
