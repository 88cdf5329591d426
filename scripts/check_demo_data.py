#!/usr/bin/env python3
"""Integrity check for surrender-debate.json (version 2). Standard library only.

Usage: python3 scripts/check_demo_data.py [path/to/surrender-debate.json]
(default: the demo data argmap ships, argmap/maps/demo_data/surrender-debate.json)

Written by the data set's authors and shipped with it; kept as they wrote it (not linted).
Exits non-zero on the first failed check; prints counts when all checks pass.
"""
import json
import re
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

STANCES = {"supports", "opposes", "contested"}
ATTESTATIONS = {"direct", "summary", "characterization", "inferred"}
CHAR_STATUSES = {"accepted", "critic", "disputed"}
RELATIONS = {"replies", "inconsistent"}

DATE_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?P<tz>[+-]\d{2}:\d{2}))?)?)?$")


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def parse_point(s, where):
    """Parse one ISO point (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM).
    Returns (earliest instant, latest instant) as aware UTC datetimes."""
    m = DATE_RE.match(s)
    check(m is not None, f"{where}: bad date {s!r}")
    try:
        return _point(m)
    except ValueError as exc:
        fail(f"{where}: bad date {s!r} ({exc})")


def _point(m):
    y, mo, dd = int(m["y"]), m["m"], m["d"]
    if m["H"] is not None:
        sign = 1 if m["tz"][0] == "+" else -1
        hh, mm = int(m["tz"][1:3]), int(m["tz"][4:6])
        tz = timezone(sign * timedelta(hours=hh, minutes=mm))
        t = datetime(y, int(mo), int(dd), int(m["H"]), int(m["M"]), tzinfo=tz)
        return t, t
    if dd is not None:
        start = datetime(y, int(mo), int(dd))
        end = start + timedelta(days=1)
    elif mo is not None:
        start = datetime(y, int(mo), 1)
        end = datetime(y + (int(mo) == 12), int(mo) % 12 + 1, 1)
    else:
        start, end = datetime(y, 1, 1), datetime(y + 1, 1, 1)
    # a date without a time could be on any clock from UTC-12 to UTC+14
    return (start.replace(tzinfo=timezone.utc) - timedelta(hours=14),
            end.replace(tzinfo=timezone.utc) + timedelta(hours=12))


def parse_date(s, where):
    check(isinstance(s, str) and s, f"{where}: missing date")
    parts = s.split("/")
    check(len(parts) in (1, 2), f"{where}: bad range {s!r}")
    a = parse_point(parts[0], where)
    if len(parts) == 2:
        b = parse_point(parts[1], where)
        check(a[0] <= b[1], f"{where}: range ends before it starts: {s!r}")
        return a[0], b[1]
    return a


def main():
    shipped = Path(__file__).resolve().parent.parent / "argmap/maps/demo_data/surrender-debate.json"
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else shipped
    data = json.loads(path.read_text(encoding="utf-8"))

    check(data.get("version") == 2, "top-level 'version' must be 2")
    for key in ("sources", "scholars", "theses", "evidence", "links", "thesis_relations", "glossary"):
        check(isinstance(data.get(key), list), f"missing top-level list {key!r}")

    # ---- ids unique, within each collection and across collections ----
    all_ids = Counter()
    ids = {}
    for key in ("sources", "scholars", "theses", "evidence"):
        col = [x["id"] for x in data[key]]
        dup = [i for i, n in Counter(col).items() if n > 1]
        check(not dup, f"duplicate ids in {key}: {dup}")
        ids[key] = set(col)
        all_ids.update(col)
    dup = [i for i, n in all_ids.items() if n > 1]
    check(not dup, f"ids reused across collections: {dup}")
    src, sch, ths, evs = ids["sources"], ids["scholars"], ids["theses"], ids["evidence"]

    def need(ref, pool, where):
        check(ref in pool, f"{where}: unknown id {ref!r}")

    # ---- sources ----
    years = {}
    for s in data["sources"]:
        for f in ("author", "title", "venue", "kind"):
            check(s.get(f), f"source {s['id']}: missing {f}")
        check(s["kind"] in ("primary", "secondary"), f"source {s['id']}: bad kind")
        check(s.get("year") is None or isinstance(s["year"], int), f"source {s['id']}: bad year")
        years[s["id"]] = s.get("year")

    # ---- scholars ----
    for s in data["scholars"]:
        check(s.get("name"), f"scholar {s['id']}: missing name")
        for w in s.get("works", []):
            need(w, src, f"scholar {s['id']} works")

    # ---- theses and characterisations ----
    n_claims = {}
    for t in data["theses"]:
        need(t["scholar_id"], sch, f"thesis {t['id']}")
        check(isinstance(t.get("key_claims"), list) and t["key_claims"], f"thesis {t['id']}: no key_claims")
        n_claims[t["id"]] = len(t["key_claims"])
        for c in t.get("characterizations", []):
            w = f"thesis {t['id']} characterization"
            need(c["source_id"], src, w)
            check(c.get("status") in CHAR_STATUSES, f"{w}: status {c.get('status')!r} not in {sorted(CHAR_STATUSES)}")
            for cs in c.get("counter_source_ids", []):
                need(cs, src, w + " counter_source_ids")
            for q in c.get("quotes", []):
                need(q["source_id"], src, w + " quotes")
                check(q.get("text"), f"{w}: empty quote")
                check(q.get("paraphrase", False) in (True, False), f"{w}: paraphrase must be boolean")
            for e in c.get("applies_to_evidence", []):
                need(e, evs, w + " applies_to_evidence")

    # ---- evidence ----
    for e in data["evidence"]:
        w = f"evidence {e['id']}"
        for f in ("title", "kind", "description"):
            check(e.get(f), f"{w}: missing {f}")
        parse_date(e["date"], w)
        check(e.get("source_ids"), f"{w}: no source_ids")
        for s in e["source_ids"]:
            need(s, src, w)
        if "order_hint" in e:
            check(isinstance(e["order_hint"], int) and not isinstance(e["order_hint"], bool),
                  f"{w}: order_hint must be an integer")
        if "quote" in e:
            check(e.get("locator"), f"{w}: quotation without locator")

    # ---- links ----
    link_by_pair = {}
    for i, l in enumerate(data["links"]):
        w = f"link {i} ({l.get('thesis_id')} <- {l.get('evidence_id')})"
        need(l["thesis_id"], ths, w)
        need(l["evidence_id"], evs, w)
        need(l["source_id"], src, w)
        check(l.get("stance") in STANCES, f"{w}: stance {l.get('stance')!r}")
        check(l.get("attestation") in ATTESTATIONS, f"{w}: attestation {l.get('attestation')!r}")
        check(l.get("rationale"), f"{w}: no rationale")
        for a in l.get("attested_in", []):
            need(a, src, w + " attested_in")
        if l["stance"] in ("opposes", "contested"):
            check("used_by" in l, f"{w}: {l['stance']} link without used_by")
        if "used_by" in l:
            need(l["used_by"], sch, w + " used_by")
        if "key_claim" in l:
            k = l["key_claim"]
            check(isinstance(k, int) and not isinstance(k, bool) and 0 <= k < n_claims[l["thesis_id"]],
                  f"{w}: key_claim {k!r} out of range")
        if "answers" in l:
            check(l["stance"] == "contested", f"{w}: answers on a non-contested link")
        pair = (l["thesis_id"], l["evidence_id"])
        check(pair not in link_by_pair, f"{w}: duplicate thesis/evidence pair")
        link_by_pair[pair] = l

    n_answers = Counter()
    for i, l in enumerate(data["links"]):
        if l["stance"] != "contested":
            continue
        w = f"link {i} ({l['thesis_id']} <- {l['evidence_id']})"
        check(isinstance(l.get("answers"), list), f"{w}: contested link without an answers list")
        seen = set()
        for a in l["answers"]:
            pair = (a.get("thesis_id"), a.get("evidence_id"))
            check(pair in link_by_pair, f"{w}: answers unknown link {pair}")
            check(pair != (l["thesis_id"], l["evidence_id"]), f"{w}: answers itself")
            check(pair not in seen, f"{w}: answers {pair} twice")
            seen.add(pair)
            target = link_by_pair[pair]
            check(target["stance"] in ("supports", "contested"),
                  f"{w}: answers {pair}, whose stance is {target['stance']}")
            check(a.get("relation") in RELATIONS, f"{w}: relation {a.get('relation')!r}")
            y_this, y_that = years[l["source_id"]], years[target["source_id"]]
            if y_this is not None and y_that is not None:
                want = "replies" if y_this >= y_that else "inconsistent"
                check(a["relation"] == want,
                      f"{w}: answers {pair} as {a['relation']!r} but the works date {y_this} vs {y_that}")
            n_answers[a["relation"]] += 1

    # ---- thesis relations ----
    for i, r in enumerate(data["thesis_relations"]):
        w = f"thesis_relation {i}"
        need(r["from_thesis"], ths, w)
        need(r["to_thesis"], ths, w)
        need(r["source_id"], src, w)
        check(r.get("stance") in STANCES, f"{w}: stance")
        check(r.get("attestation") in ATTESTATIONS, f"{w}: attestation")

    # ---- glossary ----
    terms = [g["term"] for g in data["glossary"]]
    check(len(terms) == len(set(terms)), "duplicate glossary terms")
    for g in data["glossary"]:
        check(g.get("definition"), f"glossary {g['term']!r}: no definition")
        for s in g.get("source_ids", []):
            need(s, src, f"glossary {g['term']!r}")

    # ---- counts ----
    stance = Counter(l["stance"] for l in data["links"])
    attest = Counter(l["attestation"] for l in data["links"])
    chars = Counter(c["status"] for t in data["theses"] for c in t.get("characterizations", []))
    print("OK:", path.name, "version", data["version"])
    print(f"  sources {len(data['sources'])}, scholars {len(data['scholars'])}, theses {len(data['theses'])}, "
          f"key claims {sum(n_claims.values())}, evidence {len(data['evidence'])}")
    print(f"  links {len(data['links'])}: " + ", ".join(f"{k} {v}" for k, v in sorted(stance.items())))
    print("  attestation: " + ", ".join(f"{k} {v}" for k, v in sorted(attest.items())))
    print(f"  links with key_claim {sum('key_claim' in l for l in data['links'])}, "
          f"with used_by {sum('used_by' in l for l in data['links'])}, "
          f"answers {sum(n_answers.values())} (" + ", ".join(f"{k} {v}" for k, v in sorted(n_answers.items())) + ")")
    print(f"  thesis relations {len(data['thesis_relations'])}, characterisations {sum(chars.values())} ("
          + ", ".join(f"{k} {v}" for k, v in sorted(chars.items())) + f"), glossary terms {len(terms)}")
    timed = sum(1 for e in data["evidence"] if "T" in e["date"])
    print(f"  evidence with a time {timed}, with place_time {sum('place_time' in e for e in data['evidence'])}, "
          f"with order_hint {sum('order_hint' in e for e in data['evidence'])}, "
          f"quotations {sum('quote' in e for e in data['evidence'])} (all with locator)")


if __name__ == "__main__":
    main()
