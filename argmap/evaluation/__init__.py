"""Evaluation of argument maps: pure Python over `argmap.graph.Graph`, no Django import.

    evaluation = evaluate(graph)                  # labels, strengths, explanations
    evaluation.labels["12"], evaluation.strengths["12"], evaluation.semantics
    evaluation.explain("12").text                 # 'OUT: attacked by “…”, which is IN.'
    evaluation.defensible("12"), evaluation.sceptical("12")   # preferred semantics, lazily
    counterfactual(graph, {"7"}, before=evaluation).theses   # each thesis before / after
    check_map(graph)                              # findings of the map checks
    net_stance(graph, evidence_id, thesis_id)     # how a piece of evidence bears on a thesis

The semantics are documented in `grounded` (IN / OUT / UNDECIDED), `preferred` (defensible, in
every coherent position) and `gradual` (strength).
"""

from argmap.evaluation.checks import CHECKS, Finding, check_map, inherited
from argmap.evaluation.counterfactual import Counterfactual, ThesisChange, counterfactual
from argmap.evaluation.evaluate import Evaluation, Label, LinkState, evaluate
from argmap.evaluation.explain import Explanation
from argmap.evaluation.preferred import Preferred

__all__ = [
    "CHECKS",
    "Counterfactual",
    "Evaluation",
    "Explanation",
    "Finding",
    "Label",
    "LinkState",
    "Preferred",
    "ThesisChange",
    "check_map",
    "counterfactual",
    "evaluate",
    "inherited",
]
