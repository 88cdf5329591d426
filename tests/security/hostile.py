"""A public map whose every text field holds a stored-XSS payload, written through the services."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User

from argmap.maps import services
from argmap.maps.models import Link, Map, Node, Scholar, Source
from tests.security.payloads import PAYLOADS


@dataclass
class Hostile:
    map: Map
    maps: list[Map] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    scholars: list[Scholar] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def pages(self, *, owner: bool) -> list[str]:
        """Every page that shows this data; the owner also sees the editing pages."""
        m = self.map.pk
        urls = ["/", "/maps/", f"/maps/{m}/", "/scholars/", "/sources/", "/sources/?q=script"]
        urls += [f"/maps/{other.pk}/" for other in self.maps[:3]]
        urls += [f"/maps/{m}/nodes/{n.pk}/" for n in self.nodes]
        urls += [f"/scholars/{s.pk}/" for s in self.scholars]
        theses = [n.pk for n in self.nodes if n.kind == "thesis"]
        evidence = [n.pk for n in self.nodes if n.kind == "evidence"]
        urls += [
            f"/maps/{m}/debate/?thesis={theses[0]}&thesis={theses[1]}&thesis={theses[2]}",
            f"/maps/{m}/matrix/",
            f"/maps/{m}/timeline/",
            f"/maps/{m}/export/",
            f"/maps/{m}/matrix/{evidence[0]}/{theses[0]}/",
        ]
        urls += [f"/sources/{s.pk}/" for s in self.sources]
        if owner:
            urls += [f"/maps/{m}/history/", f"/maps/{m}/settings/", f"/maps/{m}/delete/"]
            urls += [f"/maps/{m}/nodes/{n.pk}/edit/" for n in self.nodes[:6]]
            urls += [f"/maps/{m}/nodes/{n.pk}/links/add/" for n in self.nodes[:3]]
            urls += [f"/maps/{m}/links/{ln.pk}/edit/" for ln in self.links[:3]]
            urls += [f"/maps/{m}/links/{ln.pk}/undercut/" for ln in self.links[:3]]
        return urls


def build_hostile(owner: User) -> Hostile:
    main = services.map_create(
        owner=owner,
        title="Hostile input",
        visibility="public",
        question=PAYLOADS[0],
        description=PAYLOADS[1],
    )
    found = Hostile(main)
    for i, p in enumerate(PAYLOADS):
        found.maps.append(
            services.map_create(
                owner=owner, title=p[:200], question=p[:500], description=p, visibility="public"
            )
        )
        source = services.source_create(
            title=p[:500],
            authors=p[:500],
            container=p[:500],
            notes=p,
            archive_locator=p[:500],
            doi=p[:200],
        )
        scholar = services.scholar_create(name=p[:200], role=p, works=[source])
        thesis = services.node_create(
            map=main,
            kind="thesis",
            title=p[:300],
            text=p,
            school=p[:200],
            scholar=scholar,
            actor=owner,
        )
        evidence = services.node_create(
            map=main,
            kind="evidence",
            title=p[:300],
            text=p,
            source=source,
            locator=p[:300],
            quote=p,
            uncertainty=p,
            date_text=f"1945-08-{1 + i % 28:02d}",
            evidence_kind="document",
            actor=owner,
        )
        use = services.link_create(
            map=main,
            kind="supports" if i % 2 else "opposes",
            source=evidence,
            target=thesis,
            scholar=scholar,
            rationale=p,
            note=p,
            citation=source,
            citation_locator=p[:300],
            attestation="direct",
            attested_in=[source],
            actor=owner,
        )
        claim = services.undercut_create(
            map=main, target_link=use, new_claim=p, scholar=scholar, rationale=p, actor=owner
        )
        services.characterisation_create(
            scholar=scholar,
            source=source,
            text=p,
            thesis=thesis,
            status="disputed",
            status_note=p,
            note=p,
            counter_sources=[source],
        )
        services.node_update(node=thesis, actor=owner, version=1, data={"text": p + " (revised)"})
        found.nodes += [thesis, evidence, claim]
        found.links.append(use)
        found.scholars.append(scholar)
        found.sources.append(source)
    return found
