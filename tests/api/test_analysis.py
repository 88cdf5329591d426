"""The API's evaluation, checks, debate and matrix are what the evaluation core and the debate
selectors compute (called here directly, on the plain graph), in a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from argmap.debates.selectors import Stances, debate, evidence_matrix
from argmap.evaluation import CHECKS, check_map, counterfactual, evaluate
from argmap.maps.graphs import bundle_graph
from argmap.maps.models import Map, Node
from argmap.maps.selectors import map_bundle
from tests.factories import build_map

pytestmark = pytest.mark.django_db


def _node(demo: Map, key: str) -> Node:
    return Node.objects.get(map=demo, key=key)


def test_evaluation_is_the_evaluation_of_the_map(demo: Map, anon_api: APIClient) -> None:
    body = anon_api.get(f"/api/maps/{demo.pk}/evaluation/?explain=true").json()
    expected = evaluate(bundle_graph(map_bundle(demo)))
    assert body["semantics"] == expected.semantics and body["converged"] == expected.converged
    nodes = {str(n["id"]): n for n in body["nodes"]}
    assert set(nodes) == set(expected.labels)
    for pk, node in nodes.items():
        assert node["status"] == expected.labels[pk]
        assert node["strength"] == pytest.approx(expected.strengths[pk], abs=1e-12)
        assert node["explanation"]["text"] == expected.explain(pk).text
        assert node["defensible"] == expected.defensible(pk)
        assert node["in_every_position"] == expected.sceptical(pk)
        words = {"in": "holds here", "out": "open objection", "undecided": "in dispute"}
        assert node["standing"] == words[node["status"]]
    assert body["caption"] == "given only the objections recorded in this map"
    assert {str(link["id"]): link["state"] for link in body["links"]} == {
        pk: expected.link_state(pk) for pk in map(str, demo.links.values_list("pk", flat=True))
    }
    theses = [n for n in body["nodes"] if n["kind"] == "thesis"]
    assert sum(body["counts"].values()) == len(theses) == 19
    assert body["aside"] == [] and body["counterfactual"] == []


def test_evaluation_with_evidence_aside_gives_each_thesis_before_and_after(
    demo: Map, anon_api: APIClient
) -> None:
    soviet = _node(demo, "ev_soviet_declaration")
    hiroshima = _node(demo, "ev_hiroshima")
    thesis = _node(demo, "th_wilson")
    # Unknown ids, a thesis and junk are ignored, as on the map page.
    query = f"{soviet.pk},{hiroshima.pk},{thesis.pk},999999,x"
    body = anon_api.get(f"/api/maps/{demo.pk}/evaluation/?aside={query}").json()
    assert body["aside"] == [soviet.pk, hiroshima.pk]
    expected = counterfactual(bundle_graph(map_bundle(demo)), {str(soviet.pk), str(hiroshima.pk)})
    assert len(body["counterfactual"]) == len(expected.theses) == 19
    for got, change in zip(body["counterfactual"], expected.theses, strict=True):
        assert str(got["thesis"]) == change.thesis
        assert (got["before"], got["after"]) == (change.before, change.after)
        assert got["after_strength"] == pytest.approx(change.after_strength)
        assert got["delta"] == pytest.approx(change.delta)
    statuses = {n["id"]: n for n in body["nodes"]}
    assert statuses[soviet.pk]["status"] == "aside" and statuses[soviet.pk]["strength"] is None
    for pk, label in expected.after.labels.items():
        assert statuses[int(pk)]["status"] == label


def test_checks_are_the_map_checks(anon_api: APIClient, demo: Map) -> None:
    map_ = build_map(demo.owner, nodes=30, visibility="public")
    body = anon_api.get(f"/api/maps/{map_.pk}/checks/").json()
    expected = check_map(bundle_graph(map_bundle(map_)))
    assert [(f["code"], f["message"]) for f in body["findings"]] == [
        (f.code, f.message) for f in expected
    ]
    assert all(f["title"] == CHECKS[f["code"]][0] for f in body["findings"])
    assert [f["nodes"] for f in body["findings"]] == [[int(n) for n in f.nodes] for f in expected]


def test_debate_is_the_debate_page_comparison(demo: Map, anon_api: APIClient) -> None:
    frank, wilson, hasegawa = (_node(demo, k) for k in ("th_frank", "th_wilson", "th_hasegawa"))
    url = f"/api/maps/{demo.pk}/debate/?thesis={frank.pk}&thesis={wilson.pk}&thesis={hasegawa.pk}"
    body = anon_api.get(url).json()
    stances = Stances(map_bundle(demo))
    expected = debate(stances, [stances.bundle.nodes[t.pk] for t in (frank, wilson, hasegawa)])
    assert [c["thesis"]["id"] for c in body["columns"]] == [frank.pk, wilson.pk, hasegawa.pk]
    assert [c["name"] for c in body["columns"]] == [c.name for c in expected.columns]
    for got, column in zip(body["columns"], expected.columns, strict=True):
        assert [i["node"]["id"] for i in got["supports"]] == [i.node.pk for i in column.supports]
        assert [i["link"]["id"] for i in got["opposes"]] == [i.link.pk for i in column.opposes]
    for name in ("shared", "linked"):
        rows = getattr(expected, name)
        assert [r["evidence"]["id"] for r in body[name]] == [r.evidence.pk for r in rows]
        assert [r["contested"] for r in body[name]] == [r.contested for r in rows]
        assert [[c["label"] for c in r["cells"]] for r in body[name]] == [
            [c.label for c in r.cells] for r in rows
        ]
    assert any(r["contested"] for r in body["shared"])


@pytest.mark.parametrize(
    ("query", "says"),
    [("", "at least 2"), ("thesis={a}", "at least 2"), ("thesis={a}&thesis={e}", "not a thesis")],
)
def test_debate_asks_for_two_to_four_theses_of_the_map(
    demo: Map, anon_api: APIClient, query: str, says: str
) -> None:
    a, e = _node(demo, "th_frank").pk, _node(demo, "ev_hiroshima").pk
    response = anon_api.get(f"/api/maps/{demo.pk}/debate/?" + query.format(a=a, e=e))
    assert response.status_code == 400 and says in str(response.json()["errors"]["thesis"])
    five = "&".join(f"thesis={t.pk}" for t in Node.objects.filter(map=demo, kind="thesis")[:5])
    assert "at most 4" in str(anon_api.get(f"/api/maps/{demo.pk}/debate/?{five}").json())


def test_matrix_is_the_evidence_matrix(demo: Map, anon_api: APIClient) -> None:
    body = anon_api.get(f"/api/maps/{demo.pk}/matrix/?sort=uses&kind=document").json()
    expected = evidence_matrix(Stances(map_bundle(demo)), sort="uses", kind="document")
    assert [t["id"] for t in body["theses"]] == [t.node.pk for t in expected.theses]
    assert [r["evidence"]["id"] for r in body["rows"]] == [r.evidence.pk for r in expected.rows]
    assert [[(c["thesis"], c["label"]) for c in r["cells"]] for r in body["rows"]] == [
        [(c.thesis.pk, c.label) for c in r.cells if c is not None] for r in expected.rows
    ]
    assert anon_api.get(f"/api/maps/{demo.pk}/matrix/?sort=colour").status_code == 400


@pytest.mark.parametrize("path", ["evaluation/?explain=true", "checks/", "matrix/", "nodes/"])
def test_queries_do_not_grow_with_the_map(path: str, ada_api: APIClient, ada: object) -> None:
    counts = []
    for size in (10, 100):
        map_ = build_map(ada, nodes=size)  # type: ignore[arg-type]
        with CaptureQueriesContext(connection) as queries:
            assert ada_api.get(f"/api/maps/{map_.pk}/{path}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
