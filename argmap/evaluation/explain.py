"""Why a node has its label: one short sentence in plain words, plus the ids to link to.

Explanations are read off the solver's final arrays (which objection acts on a node, which
links fail), so they cost O(n + m) once per evaluation to index and then little per node. They
name at most `SHOWN` statements in the text; `nodes` and `links` list all. Every text speaks of
the objections *recorded in this map*: a label says what follows from them, not whether a
historian is right. (`argmap.maps.standing` turns the same facts into a page's prose.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.evaluation._scc import cyclic_components
from argmap.evaluation.evaluate import Label, LinkState
from argmap.evaluation.framework import OPPOSES, UNDERCUTS
from argmap.evaluation.grounded import IN, OUT, UNDEC

if TYPE_CHECKING:
    from argmap.evaluation.evaluate import Evaluation

SHOWN = 3


@dataclass(frozen=True, slots=True)
class Explanation:
    node: str
    label: Label
    code: str  # unattacked | attacks-fail | attacked-by-in | attacked-by-undecided
    text: str  # e.g. 'An objection recorded here stands against it: “X”, which nothing answers.'
    nodes: tuple[str, ...] = ()  # the nodes the text is about, most important first
    links: tuple[str, ...] = ()
    cycle: bool = False  # UNDECIDED only: the node lies on a cycle of undecided statements


class Explainer:
    """Indexes one evaluation for explanations and link states."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.ev = evaluation
        fw = evaluation.framework
        self.fw = fw
        self.g = evaluation.grounded
        # Attacks into each node: (source node, plain link id) or (source node, general number).
        self.plain_in: list[list[tuple[int, str]]] = [[] for _ in range(fw.n)]
        self.gen_in: list[list[int]] = [[] for _ in range(fw.n)]
        self.undercuts_of: list[list[int]] = [[] for _ in fw.gen_ids]
        self.where: dict[str, tuple[str, int]] = {}
        for i, (a, b) in enumerate(zip(fw.att_src, fw.att_tgt, strict=True)):
            self.plain_in[b].append((a, fw.att_ids[i]))
            self.where[fw.att_ids[i]] = ("plain", a)
        for i, a in enumerate(fw.sup_src):
            self.where[fw.sup_ids[i]] = ("plain", a)
        for k, kind in enumerate(fw.gen_kind):
            self.where[fw.gen_ids[k]] = ("general", k)
            if kind == OPPOSES:
                self.gen_in[fw.gen_tgt[k]].append(k)
            elif kind == UNDERCUTS:
                self.undercuts_of[fw.gen_tgt[k]].append(k)
        self._in_cycle: bytearray | None = None

    def name(self, i: int) -> str:
        node = self.ev.graph.nodes[self.fw.ids[i]]
        text = " ".join((node.title or node.text).split())
        return f"“{text if len(text) <= 60 else text[:59].rstrip() + '…'}”"

    def link_state(self, link_id: str) -> LinkState | None:
        found = self.where.get(link_id)
        if found is None:
            return None
        kind, i = found
        if kind == "plain":
            acts, fails = self.g.backed[i], self.g.unbacked[i]
        else:
            acts, fails = self.g.fired[i], self.g.dead[i]
        return LinkState.ACTS if acts else LinkState.FAILS if fails else LinkState.UNDECIDED

    def explain(self, node_id: str) -> Explanation:
        x = self.fw.index[node_id]
        state = self.g.label[x]
        if state == IN:
            return self._explain_in(x)
        if state == OUT:
            return self._explain_out(x)
        return self._explain_undecided(x)

    # --- IN: every attack fails ------------------------------------------------------------

    def _explain_in(self, x: int) -> Explanation:
        node_id = self.fw.ids[x]
        if not self.plain_in[x] and not self.gen_in[x]:
            text = "Nothing recorded in this map objects to it."
            return Explanation(node_id, Label.IN, "unattacked", text)
        reasons: list[str] = []
        nodes: list[int] = []
        links: list[str] = []
        for y, link_id in self.plain_in[x]:
            reasons.append(f"{self.name(y)} is itself answered")
            nodes.append(y)
            links.append(link_id)
        for k in self.gen_in[x]:
            y = self.fw.gen_src[k]
            links.append(self.fw.gen_ids[k])
            cp_out = [p for p in self.fw.gen_cps[k] if self.g.label[p] == OUT]
            undercut = next((u for u in self.undercuts_of[k] if self.g.fired[u]), None)
            if undercut is not None:
                u = self.fw.gen_src[undercut]
                reasons.append(f"the objection of {self.name(y)} is answered by {self.name(u)}")
                nodes += [y, u]
                links.append(self.fw.gen_ids[undercut])
            elif cp_out:
                reasons.append(
                    f"{self.name(cp_out[0])}, needed with {self.name(y)} for its objection, is "
                    "itself answered"
                )
                nodes += [cp_out[0], y]
            else:
                reasons.append(f"{self.name(y)} is itself answered")
                nodes.append(y)
        more = f", and {len(reasons) - SHOWN} more" if len(reasons) > SHOWN else ""
        text = (
            "Every objection recorded against it is answered: "
            + "; ".join(reasons[:SHOWN])
            + more
            + "."
        )
        return Explanation(
            self.fw.ids[x], Label.IN, "attacks-fail", text, self._ids(nodes), tuple(links)
        )

    # --- OUT: one attack acts ---------------------------------------------------------------

    def _explain_out(self, x: int) -> Explanation:
        # Any objection that acts will do; a plain one names its source, a general one its link.
        partners: list[int] = []
        acting = next(((y, lid) for y, lid in self.plain_in[x] if self.g.backed[y]), None)
        if acting is not None:
            y, link = acting
        else:
            k = next(k for k in self.gen_in[x] if self.g.fired[k])
            y, link = self.fw.gen_src[k], self.fw.gen_ids[k]
            partners = list(self.fw.gen_cps[k])
        who = self.name(y)
        if partners:
            who += " together with " + ", ".join(self.name(p) for p in partners[:SHOWN])
        text = f"An objection recorded here stands against it: {who}, which nothing answers."
        return Explanation(
            self.fw.ids[x], Label.OUT, "attacked-by-in", text, self._ids([y, *partners]), (link,)
        )

    # --- UNDECIDED: no attack acts, some attack may still act -------------------------------

    def _explain_undecided(self, x: int) -> Explanation:
        reasons: list[str] = []
        nodes: list[int] = []
        links: list[str] = []
        for y, link_id in self.plain_in[x]:
            if not self.g.unbacked[y]:
                reasons.append(self._undecided_source(y))
                nodes.append(y)
                links.append(link_id)
        for k in self.gen_in[x]:
            if self.g.dead[k]:
                continue
            y = self.fw.gen_src[k]
            links.append(self.fw.gen_ids[k])
            undercut = next((u for u in self.undercuts_of[k] if not self.g.dead[u]), None)
            cp_open = [p for p in self.fw.gen_cps[k] if self.g.label[p] == UNDEC]
            if self.g.label[y] == UNDEC or self.g.unbacked[y] == self.g.backed[y] == 0:
                reasons.append(self._undecided_source(y))
                nodes.append(y)
            elif cp_open:
                reasons.append(
                    f"{self.name(cp_open[0])}, needed with {self.name(y)} for its objection, "
                    "is itself in dispute"
                )
                nodes += [cp_open[0], y]
            elif undercut is not None:
                u = self.fw.gen_src[undercut]
                reasons.append(
                    f"the objection of {self.name(y)} is answered by {self.name(u)}, "
                    "which is itself in dispute"
                )
                nodes += [y, u]
                links.append(self.fw.gen_ids[undercut])
        cycle = bool(self._cycles()[x])
        more = f", and {len(reasons) - SHOWN} more" if len(reasons) > SHOWN else ""
        tail = (
            " They answer each other in a circle."
            if cycle
            else " It hangs on statements that answer each other in a circle."
        )
        text = "In dispute here: " + "; ".join(reasons[:SHOWN]) + more + "." + tail
        return Explanation(
            self.fw.ids[x],
            Label.UNDECIDED,
            "attacked-by-undecided",
            text,
            self._ids(nodes),
            tuple(links),
            cycle,
        )

    def _undecided_source(self, y: int) -> str:
        return f"{self.name(y)} objects to it and is itself in dispute"

    def _cycles(self) -> bytearray:
        """1 for each UNDECIDED node on a cycle of UNDECIDED nodes (any links), by Tarjan."""
        if self._in_cycle is not None:
            return self._in_cycle
        fw, label = self.fw, self.g.label
        succ: list[list[int]] = [[] for _ in range(fw.n)]
        edges = list(zip(fw.att_src, fw.att_tgt, strict=True))
        edges += zip(fw.sup_src, fw.sup_tgt, strict=True)
        for k, kind in enumerate(fw.gen_kind):
            target = fw.gen_tgt[k]
            hops = 0
            while kind == UNDERCUTS and hops <= len(fw.gen_ids):  # an undercut bears on the
                kind, target = fw.gen_kind[target], fw.gen_tgt[target]  # node its target attacks
                hops += 1
            if kind == UNDERCUTS:
                continue  # a circle of undercuts: no node at its end
            edges += [(p, target) for p in (fw.gen_src[k], *fw.gen_cps[k])]
        for a, b in edges:
            if label[a] == UNDEC and label[b] == UNDEC:
                succ[a].append(b)
        self._in_cycle = bytearray(fw.n)
        for component in cyclic_components(fw.n, succ):
            for w in component:
                self._in_cycle[w] = 1
        return self._in_cycle

    def _ids(self, nodes: list[int]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.fw.ids[i] for i in nodes))
