"""What the demo map should hold, read from the data set: plain records keyed by stable keys.

Pure Python over the JSON (no Django), so that the mapping from the data set to the graph can be
read, and tested, on its own; `argmap.maps.demo.sync` makes the stored map agree with it.

How the data set (version 2; its notes are beside it in demo_data/) becomes a map:

- each thesis is a thesis statement of its scholar; each of its `key_claims` a claim of the same
  scholar that supports it (key `<thesis>-k<n>`, from 1);
- each evidence item is an evidence statement (its first source is the main one, the rest are
  also cited; date, whose clock it is on, its order within its day, quote with locator);
- a `supports` / `opposes` use links the evidence to the key claim it bears on (`key_claim`), or
  to the thesis where none fits; it is made by `used_by` (for supports, by default the thesis's
  own scholar), with its rationale, citation, page, attestation and where it was seen;
- a `contested` use is the scholar's own *reading* of the evidence: a claim of `used_by` (key
  `<thesis>--on--<evidence>`) that rests on the evidence (a supports link from it), supports the
  key claim (or thesis), and undercuts exactly the readings it `answers`, no others;
- thesis relations are links between theses; characterisations keep their status (accepted,
  critic, disputed), quotes, explanation, likely cause and the evidence they are shown on too;
- the glossary becomes terms, each with the other ways the texts write it.

Version 1 of the data (before `used_by`, `answers` and `key_claim` existed) is read by the rules
it shipped with, so that an installed version-1 demo can be recognised and upgraded in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

EVIDENCE_KINDS = {
    "primary source": "document",
    "event": "event",
    "secondary statistic": "statistic",
}


@dataclass
class NodeSpec:
    key: str
    kind: str
    text: str
    title: str = ""
    scholar: str | None = None  # scholar key
    school: str = ""
    evidence_kind: str = ""
    source: str | None = None  # source key
    extra_sources: list[str] = field(default_factory=list)
    locator: str = ""
    quote: str = ""
    date_text: str = ""
    place_time: str = ""
    order_hint: int | None = None
    uncertainty: str = ""


@dataclass
class LinkSpec:
    key: str
    kind: str
    source: str  # node key
    target: str | None = None  # node key (supports, opposes)
    target_link: str | None = None  # link key (undercuts)
    scholar: str | None = None
    rationale: str = ""
    citation: str | None = None
    citation_locator: str = ""
    attestation: str = ""
    attested_in: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class QuoteSpec:
    source: str
    text: str
    paraphrase: bool = False


@dataclass
class CharacterisationSpec:
    scholar: str
    source: str
    thesis: str
    text: str
    status: str
    status_note: str = ""
    note: str = ""
    counter_sources: list[str] = field(default_factory=list)
    quotes: list[QuoteSpec] = field(default_factory=list)
    explanation: str = ""
    likely_cause: str = ""
    applies_to_evidence: list[str] = field(default_factory=list)
    evidence: str | None = None


@dataclass
class TermSpec:
    term: str
    also: list[str]
    definition: str
    sources: list[str]
    slug: str


@dataclass
class DemoSpec:
    version: int
    nodes: dict[str, NodeSpec] = field(default_factory=dict)
    links: dict[str, LinkSpec] = field(default_factory=dict)  # undercuts after their targets
    characterisations: list[CharacterisationSpec] = field(default_factory=list)
    glossary: list[TermSpec] = field(default_factory=list)

    def add_node(self, spec: NodeSpec) -> None:
        if spec.key in self.nodes:
            raise ValueError(f"two statements of the demo have the key {spec.key!r}")
        self.nodes[spec.key] = spec

    def add_link(self, spec: LinkSpec) -> None:
        if spec.key in self.links:
            raise ValueError(f"two links of the demo have the key {spec.key!r}")
        self.links[spec.key] = spec


def demo_spec(data: dict[str, Any]) -> DemoSpec:
    """The demo map the data describes (version 2, or version 1 by its old rules)."""
    spec = DemoSpec(version=int(data.get("version", 1)))
    theses = {t["id"]: t for t in data["theses"]}
    for thesis in data["theses"]:
        _thesis(spec, thesis)
    for item in data["evidence"]:
        _evidence(spec, item)
    if spec.version >= 2:
        _uses_v2(spec, data, theses)
    else:
        _uses_v1(spec, data, theses)
    for rel in data["thesis_relations"]:
        spec.add_link(
            LinkSpec(
                key=f"{rel['from_thesis']}--{rel['to_thesis']}",
                kind=rel["stance"],
                source=rel["from_thesis"],
                target=rel["to_thesis"],
                scholar=theses[rel["from_thesis"]]["scholar_id"],
                rationale=rel["rationale"],
                citation=rel["source_id"],
                attestation=rel["attestation"],
            )
        )
    for thesis in data["theses"]:
        for char in thesis.get("characterizations", []):
            spec.characterisations.append(_characterisation(spec.version, thesis, char))
    spec.glossary = [_term(item) for item in data.get("glossary", [])]
    return spec


def _thesis(spec: DemoSpec, thesis: dict[str, Any]) -> None:
    scholar = thesis["scholar_id"]
    spec.add_node(
        NodeSpec(
            key=thesis["id"],
            kind="thesis",
            title=thesis["short_title"],
            text=thesis["statement"],
            scholar=scholar,
            school=thesis.get("school", ""),
        )
    )
    for number, text in enumerate(thesis.get("key_claims", []), start=1):
        key = f"{thesis['id']}-k{number}"
        spec.add_node(NodeSpec(key=key, kind="claim", text=text, scholar=scholar))
        spec.add_link(
            LinkSpec(
                key=f"{key}--{thesis['id']}",
                kind="supports",
                source=key,
                target=thesis["id"],
                scholar=scholar,
            )
        )


def _evidence(spec: DemoSpec, item: dict[str, Any]) -> None:
    cited = list(item.get("source_ids", []))
    spec.add_node(
        NodeSpec(
            key=item["id"],
            kind="evidence",
            title=item["title"],
            text=item["description"],
            evidence_kind=EVIDENCE_KINDS[item["kind"]],
            source=cited[0] if cited else None,
            extra_sources=cited[1:],
            locator=item.get("locator") or "",
            quote=item.get("quote", ""),
            date_text=item.get("date", ""),
            place_time=item.get("place_time") or "",
            order_hint=item.get("order_hint"),
            uncertainty=item.get("uncertainty", ""),
        )
    )


def _use(link: dict[str, Any], **fields: Any) -> LinkSpec:
    return LinkSpec(
        rationale=link["rationale"],
        citation=link["source_id"],
        citation_locator=link.get("locator") or "",
        attestation=link["attestation"],
        attested_in=list(link.get("attested_in", [])),
        note=link.get("note", ""),
        **fields,
    )


def use_key(thesis: str, evidence: str) -> str:
    """The key of the link that stands for the data's use of `evidence` for `thesis`: the link
    leaving the evidence (to the key claim or thesis, or to the scholar's reading of it), which
    is what an answer to that use undercuts."""
    return f"{evidence}--{thesis}"


def reading_key(thesis: str, evidence: str) -> str:
    return f"{thesis}--on--{evidence}"


def _uses_v2(spec: DemoSpec, data: dict[str, Any], theses: dict[str, Any]) -> None:
    def target(link: dict[str, Any]) -> str:
        claim = link.get("key_claim")
        return link["thesis_id"] if claim is None else f"{link['thesis_id']}-k{claim + 1}"

    titles = {e["id"]: e["title"] for e in data["evidence"]}
    names = {s["id"]: s["name"] for s in data["scholars"]}
    for link in data["links"]:
        thesis, evidence = link["thesis_id"], link["evidence_id"]
        by = link.get("used_by") or theses[thesis]["scholar_id"]
        key = use_key(thesis, evidence)
        if link["stance"] != "contested":
            spec.add_link(
                _use(
                    link,
                    key=key,
                    kind=link["stance"],
                    source=evidence,
                    target=target(link),
                    scholar=by,
                )  # fmt: skip
            )
            continue
        reading = reading_key(thesis, evidence)
        spec.add_node(
            NodeSpec(
                key=reading,
                kind="claim",
                title=_short(f"{names[by]}’s reading of: {titles[evidence]}", 300),
                text=link["rationale"],
                scholar=by,
            )
        )
        # The evidence, read this way, is what the reading rests on; the reading bears on the
        # thesis. Both links are the scholar's, with the data's rationale and citation.
        spec.add_link(_use(link, key=key, kind="supports", source=evidence, target=reading,
                           scholar=by))  # fmt: skip
        spec.add_link(_use(link, key=f"{reading}--{thesis}", kind="supports", source=reading,
                           target=target(link), scholar=by))  # fmt: skip
    # The answers, once every use they can name exists.
    for link in data["links"]:
        for answer in link.get("answers", []):
            answered = use_key(answer["thesis_id"], answer["evidence_id"])
            reading = reading_key(link["thesis_id"], link["evidence_id"])
            spec.add_link(
                _use(
                    link,
                    key=f"{reading}--x--{answered}",
                    kind="undercuts",
                    source=reading,
                    target_link=answered,
                    scholar=link.get("used_by") or theses[link["thesis_id"]]["scholar_id"],
                )
            )


def _uses_v1(spec: DemoSpec, data: dict[str, Any], theses: dict[str, Any]) -> None:
    """Version 1's rules: uses attributed to the thesis's scholar and linked to the thesis; a
    contested reading undercuts every other thesis's supporting use of the same evidence; a
    'disputed-attribution' use kept as a disputed characterisation."""
    for link in data["links"]:
        if link["stance"] in ("supports", "opposes"):
            thesis, evidence = link["thesis_id"], link["evidence_id"]
            spec.add_link(
                _use(
                    link,
                    key=use_key(thesis, evidence),
                    kind=link["stance"],
                    source=evidence,
                    target=thesis,
                    scholar=theses[thesis]["scholar_id"],
                )  # fmt: skip
            )
    for link in data["links"]:
        thesis, evidence = link["thesis_id"], link["evidence_id"]
        scholar = theses[thesis]["scholar_id"]
        if link["stance"] != "contested":
            continue
        if link["attestation"] == "disputed-attribution":
            spec.characterisations.append(
                CharacterisationSpec(
                    scholar=scholar,
                    source=link["source_id"],
                    thesis=thesis,
                    evidence=evidence,
                    text=link["rationale"],
                    status="disputed",
                    status_note="disputed attribution of this use of the evidence",
                    note=link.get("note", ""),
                )
            )
            continue
        reading = reading_key(thesis, evidence)
        spec.add_node(NodeSpec(key=reading, kind="claim", text=link["rationale"], scholar=scholar))
        spec.add_link(_use(link, key=f"{reading}--{thesis}", kind="supports", source=reading,
                           target=thesis, scholar=scholar))  # fmt: skip
        for rival in data["links"]:
            if (
                rival["evidence_id"] == evidence
                and rival["thesis_id"] != thesis
                and rival["stance"] == "supports"
            ):
                spec.add_link(
                    _use(
                        link,
                        key=f"{reading}--x--{rival['thesis_id']}",
                        kind="undercuts",
                        source=reading,
                        target_link=use_key(rival["thesis_id"], evidence),
                        scholar=scholar,
                    )  # fmt: skip
                )


def _characterisation(version: int, thesis: dict[str, Any], char: dict[str, Any]) -> Any:
    status = char.get("status", "")
    if version < 2:
        # Version 1's statuses were free text ("contested by Bernstein and Newman").
        words = status.lower()
        status_note, status = (
            status,
            ("disputed" if "disputed" in words or "contested" in words else "accepted"),
        )
    else:
        status_note = ""
    return CharacterisationSpec(
        scholar=thesis["scholar_id"],
        source=char["source_id"],
        thesis=thesis["id"],
        text=char["characterization"],
        status=status,
        status_note=status_note,
        note=char.get("note", ""),
        counter_sources=list(char.get("counter_source_ids", [])),
        quotes=[
            QuoteSpec(q["source_id"], q["text"], bool(q.get("paraphrase", False)))
            for q in char.get("quotes", [])
        ],
        explanation=char.get("explanation", ""),
        likely_cause=char.get("likely_cause", ""),
        applies_to_evidence=list(char.get("applies_to_evidence", [])),
    )


def _term(item: dict[str, Any]) -> TermSpec:
    """ "Big Six (Supreme Council for the Direction of the War)" is written in the texts as
    either; "Magic and Ultra" as each of the two."""
    term = item["term"]
    main, _, rest = term.partition(" (")
    also = [main] if rest else []
    if rest:
        also.append(rest.rstrip(")"))
    if " and " in main:
        also.extend(part.strip() for part in main.split(" and "))
    slug = re.sub(r"[^a-z0-9]+", "-", main.lower()).strip("-")
    return TermSpec(
        term=term,
        also=[a for a in dict.fromkeys(also) if a != term],
        definition=item["definition"],
        sources=list(item.get("source_ids", [])),
        slug=slug,
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
