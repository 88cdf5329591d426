"""Marking the glossary's terms where a text uses them: each term's first use in a text becomes a
link to its definition (the definition also in the link's title, for a reader who hovers).

A one-word spelling with a capital (Magic, Ultra, USSBS) matches only as written, so that
"magic" in a sentence is not taken for the codename; longer spellings match in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Term:
    term: str
    slug: str
    definition: str
    spellings: tuple[str, ...]


@dataclass
class Glossary:
    terms: list[Term]
    href: str  # the glossary page's URL; a term's anchor is its slug
    _pattern: re.Pattern[str] | None = field(default=None, init=False)
    _spelling: dict[str, tuple[Term, bool]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            for spelling in term.spellings:
                exact = " " not in spelling and any(ch.isupper() for ch in spelling)
                self._spelling[spelling.lower()] = (term, exact)
        if self._spelling:
            alternatives = sorted(self._spelling, key=len, reverse=True)
            self._pattern = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)",
                re.IGNORECASE,
            )

    def mark(self, text: str) -> SafeString:
        """`text`, escaped, with the first use of each term linked to its definition."""
        if self._pattern is None or not text:
            return escape(text)
        out: list[str] = []
        seen: set[str] = set()
        last = 0
        for match in self._pattern.finditer(text):
            word = match.group(0)
            term, exact = self._spelling[word.lower()]
            if (exact and word not in term.spellings) or term.slug in seen:
                continue
            seen.add(term.slug)
            out.append(escape(text[last : match.start()]))
            out.append(
                f'<a class="term" href="{self.href}#{escape(term.slug)}" '
                f'title="{escape(term.definition)}">{escape(word)}</a>'
            )
            last = match.end()
        out.append(escape(text[last:]))
        return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def glossary_of(rows: Iterable[tuple[str, str, str, list[str]]], href: str) -> Glossary:
    """A glossary from (term, slug, definition, spellings) rows."""
    return Glossary([Term(t, s, d, tuple(sp)) for t, s, d, sp in rows], href)
