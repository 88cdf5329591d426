"""Markdown from users becomes HTML with allow-listed tags, attributes and URLs only: the stored-XSS
corpus and random text alike."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.lib.sanitize import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    URL_SCHEMES,
    clean_html,
    render_markdown,
)
from tests.security.payloads import PAYLOADS

# Markdown's own ways to smuggle a URL or markup in.
MARKDOWN_PAYLOADS = [
    "[click](javascript:window.__xss=1)",
    "[click](JaVaScRiPt:window.__xss=1)",
    "[click](&#106;avascript:window.__xss=1)",
    "[click](  javascript:window.__xss=1  )",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:window.__xss=1>",
    "![x](javascript:window.__xss=1)",
    '![x](https://example.org/x.png "onerror=window.__xss=1")',
    "[x][ref]\n\n[ref]: javascript:window.__xss=1",
    '[x](https://example.org "title\\" onmouseover=\\"window.__xss=1")',
    "```html\n<script>window.__xss=1</script>\n```",
    "`<img src=x onerror=window.__xss=1>`",
    "> <iframe src=javascript:window.__xss=1>",
    "* <svg onload=window.__xss=1>",
    "| a |\n|---|\n| <script>window.__xss=1</script> |",
]


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_safe(output: str) -> None:
    parser = Elements()
    parser.feed(output)
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, (tag, output)
        for name, value in attrs:
            if name == "rel" and tag == "a":
                continue
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), (tag, name, output)
            if name == "href":
                url = html.unescape(value or "").strip().lower()
                scheme = url.split(":", 1)[0] if ":" in url.split("/", 1)[0] else ""
                assert scheme in URL_SCHEMES or scheme == "", (url, output)
    lowered = output.lower()
    assert (
        "<script" not in lowered
        and "javascript:"
        not in "".join(
            html.unescape(v or "") for _, attrs in parser.found for _, v in attrs
        ).lower()
    )


@pytest.mark.parametrize("payload", PAYLOADS + MARKDOWN_PAYLOADS)
def test_no_payload_survives_as_markup(payload: str) -> None:
    assert_safe(render_markdown(payload))
    assert_safe(clean_html(payload))
    # The markdown layer alone already escapes raw HTML: the text is shown, not run.
    assert "<script>" not in render_markdown(payload)


def test_markdown_keeps_what_a_prompt_needs() -> None:
    out = render_markdown(
        "## Task\n\nMap **both** theses and *cite* every piece.\n\n"
        '1. Fork\n2. Submit\n\n- [FRUS](https://history.state.gov/x "Papers")\n\n`code`'
    )
    assert "<h2>Task</h2>" in out and "<strong>both</strong>" in out and "<em>cite</em>" in out
    assert "<ol>" in out and "<code>code</code>" in out
    assert (
        '<a href="https://history.state.gov/x" title="Papers" rel="noopener noreferrer nofollow">'
        in out
    )


def test_a_javascript_link_is_left_as_text() -> None:
    out = render_markdown("[click](javascript:alert(1))")
    assert "<a" not in out and "click" in out


TRICKY = st.sampled_from(list("<>\"'=/:;&#[]()!*`\\ \nascriptjvhxon-"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=TRICKY, max_size=80))
def test_any_text_renders_to_allow_listed_html(text: str) -> None:
    assert_safe(render_markdown(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_cleaning_twice_changes_nothing(text: str) -> None:
    once = clean_html(text)
    assert clean_html(once) == once
