""" "What if this evidence is set aside?": each thesis's status and strength before and after.

Setting a node aside removes it with every link that touches it (as source, target or
co-premise) and every undercut of those links; the map is then evaluated again. Both sides use
the same gradual semantics: removing nodes can break the last cycle of a map, and a thesis's
change should come from the evidence, not from switching from quadratic energy to DF-QuAD.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from argmap.evaluation.evaluate import Evaluation, Label, evaluate
from argmap.graph import Graph


@dataclass(frozen=True, slots=True)
class ThesisChange:
    thesis: str  # node id
    before: Label
    after: Label | None  # None when the thesis itself is set aside
    before_strength: float
    after_strength: float | None

    @property
    def delta(self) -> float | None:
        """after - before strength; None when the thesis is set aside."""
        return None if self.after_strength is None else self.after_strength - self.before_strength

    @property
    def label_changed(self) -> bool:
        return self.after != self.before


@dataclass(frozen=True, slots=True)
class Counterfactual:
    set_aside: frozenset[str]
    before: Evaluation
    after: Evaluation
    theses: list[ThesisChange]  # in the graph's order of theses


def counterfactual(
    graph: Graph, set_aside: Iterable[str], *, before: Evaluation | None = None
) -> Counterfactual:
    """Evaluate `graph` with and without the nodes in `set_aside`.

    Pass `before` (an evaluation of the whole graph) to reuse it; the view has usually computed
    it already for the page.
    """
    if before is None or before.set_aside:
        before = evaluate(graph)
    after = evaluate(graph, set_aside=set_aside, semantics=before.semantics)
    changes = []
    for thesis in graph.theses():
        old_label = before.labels[thesis.id]
        old_strength = before.strength_of(thesis.id)
        assert old_strength is not None
        changes.append(
            ThesisChange(
                thesis.id,
                old_label,
                after.label(thesis.id),
                old_strength,
                after.strength_of(thesis.id),
            )
        )
    return Counterfactual(after.set_aside, before, after, changes)
