"""Relation rules over one sentence's mentions (token ranges with types).

- ROLE: a person named right after a title (``وزير الدفاع الأمريكي لويد أوستن``)
  or right before ``، TITLE``.
- ORG_AFF: that person and the nationality or country inside the title.
- GEN_AFF: an organisation and a nationality or country inside its name, or a
  nationality adjective right after it.
- PART_WHOLE: an organisation inside another's name.
- PHYS: an event, facility or organisation right before ``في`` + place; the
  people of a sentence about a visit or meeting and the place after ``في``.
- MEET: in a sentence about meeting, talking or agreeing, two people (or two
  countries) joined by ``و``, or the first one before ``مع`` and the one after.
- PARTY_TO: a law and the countries after ``بين`` that follow it, and the
  nationalities inside its name.
- ART: a country or organisation before a verb of buying, making or owning,
  and the products after it.
"""

from __future__ import annotations

from harness.core.schema import load_schema
from baselines.rules.lexicon import normalise
from baselines.rules.ner import ART_WORDS, MEET_WORDS, VISIT_WORDS, Candidate

PLACE = ("GPE", "LOC", "FAC")
SIDES = ("PERS", "GPE")


def inside(inner: Candidate, outer: Candidate) -> bool:
    """Whether ``inner`` is nested in ``outer`` (and not the same range)."""
    return outer.first <= inner.first and inner.last <= outer.last and (inner.first, inner.last) != (outer.first, outer.last)


def find_relations(words: list[str], mentions: list[Candidate]) -> list[tuple[Candidate, Candidate, str]]:
    """Relations as (head, tail, type), each allowed by the schema, without duplicates."""
    schema = load_schema()
    norm = [normalise(w) for w in words]
    out: list[tuple[Candidate, Candidate, str]] = []
    by_first: dict[int, list[Candidate]] = {}
    for m in mentions:
        by_first.setdefault(m.first, []).append(m)

    def starting(i: int, types) -> Candidate | None:
        found = [m for m in by_first.get(i, []) if m.type in types]
        return max(found, key=lambda m: m.last - m.first) if found else None

    def add(head: Candidate, tail: Candidate, typ: str) -> None:
        spec = schema.relation(typ)
        if head != tail and spec.allows(head.type, tail.type):
            if spec.symmetric and (tail.first, tail.last) < (head.first, head.last):
                head, tail = tail, head
            if (head, tail, typ) not in out:
                out.append((head, tail, typ))

    # ROLE and ORG_AFF from titles
    for occ in (m for m in mentions if m.type == "OCC"):
        person = starting(occ.last, ("PERS",)) or (
            starting(occ.last + 1, ("PERS",)) if occ.last < len(words) and words[occ.last] in '"«“' else None)
        if person is None and occ.first >= 1 and words[occ.first - 1] in "،,":
            before = [m for m in mentions if m.type == "PERS" and m.last == occ.first - 1]
            person = before[0] if before else None
        if person:
            add(person, occ, "ROLE")
            for inner in mentions:
                if inner.type in ("NORP", "GPE") and inside(inner, occ):
                    add(person, inner, "ORG_AFF")
    # GEN_AFF and PART_WHOLE from organisation names
    for org in (m for m in mentions if m.type == "ORG"):
        for inner in mentions:
            if inside(inner, org) and inner.type in ("NORP", "GPE"):
                add(org, inner, "GEN_AFF")
            elif inside(inner, org) and inner.type == "ORG":
                add(org, inner, "PART_WHOLE")
        after = starting(org.last, ("NORP",))
        if after:
            add(org, after, "GEN_AFF")
    # PHYS: X في PLACE
    visit = any(n in VISIT_WORDS for n in norm)
    for k, word in enumerate(norm):
        if word != "في":
            continue
        place = starting(k + 1, PLACE)
        if place is None:
            continue
        before = [m for m in mentions if m.last == k and m.type in ("EVENT", "FAC", "ORG")]
        for m in before:
            add(m, place, "PHYS")
        if visit:
            for person in (m for m in mentions if m.type == "PERS" and m.last <= k):
                add(person, place, "PHYS")
    # MEET
    if any(n in MEET_WORDS for n in norm):
        sides = [m for m in mentions if m.type in SIDES and not any(inside(m, o) for o in mentions if o.type == "OCC")]
        for a in sides:
            b = starting(a.last, SIDES)
            if b and b.type == a.type and norm[b.first].startswith("و"):
                add(a, b, "MEET")
        if "مع" in norm:
            k = norm.index("مع")
            left = [m for m in sides if m.last <= k]
            right = starting(k + 1, SIDES)
            if left and right and left[0].type == right.type:
                add(left[0], right, "MEET")
    # PARTY_TO
    for law in (m for m in mentions if m.type == "LAW"):
        for inner in mentions:
            if inner.type == "NORP" and inside(inner, law):
                add(inner, law, "PARTY_TO")
        if law.last < len(norm) and norm[law.last] == "بين":
            first = starting(law.last + 1, ("GPE",))
            if first:
                add(first, law, "PARTY_TO")
                second = starting(first.last, ("GPE",))
                if second:
                    add(second, law, "PARTY_TO")
    # ART
    for k, word in enumerate(norm):
        if word in ART_WORDS:
            # verb-subject order first (اشترت بولندا ...), then subject-verb
            after = [m for m in mentions if m.type in ("GPE", "ORG") and k < m.first <= k + 2]
            before = [m for m in mentions if m.type in ("GPE", "ORG") and m.last <= k]
            owner = after[0] if after else (before[-1] if before else None)
            for product in (m for m in mentions if m.type == "PRODUCT" and m.first > k):
                if owner is not None:
                    add(owner, product, "ART")
    return out
