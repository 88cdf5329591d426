"""Maps: what a client reads and may set; filters of the map list; imports and exports."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from argmap import interchange
from argmap.api.serializers import ModelInput, Serializer, stored_text
from argmap.maps.models import Map, Visibility
from argmap.maps.visibility import owner_name


class MapSerializer(serializers.ModelSerializer[Map]):
    owner = serializers.SerializerMethodField(
        help_text="The owner's username; “a student” for coursework of an assignment that keeps "
        "students anonymous, to whoever may not know whose it is."
    )
    page = serializers.CharField(
        source="get_absolute_url", read_only=True, help_text="The map's page in the web app."
    )
    can_edit = serializers.SerializerMethodField(
        help_text="Whether you may change this map (else fork it)."
    )
    key = stored_text(null=True)

    class Meta:
        model = Map
        fields = [
            "id",
            "title",
            "question",
            "description",
            "visibility",
            "owner",
            "forked_from",
            "key",
            "version",
            "created",
            "updated",
            "page",
            "can_edit",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_owner(self, obj: Map) -> str:
        request = self.context.get("request")
        if request is None:
            return obj.owner.username if obj.visibility == Visibility.PUBLIC else "a student"
        return owner_name(obj, request.user)

    @extend_schema_field(serializers.BooleanField())
    def get_can_edit(self, obj: Map) -> bool:
        request = self.context.get("request")
        return bool(request is not None and request.user.has_perm("maps.change_map", obj))


class MapInput(ModelInput):
    """What a client sets on a map; the owner is whoever creates it."""

    class Meta:
        model = Map
        fields = ["title", "question", "description", "visibility"]
        extra_kwargs = {"description": {"max_length": 20_000}}


class MapFilter(serializers.Serializer[Any]):
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    owner = serializers.ChoiceField(
        choices=[("me", "me")], required=False, help_text="`me`: only your own maps."
    )
    q = serializers.CharField(
        required=False, max_length=200, help_text="Words in the title or question."
    )

    def filter(self, maps: QuerySet[Map], user: Any) -> QuerySet[Map]:
        data = self.validated_data
        if data.get("visibility"):
            maps = maps.filter(visibility=data["visibility"])
        if data.get("owner") == "me":
            maps = maps.filter(owner_id=user.pk) if user.is_authenticated else maps.none()
        if data.get("q"):
            maps = maps.filter(Q(title__icontains=data["q"]) | Q(question__icontains=data["q"]))
        return maps


class ForkInput(serializers.Serializer[Any]):
    title = serializers.CharField(
        required=False, max_length=200, help_text="Default: the original's title + “(copy)”."
    )


class ImportInput(serializers.Serializer[Any]):
    format = serializers.ChoiceField(
        choices=[("auto", "detect")] + [(f.name, f.label) for f in interchange.IMPORT_FORMATS],
        default="auto",
    )
    text = serializers.CharField(
        required=False,
        max_length=interchange.DEFAULT_LIMITS.max_bytes,
        trim_whitespace=False,
        help_text="The file's content (UTF-8 text), in a JSON body. A JSON body is limited to "
        "ARGMAP_MAX_UPLOAD_BYTES; send a big file as `file` in a multipart body instead.",
    )
    file = serializers.FileField(
        required=False,
        help_text="The file itself, in a multipart/form-data body (limited by statements, "
        "not by ARGMAP_MAX_UPLOAD_BYTES).",
    )
    title = serializers.CharField(
        required=False, max_length=200, help_text="Default: the file's own title."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        upload, text = attrs.pop("file", None), attrs.get("text")
        if (upload is None) == (text is None):
            raise serializers.ValidationError("Send the file as `text` or as `file` (one).")
        if upload is not None:
            if upload.size is not None and upload.size > interchange.DEFAULT_LIMITS.max_bytes:
                raise serializers.ValidationError(
                    f"The file is larger than {interchange.DEFAULT_LIMITS.max_bytes:,} bytes."
                )
            try:
                attrs["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise serializers.ValidationError("The file is not UTF-8 text.") from None
            attrs["filename"] = upload.name or ""
        return attrs


class ImportResult(serializers.Serializer[Any]):
    map = MapSerializer()
    notes = serializers.ListField(
        child=serializers.CharField(), help_text="What was read differently or left out."
    )


class ExportFormat(Serializer):
    format = serializers.CharField()
    late_fields = {"label": serializers.CharField}
    content_type = serializers.CharField()
    url = serializers.CharField()
    lost = serializers.ListField(
        child=serializers.CharField(), help_text="What this format cannot keep of this map."
    )
