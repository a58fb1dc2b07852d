"""Validation of gold annotations against the raw text, tokens and schema.

:func:`validate_gold` checks one document's brat annotations and zones and
returns the validated, sentence-assigned annotations, or raises an
:class:`~harness.core.errors.InputError` listing every problem with file, line,
annotation id, what was expected and what was found.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass

import yaml

from harness.io.brat import AnnFile
from harness.core.errors import InputError, Problem
from harness.core.schema import Schema, load_schema
from harness.core.text import SentenceSpan, split_sentences, tokenize
from harness.core.types import Sentence, Token

# A span may end on one of these only when it also opens it inside the span.
_CLOSERS = {'"': '"', "/": "/", "”": "“", ")": "(", "»": "«", "'": "'"}


@dataclass(frozen=True)
class ZoneRange:
    """Lines ``first``..``last`` (1-based, inclusive) of the raw text are in ``zone``."""

    first: int
    last: int
    zone: str
    line: int


@dataclass(frozen=True)
class GoldEntity:
    """A validated entity mention."""

    id: str
    type: str
    start: int
    end: int
    text: str
    sentence: int
    parents: tuple[str, ...]


@dataclass(frozen=True)
class GoldRelation:
    """A validated relation between two mentions of one sentence."""

    id: str
    type: str
    head: str
    tail: str
    sentence: int


@dataclass(frozen=True)
class GoldDocument:
    """Everything validated for one document."""

    doc_id: str
    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


def read_zones(content: str, path: str, schema: Schema | None = None) -> list[ZoneRange]:
    """Parse a zones file: a YAML list of ``{lines: FIRST-LAST, zone: NAME}``.

    Args:
        content: the YAML text.
        path: its name, for messages.
        schema: the inventory holding the allowed zone names.

    Returns:
        The ranges in file order.

    Raises:
        InputError: for malformed entries and unknown zone names.
    """
    schema = schema or load_schema()
    try:
        root = yaml.compose(content)
    except yaml.YAMLError as exc:
        raise InputError(Problem(path, None, None, "YAML", "valid YAML", str(exc).splitlines()[0])) from None
    if root is None or not isinstance(root, yaml.SequenceNode):
        raise InputError(Problem(path, 1, None, "document", "a list of {lines, zone} entries", "<something else>"))
    problems, ranges = [], []
    for node in root.value:
        line = node.start_mark.line + 1
        item = yaml.safe_load(yaml.serialize(node))
        if not isinstance(item, dict) or set(item) != {"lines", "zone"}:
            problems.append(Problem(path, line, None, "entry", "a mapping with keys 'lines' and 'zone'", item))
            continue
        lines, zone = str(item["lines"]), item["zone"]
        first, _, last = lines.partition("-")
        if not (first.isdigit() and (last.isdigit() or not last)):
            problems.append(Problem(path, line, None, "lines", "'FIRST-LAST' (1-based line numbers)", lines))
            continue
        if zone not in schema.zones:
            problems.append(Problem(path, line, None, "zone", f"one of {list(schema.zones)}", zone))
            continue
        ranges.append(ZoneRange(int(first), int(last or first), zone, line))
    if problems:
        raise InputError(problems)
    return ranges


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _zone_for(sentence_line: int, ranges: list[ZoneRange]) -> list[ZoneRange]:
    return [r for r in ranges if r.first <= sentence_line <= r.last]


def _opened_inside(closer: str, before: str) -> bool:
    opener = _CLOSERS.get(closer)
    return opener is not None and opener in before


def _is_punct(token: Token) -> bool:
    return len(token.text) == 1 and unicodedata.category(token.text)[0] in "PS"


def validate_gold(
    doc_id: str,
    text: str,
    ann: AnnFile,
    zones: list[ZoneRange],
    zones_path: str,
    schema: Schema | None = None,
) -> GoldDocument:
    """Validate one document's gold annotations.

    Args:
        doc_id: the document id (the seed's file stem).
        text: the raw text.
        ann: the parsed ``.ann`` file.
        zones: the parsed zones file.
        zones_path: the zones file's name, for messages.
        schema: the inventory (defaults to the shipped one).

    Returns:
        The validated document.

    Raises:
        InputError: listing every problem found.
    """
    schema = schema or load_schema()
    path = ann.path
    problems: list[Problem] = []
    tokens = tuple(tokenize(text))
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    token_starts = [t.start for t in tokens]

    sentences: list[Sentence] = []
    spans: list[SentenceSpan] = split_sentences(text)
    for s in spans:
        line = _line_of(text, s.start)
        found = _zone_for(line, zones)
        if len(found) != 1:
            problems.append(
                Problem(
                    zones_path, None, None, "zone",
                    f"exactly one zone covering line {line} (sentence {text[s.start:s.end][:40]!r})",
                    f"<{len(found)} zones>",
                )
            )
        lo = bisect.bisect_left(token_starts, s.start)
        hi = bisect.bisect_left(token_starts, s.end)
        sentences.append(Sentence(s.start, s.end, found[0].zone if found else "", lo, hi))
    sentence_starts = [s.start for s in sentences]

    def sentence_of(start: int, end: int) -> int | None:
        i = bisect.bisect_right(sentence_starts, start) - 1
        return i if i >= 0 and end <= sentences[i].end else None

    good: dict[str, tuple[str, int, int, str, int]] = {}
    by_extent: dict[tuple[int, int], str] = {}
    for e in ann.entities:
        where = (path, e.line, e.id)
        if e.type not in schema.entity_types:
            problems.append(Problem(*where, "type", "one of the 21 entity types", e.type))
            continue
        if not 0 <= e.start < e.end <= len(text):
            problems.append(
                Problem(*where, "offsets", f"0 <= start < end <= {len(text)}", f"<{e.start} {e.end}>")
            )
            continue
        if text[e.start:e.end] != e.text:
            problems.append(
                Problem(*where, "text", f"raw[{e.start}:{e.end}] = {text[e.start:e.end]!r}", e.text)
            )
            continue
        if e.start not in starts or e.end not in ends:
            problems.append(
                Problem(
                    *where, "offsets", "a span starting at a token start and ending at a token end",
                    f"<{e.start} {e.end}>", "spans are word-aligned to the canonical tokens",
                )
            )
            continue
        first, last = tokens[starts[e.start]], tokens[ends[e.end]]
        if _is_punct(first) or (
            _is_punct(last) and not _opened_inside(last.text, e.text[: last.start - e.start])
        ):
            problems.append(
                Problem(
                    *where, "text", "a span that neither starts nor ends on punctuation",
                    e.text, "a quote or slash may end a span only when opened inside it",
                )
            )
            continue
        sentence = sentence_of(e.start, e.end)
        if sentence is None:
            problems.append(Problem(*where, "offsets", "a span inside one sentence", f"<{e.start} {e.end}>"))
            continue
        if (e.start, e.end) in by_extent:
            other = by_extent[(e.start, e.end)]
            problems.append(
                Problem(*where, "span", f"one mention per span (duplicate of {other})", f"<{e.start} {e.end}>")
            )
            continue
        by_extent[(e.start, e.end)] = e.id
        good[e.id] = (e.type, e.start, e.end, e.text, sentence)

    ordered = sorted(good.items(), key=lambda kv: (kv[1][1], -kv[1][2]))
    parents: dict[str, list[str]] = {i: [] for i in good}
    open_stack: list[tuple[str, int, int]] = []
    line_of_id = {e.id: e.line for e in ann.entities}
    for ann_id, (_, start, end, _, _) in ordered:
        open_stack = [o for o in open_stack if o[2] > start]
        for other_id, o_start, o_end in open_stack:
            if end > o_end:
                problems.append(
                    Problem(
                        path, line_of_id[ann_id], ann_id, "span",
                        f"nested in or disjoint from {other_id} <{o_start} {o_end}>",
                        f"<{start} {end}> (partial overlap)",
                    )
                )
            else:
                parents[ann_id].append(other_id)
        open_stack.append((ann_id, start, end))

    entity_ids = {e.id for e in ann.entities}
    relations: list[GoldRelation] = []
    seen_rel: dict[tuple, str] = {}
    for r in ann.relations:
        where = (path, r.line, r.id)
        if r.type not in schema.relations:
            problems.append(Problem(*where, "type", f"one of {list(schema.relation_types)}", r.type))
            continue
        dangling = [a for a in (r.head, r.tail) if a not in entity_ids]
        if dangling:
            problems.append(Problem(*where, "argument", "the id of a T line in this file", dangling[0]))
            continue
        if r.head not in good or r.tail not in good:
            continue  # the entity itself was reported
        spec = schema.relation(r.type)
        (h_type, h_start, h_end, _, h_sent), (t_type, t_start, t_end, _, t_sent) = good[r.head], good[r.tail]
        if r.head == r.tail:
            problems.append(Problem(*where, "argument", "two different mentions", f"{r.head} twice"))
            continue
        if not spec.allows(h_type, t_type):
            problems.append(
                Problem(*where, "argument types", spec.describe(), f"{h_type} -> {t_type}")
            )
            continue
        if h_sent != t_sent:
            problems.append(
                Problem(*where, "arguments", "mentions of one sentence", f"sentences {h_sent} and {t_sent}")
            )
            continue
        if spec.symmetric and (h_start, h_end) > (t_start, t_end):
            problems.append(
                Problem(
                    *where, "argument order",
                    f"the earlier mention as Arg1 of symmetric {r.type}", f"{r.head} after {r.tail}",
                )
            )
            continue
        key = (r.type, *sorted((r.head, r.tail))) if spec.symmetric else (r.type, r.head, r.tail)
        if key in seen_rel:
            problems.append(
                Problem(*where, "relation", f"one {r.type} per pair (already stored as {seen_rel[key]})", r.id)
            )
            continue
        seen_rel[key] = r.id
        relations.append(GoldRelation(r.id, r.type, r.head, r.tail, h_sent))

    if problems:
        raise InputError(problems)
    entities = tuple(
        GoldEntity(i, t, s, e, x, sent, tuple(parents[i])) for i, (t, s, e, x, sent) in ordered
    )
    return GoldDocument(doc_id, text, tokens, tuple(sentences), entities, tuple(relations))
