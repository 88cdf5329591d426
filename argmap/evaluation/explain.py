"""Why a node has its label: one short sentence a student can read, plus the ids to link to.

Explanations are read off the solver's final arrays (which attacker knocked a node OUT, which
node backs it, which links fail), so they cost O(n + m) once per evaluation to index and then
little per node. They name at most `SHOWN` nodes in the text; `nodes` and `links` list all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.evaluation._scc import cyclic_components
from argmap.evaluation.evaluate import Label, LinkState
from argmap.evaluation.framework import OPPOSES, SUPPORTS, UNDERCUTS
from argmap.evaluation.grounded import IN, OUT, UNDEC

if TYPE_CHECKING:
    from argmap.evaluation.evaluate import Evaluation

SHOWN = 3


@dataclass(frozen=True, slots=True)
class Explanation:
    node: str
    label: Label
    code: (
        str  # unattacked | attacks-fail | attacked-by-in | supported-attack | attacked-by-undecided
    )
    text: str  # e.g. 'OUT: attacked by “X”, which is IN.'
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
        self._backed_by: dict[int, tuple[int, str]] | None = None

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
            return Explanation(node_id, Label.IN, "unattacked", "IN: nothing attacks it.")
        reasons: list[str] = []
        nodes: list[int] = []
        links: list[str] = []
        for y, link_id in self.plain_in[x]:
            reasons.append(f"{self.name(y)} is OUT")
            nodes.append(y)
            links.append(link_id)
        for k in self.gen_in[x]:
            y = self.fw.gen_src[k]
            links.append(self.fw.gen_ids[k])
            cp_out = [p for p in self.fw.gen_cps[k] if self.g.label[p] == OUT]
            undercut = next((u for u in self.undercuts_of[k] if self.g.fired[u]), None)
            if undercut is not None:
                u = self.fw.gen_src[undercut]
                reasons.append(f"the attack by {self.name(y)} is undercut by {self.name(u)}")
                nodes += [y, u]
                links.append(self.fw.gen_ids[undercut])
            elif cp_out:
                reasons.append(
                    f"{self.name(cp_out[0])}, needed with {self.name(y)} for its attack, is OUT"
                )
                nodes += [cp_out[0], y]
            else:
                reasons.append(f"{self.name(y)} is OUT")
                nodes.append(y)
        more = f", and {len(reasons) - SHOWN} more" if len(reasons) > SHOWN else ""
        text = "IN: every attack on it fails: " + "; ".join(reasons[:SHOWN]) + more + "."
        return Explanation(
            self.fw.ids[x], Label.IN, "attacks-fail", text, self._ids(nodes), tuple(links)
        )

    # --- OUT: one attack acts ---------------------------------------------------------------

    def _explain_out(self, x: int) -> Explanation:
        # Any attack that acts will do; a plain one names its source, a general one its link.
        partners: list[int] = []
        acting = next(((y, lid) for y, lid in self.plain_in[x] if self.g.backed[y]), None)
        if acting is not None:
            y, link = acting
        else:
            k = next(k for k in self.gen_in[x] if self.g.fired[k])
            y, link = self.fw.gen_src[k], self.fw.gen_ids[k]
            partners = list(self.fw.gen_cps[k])
        chain, chain_links = self._backing_chain(y)
        who = self.name(y)
        if partners:
            who += " together with " + ", ".join(self.name(p) for p in partners[:SHOWN])
        if self.g.label[y] == IN:
            code, text = "attacked-by-in", f"OUT: attacked by {who}, which is IN."
        else:
            backer = chain[-1]
            code = "supported-attack"
            text = (
                f"OUT: attacked by {who}, which {self.name(backer)} supports, "
                f"and {self.name(backer)} is IN."
            )
        nodes = [y, *partners, *chain[1:]]
        return Explanation(
            self.fw.ids[x], Label.OUT, code, text, self._ids(nodes), (link, *chain_links)
        )

    def _backing_chain(self, y: int) -> tuple[list[int], list[str]]:
        """From y back along supports that act to the IN node they start from."""
        backed_by = self._backers()
        chain, links = [y], []
        while self.g.label[chain[-1]] != IN:
            prev, link = backed_by[chain[-1]]
            chain.append(prev)
            links.append(link)
        return chain, links

    def _backers(self) -> dict[int, tuple[int, str]]:
        """For each node backed but not IN: a supporter that backs it and the support link,
        found by a breadth-first search from the IN nodes along supports that act (the way
        backing spread in the solver), so that following them always ends at an IN node."""
        if self._backed_by is not None:
            return self._backed_by
        fw, g = self.fw, self.g
        out: list[list[tuple[int, str]]] = [[] for _ in range(fw.n)]
        for i, (a, b) in enumerate(zip(fw.sup_src, fw.sup_tgt, strict=True)):
            out[a].append((b, fw.sup_ids[i]))
        for k, kind in enumerate(fw.gen_kind):
            if kind == SUPPORTS and g.fired[k]:
                out[fw.gen_src[k]].append((fw.gen_tgt[k], fw.gen_ids[k]))
        found: dict[int, tuple[int, str]] = {}
        queue = [i for i in range(fw.n) if g.label[i] == IN]
        seen = bytearray(fw.n)
        for i in queue:
            seen[i] = 1
        for y in queue:  # grows while it is read: a breadth-first search
            for t, link in out[y]:
                if not seen[t] and g.backed[t]:
                    seen[t] = 1
                    found[t] = (y, link)
                    queue.append(t)
        self._backed_by = found
        return found

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
                    f"{self.name(cp_open[0])}, needed with {self.name(y)} for its attack, "
                    "is UNDECIDED"
                )
                nodes += [cp_open[0], y]
            elif undercut is not None:
                u = self.fw.gen_src[undercut]
                reasons.append(
                    f"the attack by {self.name(y)} is undercut by {self.name(u)}, "
                    "which is UNDECIDED"
                )
                nodes += [y, u]
                links.append(self.fw.gen_ids[undercut])
        cycle = bool(self._cycles()[x])
        more = f", and {len(reasons) - SHOWN} more" if len(reasons) > SHOWN else ""
        tail = " (cycle)" if cycle else " (it depends on a cycle)"
        text = "UNDECIDED: " + "; ".join(reasons[:SHOWN]) + more + tail + "."
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
        if self.g.label[y] == UNDEC:
            return f"attacked by {self.name(y)}, which is UNDECIDED"
        # y itself is IN or OUT, but whether its attacks act hangs on undecided supporters.
        return f"attacked by {self.name(y)}, whose support is UNDECIDED"

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
