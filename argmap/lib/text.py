"""Plain-text helpers shared by the pure cores and the pages (no Django import)."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters at a word boundary with "…".

    A statement quoted in a sentence must never end mid-word ("would prob…"): a reader takes the
    fragment for the historian's words. Only a single word longer than `limit` is cut inside."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"
