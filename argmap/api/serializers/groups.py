"""Groups of a group assignment and their members, as the API shows them.

The views build plain dicts from `argmap.classroom.grouping` (what a reader may see is decided
there and in the view: a student sees only their own group, and when students are anonymous
to each other, their fellows as "Member 2" without id or username)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from argmap.api.serializers import Serializer
from argmap.classroom.services.groups import MAX_GROUP_SIZE


class GroupMemberSerializer(Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Null for an anonymous fellow.")
    username = serializers.CharField(allow_null=True, help_text="Null for an anonymous fellow.")
    late_fields = {
        "label": lambda: serializers.CharField(help_text="The name to show, or “Member 2”.")
    }


class GroupSerializer(Serializer):
    id = serializers.IntegerField()
    assignment = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    late_fields = {"label": lambda: serializers.CharField(help_text="Its name, or “Group 3”.")}
    members = GroupMemberSerializer(many=True, help_text="In the order they joined.")
    working_map = serializers.IntegerField(
        allow_null=True, help_text="The group's shared map, once a member has started it."
    )
    submitted = serializers.BooleanField(
        help_text="Whether it has submitted: then its members no longer change."
    )


class GroupInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)


class RandomGroupsInput(serializers.Serializer[Any]):
    size = serializers.IntegerField(
        min_value=1, max_value=MAX_GROUP_SIZE, help_text="Students per group (about)."
    )
    seed = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="Repeatable draws (optional)."
    )


class MembershipInput(serializers.Serializer[Any]):
    group = serializers.IntegerField(help_text="A group of this assignment.")


class MembershipSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField()
    group = serializers.IntegerField(allow_null=True, help_text="Null: in no group.")
