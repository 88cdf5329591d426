"""Markdown written by users (assignment prompts) turned into HTML that is safe to show.

Two layers, each enough on its own for the usual attacks:

1. markdown-it-py in CommonMark mode with raw HTML **off**: `<script>` typed in a prompt is
   escaped text, and its link validator drops `javascript:`, `vbscript:`, `file:` and most
   `data:` URLs;
2. nh3 (the Rust `ammonia` sanitiser) with a strict allow-list: the tags Markdown produces and
   nothing else, `href`/`title` on links only (no `on*` handler, no `style`, no `hx-*` or `data-*`
   attribute, which htmx would act on even where the CSP blocks scripts), http/https/mailto
   URLs only, and `rel="noopener noreferrer nofollow"` on every link.

`render_markdown()` is what templates use (the `markdown` filter); `clean_html()` is the second
layer alone. Tests run the stored-XSS corpus of `tests/security/payloads.py` through both.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "del", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with everything inside them (other disallowed tags keep their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])


def clean_html(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes of `html`."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown source → sanitised HTML, ready to be marked safe."""
    return clean_html(_markdown.render(text or ""))
