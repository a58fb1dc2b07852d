"""The guidelines' conventions that a machine can check, one declaration each.

:func:`validate_gold` checks what any annotation must satisfy (offsets, tokens,
nesting, argument types); these are the benchmark's own conventions on top,
each tied to the section of ``dataset/GUIDELINES.md`` that states it, and
checked on the gold by ``python -m dataset.build --check`` (the two 1.0
annotation passes predate some of them and are not held to them). The word
lists they read are data, in ``conventions.yaml``.

>>> [c.id for c in CONVENTIONS][:3]
['quantity-has-unit', 'cardinal-is-numeral', 'every-number-in-a-mention']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from harness.core.arabic import PROCLITIC_PREFIX, normalize_table
from harness.core.errors import InputError, Problem
from harness.gold.validate import GoldDocument, GoldEntity
from harness.io.brat import AnnFile

LEXICON_PATH = Path(__file__).resolve().parent / "conventions.yaml"
NAME_TYPES = frozenset({"PERS", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WEBSITE"})


@cache
def lexicon() -> dict[str, frozenset[str]]:
    """The word lists, normalised (alef, yaa, taa marbuta)."""
    from harness.io.safe_yaml import load_file

    return {k: frozenset(normalize_table(str(w)) for w in v) for k, v in load_file(LEXICON_PATH, "lexicon").items()}


def is_word(word: str, words: str) -> bool:
    """Whether ``word`` is one of the list ``words``, after an optional proclitic.

    >>> is_word("والخامس", "ordinals"), is_word("القمة", "summit_heads"), is_word("الأخير", "ordinals")
    (True, True, False)
    """
    w = normalize_table(word)
    return any(w.endswith(e) and PROCLITIC_PREFIX.match(w[:len(w) - len(e)]) for e in lexicon()[words])


def _is_number(token: str) -> bool:
    return any(c.isdigit() for c in token) or is_word(token, "number_words")


@dataclass(frozen=True)
class Finding:
    """One breach: the mention (or the token's offsets) and what was found."""

    entity: GoldEntity | None
    found: str
    offsets: tuple[int, int] | None = None
    relation: str | None = None


@dataclass(frozen=True)
class Convention:
    """A mechanical convention.

    Attributes:
        id: its name in messages.
        section: the guidelines' section that states it.
        expected: what a conforming annotation is, as the message says it.
        check: the breaches in one document.
    """

    id: str
    section: str
    expected: str
    check: Callable[[GoldDocument], Iterator[Finding]]


class _Doc:
    """A document's mentions with the lookups the checks share."""

    def __init__(self, doc: GoldDocument):
        self.doc = doc
        self.by_id = {e.id: e for e in doc.entities}
        self.token_texts = [doc.text[t.start:t.end] for t in doc.tokens]

    def tokens_of(self, e: GoldEntity) -> list[str]:
        return [self.token_texts[i] for i, t in enumerate(self.doc.tokens) if e.start <= t.start and t.end <= e.end]

    def covering(self, start: int, end: int) -> list[GoldEntity]:
        return [e for e in self.doc.entities if e.start <= start and end <= e.end]

    def parents(self, e: GoldEntity) -> list[GoldEntity]:
        return [self.by_id[p] for p in e.parents]


def _of(doc: GoldDocument, typ: str) -> Iterator[GoldEntity]:
    return (e for e in doc.entities if e.type == typ)


def _quantity_has_unit(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    for e in _of(doc, "QUANTITY"):
        if not any(is_word(t, "units") for t in d.tokens_of(e)):
            yield Finding(e, f"QUANTITY {e.text!r} holds no unit of measurement (a count is CARDINAL on its numeral)")


def _cardinal_is_numeral(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    for e in _of(doc, "CARDINAL"):
        words = [t for t in d.tokens_of(e) if t not in ",.٫٬"]
        extra = [t for t in words if not _is_number(t) and t != "و"]
        if extra:
            yield Finding(e, f"CARDINAL {e.text!r} holds {' '.join(extra)!r}, not a numeral")


def _every_number_in_a_mention(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    for i, t in enumerate(doc.tokens):
        word = d.token_texts[i]
        if not _is_number(word) or is_word(word, "not_counts"):
            continue
        if i > 0 and is_word(d.token_texts[i - 1], "identifier_words"):
            continue
        if not d.covering(t.start, t.end):
            yield Finding(None, f"the number {word!r} in no mention", (t.start, t.end))


def _ordinal_is_ordinal(doc: GoldDocument) -> Iterator[Finding]:
    for e in _of(doc, "ORDINAL"):
        if " " in e.text or not is_word(e.text, "ordinals"):
            yield Finding(e, f"ORDINAL {e.text!r} is not one ordinal word")


def _ordinal_not_in_name(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    for e in _of(doc, "ORDINAL"):
        names = [p for p in d.parents(e) if p.type in NAME_TYPES]
        if names:
            yield Finding(e, f"ORDINAL {e.text!r} inside {names[0].type} {names[0].text!r}, part of the name")


def _every_ordinal_tagged(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    for i, t in enumerate(doc.tokens):
        if not is_word(d.token_texts[i], "ordinals"):
            continue
        around = d.covering(t.start, t.end)
        if any(e.type in NAME_TYPES | {"ORDINAL", "DATE", "TIME"} for e in around):
            continue
        yield Finding(None, f"the ordinal {d.token_texts[i]!r} outside any name, with no ORDINAL", (t.start, t.end))


def _date_without_preposition(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    fixed = lexicon()["fixed_dates"]
    for e in doc.entities:
        if e.type not in ("DATE", "TIME"):
            continue
        first = d.tokens_of(e)[0]
        if normalize_table(first) in lexicon()["date_prepositions"] and not any(normalize_table(e.text).startswith(f) for f in fixed):
            yield Finding(e, f"{e.type} {e.text!r} starts with the preposition {first!r}")


def _meeting_event_named(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    for e in _of(doc, "EVENT"):
        if is_word(d.tokens_of(e)[0], "meeting_heads") and not any(q in e.text for q in lexicon()["quotes"]):
            yield Finding(e, f"EVENT {e.text!r}: described talks or a meeting without a name of its own")


def _summit_is_event(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    starts = {e.start for e in _of(doc, "EVENT")}
    for i, t in enumerate(doc.tokens):
        if is_word(d.token_texts[i], "summit_heads") and t.start not in starts:
            yield Finding(None, f"the summit {d.token_texts[i]!r} starts no EVENT", (t.start, t.end))


def _no_directional_loc(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    for e in _of(doc, "LOC"):
        words = d.tokens_of(e)
        head = words[1] if len(words) > 1 and is_word(words[0], "region_designators") else words[0]
        inner = [c for c in doc.entities if c.type == "GPE" and e.id in c.parents]
        if is_word(head, "directions") and inner:
            yield Finding(e, f"LOC {e.text!r}: a direction relative to the GPE {inner[0].text!r}")


def _org_aff_through_title(doc: GoldDocument) -> Iterator[Finding]:
    d = _Doc(doc)
    held = {}
    for r in doc.relations:
        if r.type == "ROLE":
            held.setdefault(r.head, []).append(d.by_id[r.tail])
    linked = {}
    for r in doc.relations:
        if r.type == "ORG_AFF":
            linked.setdefault(r.tail, []).append(d.by_id[r.head])
    for r in doc.relations:
        person, tail = d.by_id[r.head], d.by_id[r.tail]
        if r.type != "ORG_AFF" or tail.type not in ("GPE", "NORP"):
            continue
        if any(o.start <= tail.start and tail.end <= o.end for o in held.get(person.id, ())):
            continue  # inside the person's title
        if tail.type == "NORP" and tail.end <= person.start:
            gap = list(doc.text[tail.end:person.start])
            for other in linked.get(tail.id, ()):  # colleagues sharing the nationality: نظيريهما اليابانيين A وB
                if tail.end <= other.start and other.end <= person.start:
                    gap[other.start - tail.end:other.end - tail.end] = " " * (other.end - other.start)
            if not "".join(gap).replace('"', " ").strip():
                continue  # right before the name: a title's or a counterpart's nationality
        yield Finding(None, f"ORG_AFF {person.text!r} → {tail.type} {tail.text!r} through no title of the person",
                      relation=r.id)


CONVENTIONS: tuple[Convention, ...] = (
    Convention("quantity-has-unit", "§3, §7.14", "a QUANTITY holding a unit of measurement", _quantity_has_unit),
    Convention("cardinal-is-numeral", "§7.14", "a CARDINAL on the numeral alone", _cardinal_is_numeral),
    Convention("every-number-in-a-mention", "§7.14",
               "every number inside a mention (a count is CARDINAL), unless an identifier (رقم 2) or واحد",
               _every_number_in_a_mention),
    Convention("ordinal-is-ordinal", "§3", "an ORDINAL on one ordinal word", _ordinal_is_ordinal),
    Convention("ordinal-not-in-name", "§7.10, §7.14", "no ORDINAL inside a name (المادة الخامسة is LAW only)",
               _ordinal_not_in_name),
    Convention("every-ordinal-tagged", "§7.14", "every ordinal outside a name an ORDINAL", _every_ordinal_tagged),
    Convention("date-without-preposition", "§7.3",
               "a DATE or TIME without its preposition (بعد غد is a fixed date)", _date_without_preposition),
    Convention("meeting-event-named", "§7.8", "an EVENT headed by talks or a meeting only with its quoted name",
               _meeting_event_named),
    Convention("summit-is-event", "§7.8", "every summit (قمة) the start of an EVENT", _summit_is_event),
    Convention("no-directional-loc", "§7.13", "no LOC made of a direction and a GPE", _no_directional_loc),
    Convention("org-aff-through-title", "§7.17",
               "ORG_AFF to a GPE or NORP only through the person's title or a nationality right before the name",
               _org_aff_through_title),
)


def check_conventions(doc: GoldDocument, ann: AnnFile) -> None:
    """Check every convention on one validated document.

    Raises:
        InputError: one problem per breach, naming the ``.ann`` line, the convention and its section.
    """
    lines = {e.id: e.line for e in ann.entities} | {r.id: r.line for r in ann.relations}
    problems = []
    for c in CONVENTIONS:
        for f in c.check(doc):
            where = f.relation or (f.entity.id if f.entity else f"<{f.offsets[0]} {f.offsets[1]}>")
            problems.append(Problem(ann.path, lines.get(where), where,
                                    f"convention {c.id} (GUIDELINES {c.section})", c.expected, f.found))
    if problems:
        raise InputError(problems)
