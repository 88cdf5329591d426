"""The outline's items as HTML, built in Python.

The outline is the one part of a page whose size follows the map: a 1,000-statement map has
well over a thousand items, and rendering them through recursive template includes cost about
a quarter of a millisecond each (most of a map page, and of every edit's answer, which redraws
the outline). Here each item is a few f-strings. Every value that comes from a user goes
through `escape`; only the fixed markup below is trusted. The markup matches what the page
template around it expects (classes, ids, `data-node-panel`, the htmx attributes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from argmap.lib.dates import when
from argmap.lib.glossary import Glossary
from argmap.lib.text import shorten
from argmap.maps.assessment import NodeResult
from argmap.maps.models import Node
from argmap.maps.outline import OutlineItem
from argmap.maps.standing import CAPTION, meaning, words

STANCE_MARKS = {"supports": "✓", "opposes": "✗", "undercuts": "⤫"}


@dataclass(frozen=True)
class Urls:
    """URL prefixes of the page, reversed once."""

    map: str
    node: str
    scholar: str
    source: str


@dataclass(frozen=True)
class Context:
    """What every item of one outline is drawn with."""

    urls: Urls
    result_of: Callable[[int], NodeResult | None]  # what the page's evaluation says of a node
    can_edit: bool
    gloss: Glossary | None = None  # marks the glossary's terms in texts
    aside: frozenset[int] = field(default_factory=frozenset)  # evidence set aside on the page
    section: int = 0  # the thesis whose section is drawn: anchors are unique within it


def aside_query(aside: Iterable[int]) -> str:
    """The query string that sets exactly `aside` aside (ids are integers: nothing to encode)."""
    return "?aside=" + ",".join(map(str, sorted(aside)))


def status_mark(result: NodeResult | None, pk: int, urls: Urls) -> str:
    """A statement's standing and strength, as every row shows it. The span's class names the
    statement, so that an edit's answer can redraw every mark of it in one swap."""
    if result is None:
        return f'<span class="st st-{pk}"></span>'
    status = result.status
    out = (
        f'<span class="st st-{pk}"><a class="status status-{escape(status)}" '
        f'href="{urls.node}{pk}/#why" data-node-panel="{pk}" '
        f'title="Why? {escape(meaning(status))} ({CAPTION})">{escape(words(status))}</a>'
    )
    strength = result.strength
    if strength is not None:
        value = f"{strength:.2f}"
        out += (
            f' <meter class="strength" min="0" max="1" low="0.34" high="0.66" optimum="1" '
            f'value="{value}" title="strength {value}">{value}</meter>'
        )
    return out + "</span>"


def _citation(words: str, urls: Urls, pk: int, source: object, locator: str) -> str:
    where = f", {escape(locator)}" if locator else ""
    return (
        f'<p class="citation">{words} <a href="{urls.source}{pk}/">'
        f"{escape(str(source))}</a>{where}</p>"
    )


def statement_row(node: Node, ctx: Context) -> str:
    """What a row shows of the statement itself, the same wherever it appears: its kind, its
    standing, its text, its date and its actions (set aside, edit), and for evidence what it
    is and where it comes from. Its class names the statement, so that an edit's answer can
    redraw every place it appears in one swap."""
    pk, urls = node.pk, ctx.urls
    result = ctx.result_of(pk)
    out = [
        f'<span class="stmt row-{pk}" data-pk="{pk}"><span class="badge kind-{node.kind}">'
        f"{node.kind.capitalize()}</span> ",
        status_mark(result, pk, urls),
        f' <a class="statement" href="{urls.node}{pk}/" data-node-panel="{pk}">'
        f"{escape(node.label)}</a>",
    ]
    if node.date_text:
        out.append(f' <span class="muted">{escape(when(node.date_text, node.place_time))}</span>')
    if node.kind == "evidence" and result is not None:
        aside = pk in ctx.aside
        query = escape(aside_query(ctx.aside ^ {pk}))
        words_ = "put back" if aside else "set aside"
        out.append(
            f' <a class="small-action aside-toggle" href="{urls.map}{query}" '
            f'hx-get="{urls.map}{query}" hx-push-url="true" hx-swap="none" '
            f'data-aside="{pk}">{words_}</a>'
        )
    if ctx.can_edit:
        out.append(
            f' <a class="small-action use-edit" href="{urls.node}{pk}/edit/" '
            f'hx-get="{urls.node}{pk}/edit/" hx-target="next .editor-slot" '
            f'aria-label="Edit “{escape(shorten(node.label, 40))}”">Edit</a>'
        )
    if node.kind == "evidence":
        out.append('<details class="more"><summary>About this evidence</summary>')
        out.append(f"<p>{ctx.gloss.mark(node.text) if ctx.gloss else escape(node.text)}</p>")
        if node.quote:
            out.append(f'<blockquote class="quote">“{escape(node.quote)}”</blockquote>')
        if node.source_id:
            out.append(_citation("Source:", urls, node.source_id, node.source, node.locator))
        if node.uncertainty:
            out.append(f'<p class="citation">Uncertainty: {escape(node.uncertainty)}</p>')
        out.append("</details>")
    out.append("</span>")
    return "".join(out)


def _item(item: OutlineItem, ctx: Context, out: list[str]) -> None:
    link, node, urls = item.link, item.node, ctx.urls
    pk = node.pk
    classes = "use undercut" if link.kind == "undercuts" else "use"
    anchor = f' id="s{ctx.section}-{pk}"' if item.first else ""
    out.append(f'<li class="{classes}"{anchor} data-link="{link.pk}"><div class="use-head">')
    out.append(
        f'<span class="stance stance-{link.kind}">{STANCE_MARKS.get(link.kind, "")} '
        f"{link.kind}</span> "
    )
    out.append(statement_row(node, ctx))
    out.append("</div>")
    if ctx.can_edit:
        out.append('<div class="editor-slot"></div>')
    if item.co_premises:
        together = "; ".join(
            f'<a href="{urls.node}{p.pk}/" data-node-panel="{p.pk}">{escape(p.label)}</a>'
            for p in item.co_premises
        )
        out.append(f'<p class="node-meta">together with: {together}</p>')
    if link.scheme or link.argument:
        parts = [f"<span>scheme: {escape(link.scheme)}</span>"] if link.scheme else []
        if link.argument:
            parts.append(f"<span>step of the argument “{escape(link.argument)}”</span>")
        out.append(f'<p class="node-meta">{" ".join(parts)}</p>')
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
        out.append(
            _citation("Cited from", urls, link.citation_id, link.citation, link.citation_locator)
        )
    if not item.first and node.kind == "claim":
        out.append(f'<a class="see-above" href="#s{ctx.section}-{pk}">')
        out.append("its own arguments are shown at its first use in this section</a>")
    if item.undercuts:
        out.append('<ul class="uses" aria-label="Undercuts of this use">')
        for child in item.undercuts:
            _item(child, ctx, out)
        out.append("</ul>")
    if item.children:
        out.append('<ul class="uses">')
        for child in item.children:
            _item(child, ctx, out)
        out.append("</ul>")
    out.append("</li>")


def render_items(items: list[OutlineItem], ctx: Context) -> SafeString:
    """The `<li>` of every item, recursively (their `<ul>` is the template's)."""
    out: list[str] = []
    for item in items:
        _item(item, ctx, out)
    return mark_safe("".join(out))  # noqa: S308 - every user value above is escaped


def render_unattached(nodes: list[Node], ctx: Context) -> SafeString:
    """The `<li>` of every statement no thesis reaches, with the same status, strength and
    actions as the items under a thesis."""
    out: list[str] = []
    for node in nodes:
        out.append(f'<li class="use" id="s0-{node.pk}"><div class="use-head">')
        out.append(statement_row(node, ctx))
        out.append("</div>")
        if ctx.can_edit:
            out.append('<div class="editor-slot"></div>')
        out.append("</li>")
    return mark_safe("".join(out))  # noqa: S308 - every user value above is escaped
