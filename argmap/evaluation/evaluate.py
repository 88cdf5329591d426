"""`evaluate(graph)`: which statements of a map stand, how strongly, and why.

The one call the views make on every request. It compiles the graph once, runs the grounded
labelling and the gradual strength on the same compiled form, and returns an `Evaluation` that
answers by node id; explanations, link states and the preferred semantics (which statements are
defensible, which are in every coherent position) are worked out only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from argmap.evaluation.framework import Framework, compile_graph
from argmap.evaluation.gradual import Semantics, Strengths, strengths
from argmap.evaluation.grounded import Grounded, grounded
from argmap.evaluation.preferred import Preferred, preferred
from argmap.graph import Graph

if TYPE_CHECKING:
    from argmap.evaluation.explain import Explainer, Explanation


class Label(StrEnum):
    IN = "in"
    OUT = "out"
    UNDECIDED = "undecided"


class LinkState(StrEnum):
    ACTS = "acts"  # its source is IN (or supported from an IN node), nothing disables it
    FAILS = "fails"  # its source is out for good, a co-premise is OUT, or an undercut disables it
    UNDECIDED = "undecided"


_LABELS = (Label.UNDECIDED, Label.IN, Label.OUT)


class Evaluation:
    """Labels and strengths of every node of a graph (minus the nodes set aside)."""

    __slots__ = (
        "_explainer",
        "_preferred",
        "framework",
        "graph",
        "grounded",
        "labels",
        "set_aside",
        "strength",
        "strengths",
    )

    def __init__(
        self,
        graph: Graph,
        framework: Framework,
        grounded_: Grounded,
        strength: Strengths,
        set_aside: frozenset[str],
    ) -> None:
        self.graph = graph
        self.framework = framework
        self.grounded = grounded_
        self.strength = strength
        self.set_aside = set_aside
        self.labels: dict[str, Label] = dict(
            zip(framework.ids, [_LABELS[v] for v in grounded_.label], strict=True)
        )
        self.strengths: dict[str, float] = dict(zip(framework.ids, strength.values, strict=True))
        self._explainer: Explainer | None = None
        self._preferred: Preferred | None = None

    @property
    def semantics(self) -> Semantics:
        """Which gradual semantics gave the strengths: "df-quad" or "quadratic-energy"."""
        return self.strength.semantics

    @property
    def converged(self) -> bool:
        return self.strength.converged

    def label(self, node_id: str) -> Label | None:
        """The node's label; None when it is set aside or not in the map."""
        return self.labels.get(node_id)

    def strength_of(self, node_id: str) -> float | None:
        i = self.framework.index.get(node_id)
        return None if i is None else self.strength.values[i]

    @property
    def preferred(self) -> Preferred:
        """Credulous and sceptical acceptance under preferred semantics, computed on first use
        within the default budget (`preferred.DEFAULT_MAX_STEPS` steps, `DEFAULT_TIME_LIMIT`
        seconds); `complete` says whether it sufficed."""
        if self._preferred is None:
            self._preferred = preferred(self.framework, self.grounded)
        return self._preferred

    def defensible(self, node_id: str) -> bool | None:
        """Whether the node is in at least one coherent position (a preferred extension): True
        for every IN node, False for every OUT one. None when the node is not evaluated, or the
        budget ran out before its part of the map was solved."""
        return self._accepted(node_id, self.preferred.credulous)

    def sceptical(self, node_id: str) -> bool | None:
        """Whether the node is in every coherent position; None as for `defensible`."""
        return self._accepted(node_id, self.preferred.sceptical)

    def _accepted(self, node_id: str, flags: bytearray) -> bool | None:
        i = self.framework.index.get(node_id)
        if i is None or self.preferred.unknown[i]:
            return None
        return bool(flags[i])

    def link_state(self, link_id: str) -> LinkState | None:
        """Whether a link acts; None for a link left out (missing ends, or touching a node set
        aside)."""
        return self._get_explainer().link_state(link_id)

    def explain(self, node_id: str) -> Explanation:
        """Why the node has its label (KeyError when it is not evaluated)."""
        return self._get_explainer().explain(node_id)

    def explanations(self) -> dict[str, Explanation]:
        explainer = self._get_explainer()
        return {nid: explainer.explain(nid) for nid in self.framework.ids}

    def _get_explainer(self) -> Explainer:
        if self._explainer is None:
            from argmap.evaluation.explain import Explainer

            self._explainer = Explainer(self)
        return self._explainer


def evaluate(
    graph: Graph,
    *,
    set_aside: Iterable[str] = frozenset(),
    semantics: Semantics | Literal["auto"] = "auto",
) -> Evaluation:
    """Evaluate `graph` with the nodes in `set_aside` removed (ids not in the graph are ignored).

    `semantics` "auto" picks DF-QuAD on an acyclic map and quadratic energy otherwise; the
    result says which (`Evaluation.semantics`) and whether it converged.
    """
    aside = frozenset(nid for nid in set_aside if nid in graph.nodes)
    fw = compile_graph(graph, aside)
    return Evaluation(graph, fw, grounded(fw), strengths(fw, semantics), aside)
