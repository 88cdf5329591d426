"""In the debate view, setting evidence aside updates every column's status and strength."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from argmap.evaluation import counterfactual
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Map, Node
from argmap.maps.selectors import map_bundle
from tests.e2e.helpers import eventually


def _setting(demo: Any) -> tuple[Node, Node, Node]:
    frank = Node.objects.get(map=demo, key="th_frank")
    wilson = Node.objects.get(map=demo, key="th_wilson")
    soviet = Node.objects.get(map=demo, key="ev_soviet_declaration")
    return frank, wilson, soviet


@pytest.mark.django_db
def test_debate_columns_show_each_thesis_before_and_after(anon_client: Client, demo: Map) -> None:
    frank, wilson, soviet = _setting(demo)
    url = f"/maps/{demo.pk}/debate/?thesis={frank.pk}&thesis={wilson.pk}&aside={soviet.pk}"
    page = anon_client.get(url).text
    changes = counterfactual(bundle_graph(map_bundle(demo)), {str(soviet.pk)}).theses
    assert "What if 1 piece of evidence is set aside?" in page
    for thesis in (frank, wilson):
        change = next(c for c in changes if c.thesis == str(thesis.pk))
        column = page[page.index(f'id="column-{thesis.pk}"') :]
        column = column[: column.index("</p>", column.index("column-status"))]
        assert (
            f"{change.before_strength:.2f}" in column and f"{change.after_strength:.2f}" in column
        )
    assert 'name="aside"' in page  # choosing other theses keeps the evidence set aside


@pytest.mark.django_db
def test_any_evidence_in_a_column_can_be_set_aside(anon_client: Client, demo: Map) -> None:
    """Not only the shared evidence: every evidence item a column lists has its toggle."""
    frank, wilson, soviet = _setting(demo)
    page = anon_client.get(f"/maps/{demo.pk}/debate/?thesis={frank.pk}&thesis={wilson.pk}").text
    columns = page[page.index(f'id="column-{frank.pk}"') :]
    listed = {int(pk) for pk in re.findall(r'class="statement" href="/maps/\d+/nodes/(\d+)/"',
                                          columns)}  # fmt: skip
    evidence = set(Node.objects.filter(pk__in=listed, kind="evidence").values_list("pk", flat=True))
    assert soviet.pk in evidence and len(evidence) > 5
    for pk in evidence:
        assert f"aside={pk}" in columns, pk


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_setting_aside_in_the_debate_view_updates_the_columns(
    live_server: Any, page: Any, demo: Map
) -> None:
    frank, wilson, soviet = _setting(demo)
    page.goto(f"{live_server.url}/maps/{demo.pk}/debate/?thesis={frank.pk}&thesis={wilson.pk}")
    assert page.locator(".what-if").count() == 0
    page.locator("#shared-direct tr[data-evidence='ev_soviet_declaration'] .aside-toggle").click()
    page.wait_for_selector(".what-if")
    assert f"aside={soviet.pk}" in page.url
    status = page.inner_text(f"#column-{wilson.pk} ~ .column-status")
    assert "→" in status
    page.locator(".what-if >> text=Put everything back").click()
    eventually(page, "document.querySelectorAll('.what-if').length", 0)
