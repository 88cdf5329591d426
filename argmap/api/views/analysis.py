"""What the app computes about a map: evaluation (with counterfactuals), checks, debate, matrix.

Each view loads the map once (`map_bundle`: a constant number of queries) and calls the same
glue as the pages: `assess` and `parse_aside` for the map page's evaluation, the debate
selectors for the debate pages. Nothing is cached: evaluation is linear, so each request redoes it.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.api.access import MapScopedView
from argmap.api.serializers.analysis import (
    DEBATE_THESES,
    ChecksSerializer,
    DebateSerializer,
    EvaluationQuery,
    EvaluationSerializer,
    MatrixQuery,
    MatrixSerializer,
)
from argmap.api.views import query
from argmap.debates.forms import DebateForm
from argmap.debates.selectors import Stances, debate, evidence_matrix
from argmap.maps.assessment import assess, parse_aside
from argmap.maps.selectors import map_bundle
from argmap.maps.standing import CAPTION
from argmap.maps.standing import words as standing_words

ANALYSIS = ["analysis"]


class EvaluationView(MapScopedView):
    @extend_schema(
        tags=ANALYSIS,
        summary="Which statements stand, how strongly, and what if evidence is set aside",
        description="Grounded labels (in / out / undecided) and gradual strengths of every "
        "statement, as on the map page; with `aside`, each thesis before and after.",
        parameters=[EvaluationQuery],
        responses=EvaluationSerializer,
    )
    def get(self, request: Request, map_id: int) -> Response:
        map_ = self.get_map()
        options = query(request, EvaluationQuery).validated_data
        bundle = map_bundle(map_)
        assessment = assess(
            bundle, aside=parse_aside(options.get("aside"), bundle), with_checks=False
        )
        evaluation = assessment.evaluation
        nodes: list[dict[str, Any]] = []
        for node in bundle.nodes.values():
            result = assessment.results[node.pk]
            item = {
                "id": node.pk,
                "kind": node.kind,
                "status": result.status,
                "standing": standing_words(result.status),
                "defensible": result.defensible,
                "in_every_position": result.everywhere,
                "strength": result.strength,
            }
            if options["explain"]:
                explained = evaluation.explain(str(node.pk)) if not result.aside else None
                item["explanation"] = explained and {
                    "label": explained.label,
                    "code": explained.code,
                    "text": explained.text,
                    "nodes": [int(n) for n in explained.nodes],
                    "links": [int(n) for n in explained.links],
                    "cycle": explained.cycle,
                }
            nodes.append(item)
        body: dict[str, Any] = {
            "map": map_.pk,
            "caption": CAPTION,
            "semantics": evaluation.semantics,
            "semantics_label": assessment.semantics,
            "converged": evaluation.converged,
            "aside": [item.node.pk for item in assessment.aside],
            "counts": dict(assessment.counts),
            "nodes": nodes,
            "counterfactual": assessment.changes,
        }
        if options["explain"]:
            body["links"] = [
                {"id": pk, "state": evaluation.link_state(str(pk))} for pk in bundle.links
            ]
        return Response(EvaluationSerializer(body).data)


class ChecksView(MapScopedView):
    @extend_schema(
        tags=ANALYSIS,
        summary="Map checks: unsupported claims, evidence without a citation, cycles, …",
        responses=ChecksSerializer,
    )
    def get(self, request: Request, map_id: int) -> Response:
        map_ = self.get_map()
        findings = [
            {
                "code": item.code,
                "title": item.title,
                "message": item.message,
                "nodes": [node.pk for node in item.nodes],
                "links": [link.pk for link in item.links],
            }
            for item in assess(map_bundle(map_)).findings
        ]
        return Response(ChecksSerializer({"map": map_.pk, "findings": findings}).data)


class DebateView(MapScopedView):
    @extend_schema(
        tags=ANALYSIS,
        summary="Theses side by side, and the evidence they share (the debate page)",
        parameters=[
            OpenApiParameter(
                "thesis",
                int,
                many=True,
                required=True,
                description=DEBATE_THESES,
            )
        ],
        responses=DebateSerializer,
    )
    def get(self, request: Request, map_id: int) -> Response:
        map_ = self.get_map()
        stances = Stances(map_bundle(map_))
        theses = stances.bundle.theses()
        # The debate page's own form decides which choices are valid (2 to 4 of this map's theses).
        form = DebateForm(request.query_params, theses=theses, names=stances.names)
        if not form.is_valid():
            raise ValidationError(
                {
                    name: [e["message"] for e in errs]
                    for name, errs in form.errors.get_json_data().items()
                }
            )
        by_pk = {t.pk: t for t in theses}
        comparison = debate(stances, [by_pk[pk] for pk in form.cleaned_data["thesis"]])
        return Response(DebateSerializer(comparison).data)


class MatrixView(MapScopedView):
    @extend_schema(
        tags=ANALYSIS,
        summary="Evidence × theses: each thesis's stance on each piece of evidence",
        parameters=[MatrixQuery],
        responses=MatrixSerializer,
    )
    def get(self, request: Request, map_id: int) -> Response:
        map_ = self.get_map()
        options = query(request, MatrixQuery).validated_data
        matrix = evidence_matrix(
            Stances(map_bundle(map_)),
            sort=options["sort"],
            kind=options.get("kind", ""),
            indirect=options["indirect"],
        )
        return Response(MatrixSerializer(matrix).data)
