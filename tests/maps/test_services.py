"""Every rule of the model: bad input is refused with a clear message, and nothing is written."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from argmap.maps import services
from argmap.maps.models import Link, Map, Node
from tests.factories import EvidenceFactory, MapFactory, NodeFactory, SourceFactory, ThesisFactory

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return Map.all_objects.count(), Node.all_objects.count(), Link.all_objects.count()


def refused(call, *, says: str) -> None:  # type: ignore[no-untyped-def]
    """Run `call`, expect a ValidationError mentioning `says`, and no row written."""
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call()
    assert says in " ".join(caught.value.messages)
    assert counts() == before


def test_node_create_writes_an_evidence_node_with_its_date_precision(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    node = services.node_create(
        map=map_,
        kind="evidence",
        text="The Soviet declaration of war",
        date_text="1945-08-09/1945-08-10",
        source=SourceFactory(),
    )
    assert (node.date_start.isoformat(), node.date_end.isoformat()) == ("1945-08-09", "1945-08-10")
    assert node.date_precision == "range"


def test_node_create_refuses_empty_text(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    refused(
        lambda: services.node_create(map=map_, kind="claim", text="   "), says="needs some text"
    )


def test_node_create_refuses_an_unknown_kind(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    refused(
        lambda: services.node_create(map=map_, kind="rumour", text="x"), says="not a valid choice"
    )


def test_node_create_refuses_a_date_that_is_not_a_date(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    refused(
        lambda: services.node_create(map=map_, kind="evidence", text="x", date_text="August"),
        says="is not a date",
    )
    refused(
        lambda: services.node_create(map=map_, kind="evidence", text="x", date_text="1945-02-30"),
        says="that day does not exist",
    )
    refused(
        lambda: services.node_create(
            map=map_, kind="evidence", text="x", date_text="1945-08-10/1945-08-09"
        ),
        says="ends before it starts",
    )


def test_node_create_refuses_evidence_fields_on_a_claim(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    refused(
        lambda: services.node_create(map=map_, kind="claim", text="x", date_text="1945"),
        says="Only evidence carries a date",
    )


def test_node_create_refuses_a_quote_without_a_source(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    refused(
        lambda: services.node_create(
            map=map_, kind="evidence", text="x", quote="a new and most cruel bomb"
        ),
        says="needs the source",
    )


def test_node_create_refuses_a_base_score_outside_zero_to_one(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    refused(
        lambda: services.node_create(map=map_, kind="claim", text="x", base_score=1.5),
        says="less than or equal to 1",
    )


def test_link_create_joins_two_statements_of_one_map(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    thesis, evidence = ThesisFactory(map=map_), EvidenceFactory(map=map_)
    link = services.link_create(map=map_, kind="supports", source=evidence, target=thesis)
    assert link.target_node == thesis and link.version == 1


def test_link_create_refuses_a_self_link(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    node = NodeFactory(map=map_)
    refused(
        lambda: services.link_create(map=map_, kind="supports", source=node, target=node),
        says="cannot support or oppose itself",
    )


def test_link_create_refuses_ends_in_another_map(ada: User) -> None:
    mine, other = MapFactory(owner=ada), MapFactory(owner=ada)
    here, there = NodeFactory(map=mine), ThesisFactory(map=other)
    refused(
        lambda: services.link_create(map=mine, kind="supports", source=here, target=there),
        says="same map",
    )


def test_link_create_refuses_no_target_or_two_targets(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    a, b, c = NodeFactory(map=map_), NodeFactory(map=map_), ThesisFactory(map=map_)
    existing = services.link_create(map=map_, kind="supports", source=a, target=c)
    refused(
        lambda: services.link_create(map=map_, kind="opposes", source=b),
        says="exactly one target statement",
    )
    refused(
        lambda: services.link_create(
            map=map_, kind="opposes", source=b, target=c, target_link=existing
        ),
        says="exactly one target statement",
    )


def test_link_create_refuses_an_undercut_that_targets_a_statement(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    a, c = NodeFactory(map=map_), ThesisFactory(map=map_)
    refused(
        lambda: services.link_create(map=map_, kind="undercuts", source=a, target=c),
        says="An undercut attacks a link",
    )


def test_link_create_makes_an_undercut_of_a_link(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    a, b, c = NodeFactory(map=map_), NodeFactory(map=map_), ThesisFactory(map=map_)
    use = services.link_create(map=map_, kind="supports", source=a, target=c)
    undercut = services.link_create(map=map_, kind="undercuts", source=b, target_link=use)
    assert list(use.undercutters.all()) == [undercut]


def test_link_create_refuses_an_undercut_of_a_link_in_another_map(ada: User) -> None:
    mine, other = MapFactory(owner=ada), MapFactory(owner=ada)
    a, c = NodeFactory(map=other), ThesisFactory(map=other)
    use = services.link_create(map=other, kind="supports", source=a, target=c)
    b = NodeFactory(map=mine)
    refused(
        lambda: services.link_create(map=mine, kind="undercuts", source=b, target_link=use),
        says="same map",
    )


def test_link_create_refuses_co_premises_from_another_map_or_on_an_end(ada: User) -> None:
    mine, other = MapFactory(owner=ada), MapFactory(owner=ada)
    a, b, c = NodeFactory(map=mine), NodeFactory(map=mine), ThesisFactory(map=mine)
    stranger = NodeFactory(map=other)
    refused(
        lambda: services.link_create(
            map=mine, kind="supports", source=a, target=c, co_premises=[stranger]
        ),
        says="same map",
    )
    refused(
        lambda: services.link_create(
            map=mine, kind="supports", source=a, target=c, co_premises=[a]
        ),
        says="not an end of the link",
    )
    link = services.link_create(map=mine, kind="supports", source=a, target=c, co_premises=[b])
    assert list(link.co_premises.all()) == [b]


def test_link_create_refuses_an_unknown_attestation(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    a, c = NodeFactory(map=map_), ThesisFactory(map=map_)
    refused(
        lambda: services.link_create(
            map=map_, kind="supports", source=a, target=c, attestation="hearsay"
        ),
        says="not a valid choice",
    )


def test_database_refuses_a_link_to_itself_even_around_the_services(ada: User) -> None:
    from django.db import IntegrityError, transaction

    map_ = MapFactory(owner=ada)
    node = NodeFactory(map=map_)
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(map=map_, kind="supports", source_node=node, target_node=node)


def test_characterisation_create_refuses_a_thesis_that_is_not_a_thesis(ada: User) -> None:
    from argmap.maps.models import Characterisation
    from tests.factories import ScholarFactory

    map_ = MapFactory(owner=ada)
    claim = NodeFactory(map=map_)
    before = Characterisation.objects.count()
    with pytest.raises(ValidationError, match="Choose a thesis"):
        services.characterisation_create(
            scholar=ScholarFactory(), source=SourceFactory(), text="says so", thesis=claim
        )
    assert Characterisation.objects.count() == before


def test_link_create_refuses_co_premises_on_an_undercut(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    first, second, thesis = NodeFactory(map=map_), NodeFactory(map=map_), ThesisFactory(map=map_)
    use = services.link_create(map=map_, kind="supports", source=first, target=thesis)
    refused(
        lambda: services.link_create(
            map=map_, kind="undercuts", source=second, target_link=use, co_premises=[first]
        ),
        says="Co-premises belong to supports and opposes links",
    )


def test_node_create_refuses_a_key_another_statement_of_the_map_has(ada: User) -> None:
    map_ = MapFactory(owner=ada)
    services.node_create(map=map_, kind="claim", text="Blockade", key="blockade")
    refused(
        lambda: services.node_create(map=map_, kind="claim", text="Again", key="blockade"),
        says="already has this key",
    )
    # Another map may use the same key.
    services.node_create(map=MapFactory(owner=ada), kind="claim", text="Blockade", key="blockade")


def test_characterisation_create_refuses_wrong_evidence_and_ends_in_two_maps(ada: User) -> None:
    from argmap.maps.models import Characterisation
    from tests.factories import ScholarFactory

    map_, other = MapFactory(owner=ada), MapFactory(owner=ada)
    thesis, claim = ThesisFactory(map=map_), NodeFactory(map=map_, kind="claim")
    elsewhere = EvidenceFactory(map=other)
    before = Characterisation.objects.count()
    cases = [
        ({"evidence": claim}, "Choose an evidence"),
        ({"thesis": thesis, "evidence": elsewhere}, "must be in the same map"),
    ]
    for ends, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.characterisation_create(
                scholar=ScholarFactory(), source=SourceFactory(), text="says so", **ends
            )
    assert Characterisation.objects.count() == before
