"""What the app computes, as JSON: evaluation, map checks, debate comparison, evidence matrix.

These serialise the dataclasses of `argmap.maps.assessment` and `argmap.debates.selectors`
(and the loaded Node and Link rows they point to) as they are: the API shows the numbers the
pages show, computed by the same calls.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from argmap.api.serializers import Serializer
from argmap.debates.forms import MAX_THESES, MIN_THESES
from argmap.debates.selectors import MATRIX_SORTS
from argmap.maps.models import EvidenceKind

LABELS = ["in", "out", "undecided"]
STANCES = ["supports", "opposes", "mixed", "contests", "none"]


class ExplanationSerializer(Serializer):
    late_fields = {"label": lambda: serializers.ChoiceField(choices=LABELS)}
    code = serializers.CharField(help_text="unattacked, attacks-fail, attacked-by-in, …")
    text = serializers.CharField(
        help_text="Why, in one sentence, speaking of the objections recorded in this map."
    )
    nodes = serializers.ListField(child=serializers.IntegerField())
    links = serializers.ListField(child=serializers.IntegerField())
    cycle = serializers.BooleanField()


class NodeStatusSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.ChoiceField(
        choices=[*LABELS, "aside"],
        help_text="in, out, undecided, or aside: a statement about the objections recorded in "
        "this map, never a verdict on a historian (see `standing` and the body's `caption`).",
    )
    standing = serializers.CharField(
        help_text="The status in plain words: 'holds here', 'open objection', 'in dispute'…"
    )
    defensible = serializers.BooleanField(
        allow_null=True,
        help_text="In at least one coherent position (preferred semantics); null when set aside "
        "or too tangled to work out within the budget.",
    )
    in_every_position = serializers.BooleanField(
        allow_null=True, help_text="In every coherent position (sceptical preferred acceptance)."
    )
    strength = serializers.FloatField(allow_null=True, help_text="In [0, 1]; null when aside.")
    explanation = ExplanationSerializer(
        allow_null=True, required=False, help_text="With ?explain=true; null when aside."
    )


class LinkStateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["acts", "fails", "undecided"], allow_null=True)


class ThesisChangeSerializer(serializers.Serializer[Any]):
    thesis = serializers.IntegerField(source="thesis.pk")
    before = serializers.ChoiceField(choices=LABELS)
    after = serializers.ChoiceField(
        choices=LABELS, allow_null=True, help_text="null: the thesis itself is set aside."
    )
    before_strength = serializers.FloatField()
    after_strength = serializers.FloatField(allow_null=True)
    delta = serializers.FloatField(allow_null=True)


class EvaluationSerializer(serializers.Serializer[Any]):
    map = serializers.IntegerField()
    caption = serializers.CharField(
        help_text="How to read every status: 'given only the objections recorded in this map'."
    )
    semantics = serializers.ChoiceField(
        choices=["df-quad", "quadratic-energy"],
        help_text="The gradual semantics: DF-QuAD when the map has no cycle.",
    )
    semantics_label = serializers.CharField()
    converged = serializers.BooleanField()
    aside = serializers.ListField(
        child=serializers.IntegerField(), help_text="The evidence set aside (from ?aside=)."
    )
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Theses per status.")
    nodes = NodeStatusSerializer(many=True)
    links = LinkStateSerializer(many=True, required=False, help_text="With ?explain=true.")
    counterfactual = ThesisChangeSerializer(
        many=True, help_text="Each thesis before and after setting the evidence aside."
    )


class EvaluationQuery(serializers.Serializer[Any]):
    aside = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Evidence ids to set aside, comma-separated (e.g. 12,34); others are ignored, "
        "as on the map page.",
    )
    explain = serializers.BooleanField(
        required=False, default=False, help_text="Add why each node has its status."
    )


class FindingSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    message = serializers.CharField()
    nodes = serializers.ListField(child=serializers.IntegerField(), help_text="Node ids.")
    links = serializers.ListField(child=serializers.IntegerField(), help_text="Link ids.")


class ChecksSerializer(serializers.Serializer[Any]):
    map = serializers.IntegerField()
    findings = FindingSerializer(many=True)


# --- the debate --------------------------------------------------------------------------------


class NodeBriefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()
    scholar = serializers.IntegerField(source="scholar_id", allow_null=True)
    scholar_name = serializers.CharField(source="scholar.name", allow_null=True, default=None)
    evidence_kind = serializers.CharField()
    date_text = serializers.CharField()


class LinkBriefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    scholar = serializers.IntegerField(source="scholar_id", allow_null=True)
    scholar_name = serializers.CharField(source="scholar.name", allow_null=True, default=None)
    rationale = serializers.CharField()
    citation = serializers.IntegerField(source="citation_id", allow_null=True)
    citation_locator = serializers.CharField()
    attestation = serializers.CharField()


class AnswerSerializer(serializers.Serializer[Any]):
    node = NodeBriefSerializer(help_text="The reading that answers the use.")
    verb = serializers.ChoiceField(
        choices=["replies to", "is inconsistent with"],
        help_text="'is inconsistent with' when its work is older than the one it answers.",
    )


class ColumnItemSerializer(serializers.Serializer[Any]):
    link = LinkBriefSerializer()
    node = NodeBriefSerializer()
    answered_by = AnswerSerializer(many=True, help_text="Readings that answer this use.")
    answers = serializers.ListField(
        child=serializers.CharField(),
        help_text="What this statement answers, in words: 'replies to Frank’s use of …'.",
    )
    co_premises = NodeBriefSerializer(many=True)
    expanded = serializers.BooleanField(
        help_text="False where the statement is expanded higher up, or is another thesis."
    )


# The column is a tree: each item holds the items under it.
ColumnItemSerializer._declared_fields["children"] = ColumnItemSerializer(many=True)


class CharacterisationBriefSerializer(Serializer):
    id = serializers.IntegerField(source="pk")
    late_fields = {"source": lambda: serializers.IntegerField(source="source_id")}
    text = serializers.CharField()
    status = serializers.CharField()


class ColumnSerializer(serializers.Serializer[Any]):
    thesis = NodeBriefSerializer()
    name = serializers.CharField()
    supports = ColumnItemSerializer(many=True)
    opposes = ColumnItemSerializer(many=True)
    characterisations = CharacterisationBriefSerializer(many=True)


class CellSerializer(Serializer):
    thesis = serializers.IntegerField(source="thesis.pk")
    thesis_name = serializers.CharField()
    late_fields = {"label": lambda: serializers.ChoiceField(choices=STANCES)}
    mark = serializers.CharField()
    indirect = serializers.BooleanField(help_text="Only through other theses.")
    uses = serializers.BooleanField(help_text="The thesis's own argument uses it.")
    attestation = serializers.CharField()
    link = LinkBriefSerializer(allow_null=True)
    words = serializers.ListField(child=serializers.CharField())
    rationale = serializers.CharField()


class SharedRowSerializer(serializers.Serializer[Any]):
    evidence = NodeBriefSerializer()
    cells = CellSerializer(many=True)
    contested = serializers.BooleanField(
        help_text="One thesis reads it as support, another as an objection."
    )


class DebateSerializer(serializers.Serializer[Any]):
    columns = ColumnSerializer(many=True)
    shared = SharedRowSerializer(many=True)
    linked = SharedRowSerializer(many=True)


DEBATE_THESES = f"{MIN_THESES} to {MAX_THESES} thesis ids of this map (repeat the parameter)."


class MatrixRowSerializer(serializers.Serializer[Any]):
    evidence = NodeBriefSerializer()
    users = serializers.IntegerField(help_text="Theses whose own argument uses it.")
    cells = serializers.SerializerMethodField()

    @extend_schema_field(CellSerializer(many=True))
    def get_cells(self, row: Any) -> list[dict[str, Any]]:
        # Empty cells (no stance) are left out; each cell names its thesis.
        cells = CellSerializer([c for c in row.cells if c is not None], many=True)
        return list(cells.data)


class ThesisHeadSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="node.pk")
    name = serializers.CharField()


class MatrixSerializer(serializers.Serializer[Any]):
    theses = ThesisHeadSerializer(many=True)
    rows = MatrixRowSerializer(many=True)


class MatrixQuery(serializers.Serializer[Any]):
    sort = serializers.ChoiceField(choices=list(MATRIX_SORTS), default="date")
    kind = serializers.ChoiceField(choices=EvidenceKind.choices, required=False)
    indirect = serializers.BooleanField(
        default=False, help_text="Also stances that come only through other theses."
    )
