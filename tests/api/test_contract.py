"""Contract test: schemathesis generates requests from our own OpenAPI schema, in process, and
every response must conform to it.

At least 1,000 cases over every operation (positive and negative data), authenticated as Ada,
who owns a copy of the demo debate; checks: no server error, every status documented, the
content type and the body as documented, the documented headers present. The count is asserted.

Generated ids would almost never name an object, so most cases would stop at a 404. Each case
is therefore *aimed* before it is sent: ids in the path and the body are mapped (from the
generated number) onto Ada's objects, a public map of someone else (403 on writes), a private
one of Ben's (404), or left as generated; If-Match usually carries the current ETag. The
generated values still decide which object and which field values, so every view's logic,
the services' refusals (422) and the success paths are all reached.

In process, two things need care: calling the WSGI app fires request_started /
request_finished, whose `close_old_connections` would close the test transaction's connection;
they are disconnected for the test, as django.test.Client does. The host "localhost" is allowed.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from argmap.classroom import services as classroom
from argmap.classroom.models import Enrolment, Group, Role, Submission
from argmap.maps import services
from argmap.maps.models import Characterisation, Link, Map, Node, Revision, Scholar, Source
from argmap.wsgi import application
from tests.cast import fixed_token, make_user, map_scene

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 10}  # per operation
MINIMUM_CASES = 1000
TOKEN = "0123456789abcdef0123456789abcdef01234567"


class World:
    """The data the cases are aimed at."""

    def __init__(self, ada: Any, ben: Any, demo: Map) -> None:
        self.ada = ada
        self.mine = services.map_fork(map=demo, owner=ada)  # private, 130 statements
        self.maps = [
            self.mine,
            self.mine,
            map_scene(ada, "public").map,
            demo,  # public, someone else's: writes are 403
            map_scene(ben, "private").map,  # 404
        ]
        self.classroom = Classroom(ada, ben, starter=demo, reference=self.mine)

    def restore(self) -> None:
        """Undo what a case may have taken away: a deleted map, the revoked token."""
        for map_ in Map.all_objects.filter(
            pk__in=[m.pk for m in self.maps], deleted_at__isnull=False
        ):
            services.map_restore(map=map_, actor=self.ada)
        fixed_token(self.ada, TOKEN)
        self.classroom.restore()


class Classroom:
    """Ada teaches a course where Ben has submitted (and she has commented), and studies in
    Ben's course, where she has submitted and he has released his comment; Zed's course is
    nobody else's (404)."""

    def __init__(self, ada: Any, ben: Any, *, starter: Map, reference: Map) -> None:
        zed = make_user("zed")
        due = timezone.now() + datetime.timedelta(days=7)
        self.ada, self.ben = ada, ben
        self.teaching = classroom.course_create(owner=ada, title="History 301")
        self.learning = classroom.course_create(owner=ben, title="Pacific War seminar")
        hidden = classroom.course_create(owner=zed, title="Zed's course")
        classroom.course_join(user=ben, code=self.teaching.join_code)
        classroom.course_join(user=ada, code=self.learning.join_code)
        criteria = [classroom.CriterionData("Evidence is cited", 5)]
        taught = classroom.assignment_create(
            course=self.teaching, actor=ada, title="Map it", due_at=due, starter_map=starter,
            reference_map=reference, criteria=criteria,
        )  # fmt: skip
        studied = classroom.assignment_create(
            course=self.learning, actor=ben, title="Map it too", due_at=due, starter_map=starter
        )
        other = classroom.assignment_create(course=hidden, actor=zed, title="Not yours", due_at=due)
        # Group work in Ada's course: Ben in group 1; group 2 empty (to delete, to move into).
        self.grouped = classroom.assignment_create(
            course=self.teaching, actor=ada, title="Map it together", due_at=due,
            work_in_groups=True,
        )  # fmt: skip
        first = classroom.group_create(assignment=self.grouped, actor=ada)
        classroom.group_create(assignment=self.grouped, actor=ada)
        classroom.membership_set(assignment=self.grouped, student=ben, group=first, actor=ada)
        classroom.work_start(assignment=taught, student=ben)
        classroom.work_start(assignment=studied, student=ada)
        bens = classroom.submission_submit(assignment=taught, student=ben)
        adas = classroom.submission_submit(assignment=studied, student=ada)
        comments = []
        for submission, reviewer in ((bens, ada), (adas, ben)):
            node = Node.objects.filter(map=submission.snapshot).first()
            assert node is not None
            comments.append(classroom.comment_add(
                submission=submission, author=reviewer, body="Which page?", node=node
            ))  # fmt: skip
        classroom.review_decide(submission=adas, reviewer=ben, decision=classroom.Decision.RELEASE)
        # Kit studies in Ada's course too, so that Ada can open a peer review: Ben and Kit
        # review each other's submission, and Kit has commented on Ben's.
        kit = make_user("kit")
        classroom.course_join(user=kit, code=self.teaching.join_code)
        classroom.work_start(assignment=taught, student=kit)
        classroom.submission_submit(assignment=taught, student=kit)
        peer = classroom.peer_round_open(
            assignment=taught, actor=ada, k=1,
            criteria=[classroom.PeerCriterionData("Fair", 2)], seed=1,
        )  # fmt: skip
        on_bens = peer.reviews.get(submission=bens)
        remark = classroom.peer_comment_add(
            review=on_bens, author=kit, body="Why?",
            node=Node.objects.filter(map=bens.snapshot).first(),
        )  # fmt: skip
        self.reviews = list(peer.reviews.values_list("pk", flat=True))
        self.courses = [self.teaching.pk, self.learning.pk, hidden.pk]
        self.assignments = [taught.pk, studied.pk, other.pk, self.grouped.pk, self.grouped.pk]
        self.submissions = [bens.pk, adas.pk]
        self.comments = [c.pk for c in comments] + [remark.pk]
        self.users = [ben.pk, ada.pk, zed.pk]
        self.criteria = list(taught.criteria.values_list("pk", flat=True))
        self.codes = [self.teaching.join_code, self.learning.join_code, hidden.join_code]

    def restore(self) -> None:
        """Ben back in Ada's course if a case removed him, and an empty group to delete."""
        Enrolment.objects.get_or_create(
            course=self.teaching, user=self.ben, defaults={"role": Role.STUDENT}
        )
        if not Group.objects.filter(assignment=self.grouped, memberships=None).exists():
            classroom.group_create(assignment=self.grouped, actor=self.ada)

    @property
    def groups(self) -> list[int]:
        return list(Group.objects.order_by("pk").values_list("pk", flat=True)[:20])

    def snapshot_of(self, submission_id: Any) -> list[Any]:
        if not _int(submission_id):  # a negative case's malformed id
            return []
        found = Submission.objects.filter(pk=submission_id).values_list("snapshot_id", flat=True)
        return list(found)


class Aim:
    """Choices for one case, drawn from a generator seeded by what schemathesis generated (so
    a case is reproducible): mostly an object that exists, sometimes the generated value."""

    def __init__(self, case: Any) -> None:
        seed = repr((case.path_parameters, case.query, case.headers, case.body))
        self.rng = random.Random(seed)

    def pick(self, pks: list[Any], generated: Any, keep: float = 0.1) -> Any:
        if not pks or self.rng.random() < keep:
            return generated
        return self.rng.choice(pks)


def aim(case: Any, world: World) -> None:
    """Point the case's ids at real objects (see the module's docstring)."""
    to = Aim(case)
    params = case.path_parameters or {}
    map_ = None
    if "map_id" in params:
        # Ada's copy of the demo most often; her public map; the demo (someone else's, public:
        # writes are 403); Ben's private map (404); or the generated id.
        choices = [world.mine.pk] * 3 + [m.pk for m in world.maps[2:]]
        params["map_id"] = to.pick(choices, params["map_id"])
        map_ = (
            Map.all_objects.filter(pk=params["map_id"]).first() if _int(params["map_id"]) else None
        )
    nodes = list(Node.objects.filter(map=map_).values_list("pk", flat=True)) if map_ else []
    links = list(Link.objects.filter(map=map_).values_list("pk", flat=True)) if map_ else []
    target: Any = map_
    for name, model, pks in (("node_id", Node, nodes), ("link_id", Link, links)):
        if name in params:
            params[name] = to.pick(pks, params[name])
            target = model.objects.filter(pk=params[name]).first() if params[name] in pks else None
    if "batch" in params and map_ is not None:
        deletes = Revision.objects.filter(map=map_, action="delete").exclude(target_type="map")
        params["batch"] = to.pick(
            list(deletes.values_list("batch", flat=True)[:20]), params["batch"]
        )
    if case.path.endswith("/restore/") and map_ is not None and map_.owner_id == world.ada.pk:
        services.map_delete(map=map_, actor=world.ada)  # something to restore
    for name, model in (
        ("source_id", Source),
        ("scholar_id", Scholar),
        ("characterisation_id", Characterisation),
    ):
        if name in params:
            params[name] = to.pick(
                list(model.objects.values_list("pk", flat=True)[:50]), params[name]
            )
    room = world.classroom
    for name, pool in (
        ("course_id", room.courses),
        ("assignment_id", room.assignments),
        ("submission_id", room.submissions),
        ("comment_id", room.comments),
        ("user_id", room.users),
        ("group_id", room.groups),
        ("review_id", room.reviews),
    ):
        if name in params:
            params[name] = to.pick(pool, params[name])
    if "submission_id" in params:
        snapshot = room.snapshot_of(params["submission_id"])
        nodes = list(Node.objects.filter(map__in=snapshot).values_list("pk", flat=True))
        links = list(Link.objects.filter(map__in=snapshot).values_list("pk", flat=True))
    if isinstance(case.body, dict):
        _aim_classroom_body(to, case.body, world)
    if isinstance(case.query, dict):
        if "page" in case.query:
            case.query["page"] = to.pick([1, 1, 2], case.query["page"])
        if isinstance(case.query.get("thesis"), list):
            theses = list(Node.objects.filter(map=map_, kind="thesis").values_list("pk", flat=True))
            case.query["thesis"] = [to.pick(theses, t) for t in case.query["thesis"]]
    if isinstance(case.body, dict):
        _aim_body(to, case.body, nodes, links)
    conditional = case.method.upper() in ("PUT", "PATCH", "DELETE") and target is not None
    if conditional and to.rng.random() < 0.85:  # most of the time: the current version
        case.headers = {**(case.headers or {}), "If-Match": f'"{target.version}"'}


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _aim_classroom_body(to: Aim, body: dict[str, Any], world: World) -> None:
    room = world.classroom
    if isinstance(body.get("code"), str):
        body["code"] = to.pick(room.codes, body["code"], keep=0.3)
    for name in ("starter_map", "reference_map"):
        if body.get(name) is not None:
            body[name] = to.pick([m.pk for m in world.maps], body[name])
    if body.get("group") is not None:
        body["group"] = to.pick(room.groups, body["group"])
    scores = body.get("scores")
    if isinstance(scores, dict) and scores:
        body["scores"] = {str(to.pick(room.criteria, k)): v for k, v in scores.items()}


def _aim_body(to: Aim, body: dict[str, Any], nodes: list[int], links: list[int]) -> None:
    sources = list(Source.objects.values_list("pk", flat=True)[:50])
    scholars = list(Scholar.objects.values_list("pk", flat=True)[:50])
    pools = {
        "source_node": nodes,
        "target_node": nodes,
        "co_premises": nodes,
        "target_link": links,
        "scholar": scholars,
        "source": sources,
        "citation": sources,
        "extra_sources": sources,
        "attested_in": sources,
        # A comment's anchor: a statement or link of the submission's snapshot.
        "node": nodes,
        "link": links,
    }
    for name, pks in pools.items():
        value = body.get(name)
        if isinstance(value, list):
            body[name] = [to.pick(pks, v) for v in value]
        elif value is not None:
            body[name] = to.pick(pks, value)


@pytest.fixture
def in_process(settings: Any, quiet_requests: None) -> Any:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", "testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def examples_of(operation: Any, mode: GenerationMode, world: World, tally: Counter[Any]) -> Any:
    """A Hypothesis test sending `operation`'s generated cases, aimed, and checking each."""
    headers = {"Authorization": f"Token {TOKEN}"}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        aim(case, world)
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        tally[operation.label] += 1
        tally[response.status_code] += 1
        if 200 <= response.status_code < 300:
            tally[("ok", operation.label)] += 1
        world.restore()

    return run


def test_every_operation_conforms_to_the_schema(
    in_process: Any, ada: Any, ben: Any, demo: Map
) -> None:
    world = World(ada, ben, demo)
    world.restore()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    tally: Counter[Any] = Counter()  # cases per operation label, and per status code
    started = time.monotonic()
    for operation in operations:
        for mode in EXAMPLES:
            try:
                examples_of(operation, mode, world, tally)()
            except Unsatisfiable:
                # Nothing to make invalid (e.g. GET /api/ takes no input): positive cases only.
                if mode is GenerationMode.POSITIVE:
                    raise
    elapsed = time.monotonic() - started
    statuses = {code: n for code, n in tally.items() if isinstance(code, int)}
    total = sum(statuses.values())
    print(
        f"\nschemathesis: {total} cases over {len(operations)} operations in {elapsed:.1f} s; "
        f"statuses {dict(sorted(statuses.items()))}; 0 failures"
    )
    assert {op.label for op in operations} <= set(tally), "an operation generated no case"
    assert total >= MINIMUM_CASES
    assert not any(code >= 500 for code in statuses)
    # The aiming works: the success paths and the services' refusals are reached, not only 404s.
    assert statuses[200] > 200 and statuses[201] > 20 and statuses[422] > 10
    # The classroom's operations reach their success paths too, not only 404s.
    succeeded = {key[1] for key in tally if isinstance(key, tuple)}
    classroom = {op.label for op in operations if "/api/courses/" in op.label
                 or "/api/assignments/" in op.label or "/api/submissions/" in op.label
                 or "/api/comments/" in op.label}  # fmt: skip
    assert len(classroom) == 29  # with the groups' and peer review's under /api/assignments/
    missed = classroom - succeeded
    assert len(missed) <= 3, f"classroom operations never answered 2xx: {sorted(missed)}"
