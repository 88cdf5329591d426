"""Changes made in the admin to a map's statements or links count in the map's revision, as
those made through the services do: nothing cached under a revision outlives them."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import RequestFactory

from argmap.maps.admin import LinkAdmin, NodeAdmin
from argmap.maps.models import Link, Map, Node
from tests.factories import build_map

pytestmark = pytest.mark.django_db


def revision(map_: Map) -> int:
    return Map.objects.values_list("revision", flat=True).get(pk=map_.pk)


def test_an_edit_or_a_delete_in_the_admin_counts_in_the_revision(ada: User) -> None:
    map_ = build_map(ada, nodes=20)
    request = RequestFactory().post("/admin/")
    request.user = User.objects.create_superuser("root", "root@example.org", "x")
    node = Node.objects.filter(map=map_, kind="claim").first()
    link = Link.objects.filter(map=map_).first()
    assert node is not None and link is not None
    before = revision(map_)
    node.text = "Changed in the admin"
    NodeAdmin(Node, admin.site).save_model(request, node, form=None, change=True)
    assert revision(map_) == before + 1
    LinkAdmin(Link, admin.site).delete_queryset(request, Link.objects.filter(pk=link.pk))
    assert revision(map_) == before + 2
