"""Argdown (https://argdown.org), read and written: the map as text a person can edit.

How argmap's model maps onto Argdown (docs/interchange.md says it at length):

- every statement (thesis, claim, evidence) is an Argdown **statement** `[Title]: text`, with a
  `{…}` data element carrying what Argdown has no syntax for: `kind`, `scholar`, `school`,
  `evidence_kind`, `source`, `extra_sources`, `locator`, `quote`, `date`, `uncertainty`,
  `base_score`, `key` (and `title` / `text` when the bracketed title or the one-line text cannot
  hold them exactly); an argument given by its gist alone is `<Title>: text`;
- a reconstructed argument (`<Title>: description`, `(1) …`, `-- rule --`, `(2) …`) is one
  supports link per inference step, from the step's first premise with the others as
  co-premises; each step keeps the argument's title, its rule as the link's scheme, and the last
  step the description;
- a link that carries anything (a scholar, rationale, citation, attestation, note, key, scheme or
  co-premises), or that is undercut, is an Argdown **argument** `<Title>: rationale` with data
  `{link: supports|opposes|undercuts, …}`: its premises support it (`<+ [Source]`, then one
  `<+ [Co-premise]` each) and it points at its target (`+> [Target]`, `-> [Target]`, or `_>
  <Other link>` for an undercut);
- a bare link is a plain relation under its target: `[Target]` / `<+ [Source]` (supports),
  `<- [Source]` (opposes), `<_ [Source]` under a link's argument (undercuts);
- the title, question and description, the sources, the scholars (with their works) and the
  characterisations travel as JSON in the front matter under `argmap`.

Export → import gives the same map: nothing is lost but database ids. What a foreign Argdown file
holds that argmap cannot keep is read as closely as argmap can and counted in the returned notes
(headings, front-matter settings, data without a field, inference data, strict mode,
contradictions read as two opposing links, undercuts of statements, attacks on a whole argument
read as attacks on its conclusion, statements defined twice with different texts, the rest of a
line after a bare URL's `//`); tags stay in the text. Statements without a kind become theses
when they only receive support or attack and claims otherwise.
"""

from __future__ import annotations

from argmap.interchange.argdown_read import KIND_TAGS, Reader
from argmap.interchange.argdown_syntax import parse
from argmap.interchange.argdown_write import write
from argmap.interchange.base import DEFAULT_LIMITS, Limits, ReadResult, check_size

__all__ = ["read", "write"]


def read(text: str, *, limits: Limits = DEFAULT_LIMITS) -> ReadResult:
    check_size(text, limits)
    return Reader(parse(text, limits, strip_tags=KIND_TAGS), limits).read()
