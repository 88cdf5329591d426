"""Links to the pages of a long list, each an address that keeps the rest of the query (the
sort, the filter, the other list's page), so that every page can be bookmarked and works
without JavaScript; with htmx the same addresses replace just the list."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page


@dataclass(frozen=True)
class PageLink:
    rel: str  # "first", "previous", "next" or "last": also the end of the link's id
    label: str
    query: str  # the address's query, without the "?"


@dataclass(frozen=True)
class Pager:
    """Where a page is in its list ("Rows 101–200 of 4,750") and the links to the others."""

    name: str  # what the list holds, for ids and labels: "rows", "theses", "items"
    text: str
    links: list[PageLink]
    several: bool  # more than one page: otherwise nothing needs showing


def pager(
    page: Page, *, name: str, param: str, query: Mapping[str, object], noun: str = ""
) -> Pager:
    """`page` of a list whose page number is the query parameter `param`; `query` is the rest
    of the address (empty values are left out; a list is a repeated parameter). The first
    page's address has no `param`.
    `noun` names the pages in the links ("Next theses ›") where two pagers share a page."""
    kept = {k: v for k, v in query.items() if v not in ("", None, False, []) and k != param}
    count = page.paginator.count

    def to(number: int) -> str:
        return urlencode({**kept, param: number} if number > 1 else kept, doseq=True)

    def words(text: str) -> str:
        return f"{text} {noun}" if noun else text

    links = []
    if page.has_previous():
        links += [
            PageLink("first", f"« {words('First')}", to(1)),
            PageLink("previous", f"‹ {words('Previous')}", to(page.previous_page_number())),
        ]
    if page.has_next():
        links += [
            PageLink("next", f"{words('Next')} ›", to(page.next_page_number())),
            PageLink("last", f"{words('Last')} »", to(page.paginator.num_pages)),
        ]
    if count:
        text = f"{name.capitalize()} {page.start_index():,}–{page.end_index():,} of {count:,}"
    else:
        text = f"No {name}"
    return Pager(name, text, links, page.has_other_pages())
