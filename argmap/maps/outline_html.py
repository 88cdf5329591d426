"""The outline's items as HTML, built in Python.

The outline is the one part of a page whose size follows the map: a 1,000-statement map has
well over a thousand items, and rendering them through recursive template includes cost about
a quarter of a millisecond each (most of a map page, and of every edit's answer, which redraws
the outline). Here each item is a few f-strings. Every value that comes from a user goes
through `escape`; only the fixed markup below is trusted. The markup matches what the page
template around it expects (classes, ids, `data-node-panel`, the htmx attributes).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from argmap.lib.dates import describe
from argmap.maps.models import Node
from argmap.maps.selectors import OutlineItem

STANCE_MARKS = {"supports": "✓", "opposes": "✗", "undercuts": "⤫"}
STATUS_LABELS = {
    "in": "IN: stands",
    "out": "OUT: defeated",
    "undecided": "UNDECIDED",
    "aside": "set aside",
}


@dataclass(frozen=True)
class Urls:
    """URL prefixes of the page, reversed once."""

    map: str
    node: str
    scholar: str
    source: str


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _status(node: Node, urls: Urls) -> str:
    status = str(getattr(node, "status", ""))
    if not status:
        return ""
    out = (
        f'<a class="status status-{escape(status)}" href="{urls.node}{node.pk}/#why" '
        f'data-node-panel="{node.pk}" title="Why? ({escape(STATUS_LABELS.get(status, status))})">'
        f"{escape(status)}</a>"
    )
    strength = getattr(node, "strength", None)
    if strength is not None:
        value = f"{strength:.2f}"
        out += (
            f'<meter class="strength" min="0" max="1" low="0.34" high="0.66" optimum="1" '
            f'value="{value}" title="strength {value}">{value}</meter>'
        )
    return out


def _statement(node: Node, urls: Urls, can_edit: bool, first: bool, out: list[str]) -> None:
    """Status and strength, the statement, its date, and its actions (set aside, edit)."""
    pk = node.pk
    label = escape(node.label)
    out.append(_status(node, urls))
    out.append(f' <a class="statement" href="{urls.node}{pk}/" data-node-panel="{pk}">{label}</a>')
    if node.date_text:
        out.append(f' <span class="muted">{escape(describe(node.date_text))}</span>')
    if node.kind == "evidence" and first:
        query = escape(getattr(node, "aside_query", f"?aside={pk}"))
        words = "put back" if getattr(node, "aside", False) else "set aside"
        out.append(
            f' <a class="small-action aside-toggle" href="{urls.map}{query}" '
            f'hx-get="{urls.map}{query}" hx-push-url="true">{words}</a>'
        )
    if can_edit:
        out.append(
            f' <a class="small-action use-edit" href="{urls.node}{pk}/edit/" '
            f'hx-get="{urls.node}{pk}/edit/" hx-target="next .editor-slot" '
            f'aria-label="Edit “{escape(_truncate(node.label, 40))}”">Edit</a>'
        )


def _item(item: OutlineItem, urls: Urls, can_edit: bool, out: list[str]) -> None:
    link, node = item.link, item.node
    pk = node.pk
    classes = "use undercut" if link.kind == "undercuts" else "use"
    anchor = f' id="node-{pk}"' if item.first else ""
    out.append(f'<li class="{classes}"{anchor}><div class="use-head">')
    out.append(
        f'<span class="stance stance-{link.kind}">{STANCE_MARKS.get(link.kind, "")} '
        f'{link.kind}</span> <span class="badge kind-{node.kind}">'
        f"{node.kind.capitalize()}</span> "
    )
    _statement(node, urls, can_edit, item.first, out)
    out.append("</div>")
    if can_edit:
        out.append('<div class="editor-slot"></div>')
    if item.co_premises:
        together = "; ".join(
            f'<a href="{urls.node}{p.pk}/" data-node-panel="{p.pk}">{escape(p.label)}</a>'
            for p in item.co_premises
        )
        out.append(f'<p class="node-meta">together with: {together}</p>')
    if link.scholar_id or link.attestation:
        meta = []
        if link.scholar is not None:
            meta.append(
                f'<span>used by <a href="{urls.scholar}{link.scholar_id}/">'
                f"{escape(link.scholar.name)}</a></span>"
            )
        if link.attestation:
            att = escape(link.attestation)
            meta.append(f'<span class="badge att att-{att}">attestation: {att}</span>')
        out.append(f'<p class="node-meta">{" ".join(meta)}</p>')
    if link.rationale:
        out.append(f'<p class="rationale">{escape(link.rationale)}</p>')
    if link.citation_id:
        locator = f", {escape(link.citation_locator)}" if link.citation_locator else ""
        out.append(
            f'<p class="citation">Cited from <a href="{urls.source}{link.citation_id}/">'
            f"{escape(str(link.citation))}</a>{locator}</p>"
        )
    if item.first and node.kind == "evidence":
        out.append('<details class="more"><summary>About this evidence</summary>')
        out.append(f"<p>{escape(node.text)}</p>")
        if node.quote:
            out.append(f'<blockquote class="quote">“{escape(node.quote)}”</blockquote>')
        if node.source_id:
            locator = f", {escape(node.locator)}" if node.locator else ""
            out.append(
                f'<p class="citation">Source: <a href="{urls.source}{node.source_id}/">'
                f"{escape(str(node.source))}</a>{locator}</p>"
            )
        if node.uncertainty:
            out.append(f'<p class="citation">Uncertainty: {escape(node.uncertainty)}</p>')
        out.append("</details>")
    elif not item.first and node.kind == "claim":
        out.append(f'<a class="see-above" href="#node-{pk}">')
        out.append("its own arguments are shown at its first use</a>")
    if item.undercuts:
        out.append('<ul class="uses" aria-label="Undercuts of this use">')
        for child in item.undercuts:
            _item(child, urls, can_edit, out)
        out.append("</ul>")
    if item.children:
        out.append('<ul class="uses">')
        for child in item.children:
            _item(child, urls, can_edit, out)
        out.append("</ul>")
    out.append("</li>")


def render_items(items: list[OutlineItem], urls: Urls, *, can_edit: bool) -> SafeString:
    """The `<li>` of every item, recursively (their `<ul>` is the template's)."""
    out: list[str] = []
    for item in items:
        _item(item, urls, can_edit, out)
    return mark_safe("".join(out))  # noqa: S308 - every user value above is escaped


def render_unattached(nodes: list[Node], urls: Urls, *, can_edit: bool) -> SafeString:
    """The `<li>` of every statement no thesis reaches, with the same status, strength and
    actions as the items under a thesis."""
    out: list[str] = []
    for node in nodes:
        out.append(f'<li class="use" id="node-{node.pk}"><div class="use-head">')
        out.append(f'<span class="badge kind-{node.kind}">{node.kind.capitalize()}</span> ')
        _statement(node, urls, can_edit, True, out)
        out.append("</div>")
        if can_edit:
            out.append('<div class="editor-slot"></div>')
        out.append("</li>")
    return mark_safe("".join(out))  # noqa: S308 - every user value above is escaped
