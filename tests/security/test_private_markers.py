"""No list or search page shows anyone what they may not read.

A marker is planted in private objects of several owners (a private map, what its import and
its Argdown text brought into the library, a course's hidden reference map, a student's working
map, a course and its assignment, a group's name and a member's name, which only the group and
its instructor may see), and every page of the URL configuration that names no
object — the lists, the searches, the API's collections — is fetched by each of the cast, bare
and searching for the marker, plus the editor's forms whose drop-downs list the library and the
pages of a shared scholar and source, which list every use made of them in the maps one may
read. The marker of an object must appear in none of the answers of someone who may not read it.
A new list page is covered the day it is added: the routes are read from the resolver.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from argmap.classroom import services as classroom
from argmap.classroom.models import Assignment
from argmap.graph import Graph, GraphCharacterisation, GraphNode, GraphScholar, GraphSource
from argmap.maps import services
from argmap.maps.models import Map, Scholar, Source
from argmap.maps.services.rewrite import map_rewrite, map_text
from tests.cast import client_for, make_user
from tests.factories import small_debate

pytestmark = pytest.mark.django_db

# Each marker names whose object it is in; none is a substring of another.
ADA_PRIVATE = "ZQADAPRIVATEQZ"  # Ada's private map, its new source, its import's library rows
REFERENCE = "ZQREFERENCEQZ"  # Iris's hidden reference map
WORK = "ZQWORKINGMAPQZ"  # Ada's working map for Iris's course
OTTO_COURSE = "ZQOTTOCOURSEQZ"  # Otto's course and its assignment
GROUP = "ZQGROUPNAMEQZ"  # the name of Ada's group in Iris's course (Ben is not in it)
MEMBER = "ZQMEMBERNAMEQZ"  # Ada's fellow member's name
MARKERS = (ADA_PRIVATE, REFERENCE, WORK, OTTO_COURSE, GROUP, MEMBER)

# Who may not read what. (Iris reads Ada's working map as her instructor; Cleo is in Otto's
# course; the anonymous visitor reads nothing private.)
FORBIDDEN = {
    "ada": {REFERENCE, OTTO_COURSE},
    "ben": {ADA_PRIVATE, REFERENCE, WORK, OTTO_COURSE, GROUP, MEMBER},
    "iris": {ADA_PRIVATE, OTTO_COURSE},
    "otto": {ADA_PRIVATE, REFERENCE, WORK, GROUP, MEMBER},
    "cleo": {ADA_PRIVATE, REFERENCE, WORK, GROUP, MEMBER},
    "anonymous": set(MARKERS),
}


@dataclass
class World:
    users: dict[str, User]
    ben_map: Map
    grouped: Assignment  # Iris's group assignment: Ada and MEMBER in GROUP, Ben in another
    scholar: Scholar  # the shared library's, used in private maps
    source: Source


def build_world() -> World:
    users = {name: make_user(name) for name in ("ada", "ben", "iris", "otto", "cleo")}
    ada, ben, iris, otto, cleo = (users[n] for n in ("ada", "ben", "iris", "otto", "cleo"))
    # Ada's private map: a thesis, evidence citing a source she types in, and an import.
    private = services.map_create(
        owner=ada, title=f"{ADA_PRIVATE} map", question=f"{ADA_PRIVATE}?", visibility="private"
    )
    services.node_create(map=private, kind="thesis", text=f"{ADA_PRIVATE} thesis", actor=ada)
    services.node_create(
        map=private,
        kind="evidence",
        text="A diary entry",
        actor=ada,
        new_source={"title": f"{ADA_PRIVATE} diary", "authors": f"{ADA_PRIVATE} author"},
    )
    graph = Graph(title=f"{ADA_PRIVATE} import")
    graph.sources["s"] = GraphSource("s", f"{ADA_PRIVATE} memoir", key=f"{ADA_PRIVATE.lower()}-k")
    graph.scholars["h"] = GraphScholar("h", f"{ADA_PRIVATE} historian", works=["s"])
    graph.add_node(GraphNode("t", "thesis", "A thesis"))
    graph.characterisations.append(
        GraphCharacterisation("c", "h", "s", f"{ADA_PRIVATE} characterises")
    )
    services.map_create_from_graph(owner=ada, graph=graph)
    before = map_text(private).text
    typed = f'\n[Typed]: A claim. {{"kind": "thesis", "scholar": "{ADA_PRIVATE} professor"}}\n'
    map_rewrite(map=private, actor=ada, text=before + typed, base_text=before)
    # A scholar and a source of the shared library, used in each private map: their pages list
    # every use, and must list only those in maps the reader may read.
    scholar = services.scholar_create(name="Shared historian")
    source = services.source_create(title="Shared archive")
    # Iris's course: Ada and Ben study in it; its reference is hidden from them.
    course = classroom.course_create(owner=iris, title="History 301")
    for student in (ada, ben):
        classroom.course_join(user=student, code=course.join_code)
    starter = small_debate(iris)
    reference = services.map_fork(map=starter, owner=iris, title=f"{REFERENCE} answer")
    assignment = classroom.assignment_create(
        course=course,
        actor=iris,
        title="Map the surrender",
        due_at=reference.created,
        starter_map=starter,
        reference_map=reference,
    )
    work = classroom.work_start(assignment=assignment, student=ada)
    services.node_create(map=work.map, kind="claim", text=f"{WORK} claim", actor=ada)
    for map_, marker in ((private, ADA_PRIVATE), (reference, REFERENCE), (work.map, WORK)):
        thesis = services.node_create(
            map=map_, kind="thesis", text=f"{marker} holds", scholar=scholar
        )
        evidence = services.node_create(
            map=map_, kind="evidence", text=f"{marker} reads", source=source, date_text="1945"
        )
        services.link_create(
            map=map_, kind="supports", source=evidence, target=thesis, scholar=scholar,
            rationale=f"{marker} because", citation=source,
        )  # fmt: skip
    # Otto's course, with Cleo in it.
    other = classroom.course_create(owner=otto, title=f"{OTTO_COURSE} seminar")
    classroom.course_join(user=cleo, code=other.join_code)
    classroom.assignment_create(
        course=other, actor=otto, title=f"{OTTO_COURSE} essay", due_at=reference.created
    )
    ben_map = small_debate(ben, visibility="private")
    # Group work in Iris's course: Ada's group and her fellow member are theirs and Iris's.
    fellow = make_user(MEMBER)
    classroom.course_join(user=fellow, code=course.join_code)
    grouped = classroom.assignment_create(
        course=course, actor=iris, title="Map it together", due_at=reference.created,
        work_in_groups=True,
    )  # fmt: skip
    adas = classroom.group_create(assignment=grouped, actor=iris, name=f"{GROUP} crew")
    bens = classroom.group_create(assignment=grouped, actor=iris)
    for student, group in ((ada, adas), (fellow, adas), (ben, bens)):
        classroom.membership_set(assignment=grouped, student=student, group=group, actor=iris)
    return World(users, ben_map, grouped, scholar, source)


def list_routes() -> list[str]:
    """Every GET-able page and API route of the URL configuration that names no object."""
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith("admin/"):
                    walk(pattern.url_patterns, route)
            elif "<" not in route and "(" not in route and "^" not in route:
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def test_the_route_walk_finds_the_lists_and_searches() -> None:
    routes = list_routes()
    pages = ["/", "/maps/", "/sources/", "/scholars/", "/courses/"]
    api = ["/api/sources/", "/api/scholars/", "/api/characterisations/", "/api/maps/"]
    expected = [*pages, *api, "/api/courses/"]
    assert set(expected) <= set(routes)
    assert len(routes) >= 20


def _searches(route: str) -> list[str]:
    """The route bare, and searching for each marker without its first and last letter (so that
    a page echoing the search shows no whole marker)."""
    return [route, *(f"{route}?q={marker[1:-1]}" for marker in MARKERS)]


@pytest.mark.slow
def test_no_list_or_search_shows_a_marker_to_someone_who_may_not_read_it() -> None:
    world = build_world()
    routes = list_routes()
    b = world.ben_map.pk
    ben_forms = [f"/maps/{b}/nodes/add/?kind=evidence", f"/maps/{b}/nodes/add/?kind=thesis"]
    node = world.ben_map.nodes.first()
    assert node is not None
    ben_forms.append(f"/maps/{b}/nodes/{node.pk}/links/add/")
    link = world.ben_map.links.first()
    assert link is not None
    ben_forms += [f"/maps/{b}/links/{link.pk}/edit/", f"/maps/{b}/links/{link.pk}/undercut/"]
    shared = [f"/scholars/{world.scholar.pk}/", f"/sources/{world.source.pk}/",
              f"/api/scholars/{world.scholar.pk}/", f"/api/sources/{world.source.pk}/"]  # fmt: skip
    checked = 0
    for name, forbidden in FORBIDDEN.items():
        client = client_for(world.users[name]) if name in world.users else Client()
        urls = [u for route in routes for u in _searches(route)] + shared
        if name == "ben":
            urls += ben_forms
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, (name, url)
            body = response.content.decode(errors="replace")
            leaked = [m for m in forbidden if m in body]
            assert leaked == [], f"{name} sees {leaked} on {url}"
            checked += 1
    assert checked > 6 * 20 * len(MARKERS)


def test_the_owners_themselves_see_their_markers() -> None:
    """The markers are planted where the lists look: each owner finds their own."""
    world = build_world()
    ada = client_for(world.users["ada"])
    assert ADA_PRIVATE in ada.get("/maps/").text
    assert ADA_PRIVATE in ada.get("/sources/").text
    assert ADA_PRIVATE in ada.get("/scholars/").text
    assert ADA_PRIVATE in ada.get("/api/characterisations/").text
    assert f"{ADA_PRIVATE} professor" in ada.get("/scholars/").text
    for page in (f"/scholars/{world.scholar.pk}/", f"/sources/{world.source.pk}/"):
        assert ADA_PRIVATE in ada.get(page).text and WORK in ada.get(page).text
        assert REFERENCE in client_for(world.users["iris"]).get(page).text
    assert REFERENCE in client_for(world.users["iris"]).get("/maps/").text or REFERENCE in (
        client_for(world.users["iris"]).get("/api/maps/").text
    )
    assert OTTO_COURSE in client_for(world.users["cleo"]).get("/courses/").text


def test_a_group_is_named_to_its_members_and_instructor_only() -> None:
    """The group's own pages (which name no list) show it to Ada and Iris, and to nobody else:
    Ben, in another group of the same assignment, reads neither its name nor its members."""
    world = build_world()
    a = world.grouped.pk
    pages = [f"/assignments/{a}/", f"/api/assignments/{a}/groups/"]
    for name in ("ada", "iris"):
        client = client_for(world.users[name])
        assert all(GROUP in client.get(page).text for page in pages), name
        assert all(MEMBER in client.get(page).text for page in pages), name
    assert GROUP in client_for(world.users["iris"]).get(f"/assignments/{a}/groups/").text
    ben = client_for(world.users["ben"])
    for page in [*pages, f"/assignments/{a}/groups/"]:
        body = ben.get(page).text
        assert GROUP not in body and MEMBER not in body, page
