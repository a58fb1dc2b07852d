"""Offsets that cannot silently go wrong: predicted spans checked against the canonical tokens.

A span whose start is not a token's start, or whose end is not a token's end,
cannot match any gold mention (the gold is token-aligned), so a file whose
spans are mostly unaligned scores 0.0 on every view for a reason that has
nothing to do with the system. :func:`check` finds the common mistakes that
produce such files, each declared once in :data:`MISTAKES` (inclusive ends,
offsets shifted by one, UTF-8 byte offsets), and says which one fits, with
the first examples; :func:`summary` counts what a file that passed has left
unaligned, for the record.

>>> from harness.core.types import Document, Sentence, Token
>>> doc = Document("d", "في اليابان اليوم", (Token("في", 0, 2), Token("اليابان", 3, 10), Token("اليوم", 11, 16)),
...                (Sentence(0, 16, "body", 0, 3),))
>>> offsets = [Offset(1, "d entities[0]", "d", 3, 9)]
>>> check([doc], offsets, "p.jsonl")
Traceback (most recent call last):
...
harness.core.errors.InputError: p.jsonl: offsets: expected character offsets that start and end on the canonical tokens, found <1 of 1 spans unaligned; they all align after end + 1 (inclusive ends)> (line 1: 3-9 'اليابا' — did you mean 3-10 'اليابان'?; a character-level system can score unaligned spans on purpose with --allow-unaligned)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from harness.core.errors import InputError, Problem
from harness.core.types import Document, Prediction

# Beyond this share of unaligned (or out-of-range) spans a file is refused unless --allow-unaligned.
MAX_UNALIGNED = 0.5
# A mistake "fits" when it makes at least this share of the file's spans valid and aligned.
FITS = 0.9
EXAMPLES = 3
ALLOW_HINT = "a character-level system can score unaligned spans on purpose with --allow-unaligned"


@dataclass(frozen=True)
class Offset:
    """One predicted span as read, before any check: where it was and its raw offsets."""

    line: int | None
    where: str
    doc_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Mistake:
    """A common way to get offsets wrong, and how to undo it (None: cannot be undone for this span)."""

    name: str
    undo: Callable[[Document, int, int], tuple[int, int] | None]


def _byte_to_char(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    table = _byte_offsets(doc.text)
    return (table[start], table[end]) if start in table and end in table else None


@lru_cache(maxsize=64)
def _byte_offsets(text: str) -> dict[int, int]:
    """UTF-8 byte offset -> code-point offset, at every character boundary."""
    out, byte = {}, 0
    for i, ch in enumerate(text):
        out[byte] = i
        byte += len(ch.encode("utf-8"))
    out[byte] = len(text)
    return out


MISTAKES: tuple[Mistake, ...] = (
    Mistake("end + 1 (inclusive ends)", lambda d, s, e: (s, e + 1)),
    Mistake("start - 1, end - 1 (offsets counted from 1)", lambda d, s, e: (s - 1, e - 1)),
    Mistake("start + 1, end + 1 (offsets one character early)", lambda d, s, e: (s + 1, e + 1)),
    Mistake("reading them as UTF-8 byte offsets", _byte_to_char),
)


_BOUNDARIES: dict[int, tuple[tuple, frozenset[int], frozenset[int]]] = {}


def _boundaries(doc: Document) -> tuple[frozenset[int], frozenset[int]]:
    """Token starts and ends of a document, computed once per tokens tuple (kept alive with its entry)."""
    found = _BOUNDARIES.get(id(doc.tokens))
    if found is None or found[0] is not doc.tokens:
        if len(_BOUNDARIES) > 256:
            _BOUNDARIES.clear()
        found = (doc.tokens, frozenset(t.start for t in doc.tokens), frozenset(t.end for t in doc.tokens))
        _BOUNDARIES[id(doc.tokens)] = found
    return found[1], found[2]


def aligned(doc: Document, start: int, end: int) -> bool:
    """Whether ``[start, end)`` is in range and starts and ends on canonical tokens."""
    starts, ends = _boundaries(doc)
    return 0 <= start < end <= len(doc.text) and start in starts and end in ends


def _nearest(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """The token-aligned span closest to ``[start, end)`` (for "did you mean")."""
    overlapping = [t for t in doc.tokens if t.start < max(end, start + 1) and t.end > start]
    if not overlapping:
        return None
    return overlapping[0].start, overlapping[-1].end


def _quote(doc: Document, start: int, end: int) -> str:
    if 0 <= start < end <= len(doc.text):
        return f" {doc.text[start:end]!r}"
    return f" (outside the text's {len(doc.text)} characters)"


def _example(doc: Document, o: Offset, fixed: tuple[int, int] | None) -> str:
    line = f"line {o.line}" if o.line is not None else o.where
    text = f"{line}: {o.start}-{o.end}{_quote(doc, o.start, o.end)}"
    if fixed is not None and aligned(doc, *fixed):
        return f"{text} — did you mean {fixed[0]}-{fixed[1]}{_quote(doc, *fixed)}?"
    return text


def check(documents: Sequence[Document], offsets: Sequence[Offset], source: str, allow_unaligned: bool = False) -> None:
    """Refuse a file whose spans are mostly out of range or unaligned, naming the mistake that fits.

    Args:
        documents: the gold documents (their text and canonical tokens).
        offsets: every span of the file with integer offsets, as read.
        source: the file, for the message.
        allow_unaligned: a character-level system: unaligned (in-range) spans are scored as they are.

    Raises:
        InputError: when more than half of the spans are out of range, or (without
            ``allow_unaligned``) do not start and end on token boundaries.
    """
    by_id = {d.id: d for d in documents}
    located = [(by_id[o.doc_id], o) for o in offsets if o.doc_id in by_id]
    if not located:
        return
    bad = [(d, o) for d, o in located if not aligned(d, o.start, o.end)]
    out_of_range = [(d, o) for d, o in bad if not 0 <= o.start < o.end <= len(d.text)]
    share = len(bad) / len(located)
    if not out_of_range and (allow_unaligned or share <= MAX_UNALIGNED):
        return  # none, a few (counted in the record), or unaligned on purpose
    for mistake in MISTAKES:
        undone = [mistake.undo(d, o.start, o.end) for d, o in located]
        fixed = sum(1 for (d, _), u in zip(located, undone) if u is not None and aligned(d, *u))
        if fixed >= FITS * len(located):
            examples = [_example(d, o, mistake.undo(d, o.start, o.end)) for d, o in bad[:EXAMPLES]]
            raise InputError(Problem(
                source, None, None, "offsets", "character offsets that start and end on the canonical tokens",
                f"<{len(bad)} of {len(located)} spans unaligned; they all align after {mistake.name}>"
                if fixed == len(located) else
                f"<{len(bad)} of {len(located)} spans unaligned; {fixed} align after {mistake.name}>",
                "; ".join(examples + ([] if allow_unaligned else [ALLOW_HINT]))))
    if out_of_range or allow_unaligned:
        return  # spans out of range that no mistake explains: the reader reports each of them
    examples = [_example(d, o, _nearest(d, o.start, o.end)) for d, o in bad[:EXAMPLES]]
    raise InputError(Problem(
        source, None, None, "offsets", "character offsets that start and end on the canonical tokens",
        f"<{len(bad)} of {len(located)} spans unaligned; no common mistake (inclusive ends, offsets from 1, "
        f"UTF-8 bytes) fits>", "; ".join(examples + ([] if allow_unaligned else [ALLOW_HINT]))))


@dataclass(frozen=True)
class Summary:
    """How many of the scored spans are not token-aligned (stored in the record)."""

    spans: int
    unaligned: int
    examples: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The record's ``alignment`` block."""
        return {"spans": self.spans, "unaligned": self.unaligned, "examples": list(self.examples)}

    @classmethod
    def from_dict(cls, block: dict) -> Summary:
        """Read back :meth:`to_dict`."""
        return cls(block.get("spans", 0), block.get("unaligned", 0), tuple(block.get("examples", ())))

    def note(self, source: str) -> str | None:
        """A line for stderr when some spans are unaligned, else None."""
        if not self.unaligned:
            return None
        return (f"{source}: {self.unaligned} of {self.spans} predicted spans do not start and end on token "
                f"boundaries and cannot match the gold (" + "; ".join(self.examples) + ")")


def summary(documents: Sequence[Document], predictions: Sequence[Prediction]) -> Summary:
    """Count the predicted spans (mentions and relation arguments) that are not token-aligned."""
    by_id = {d.id: d for d in documents}
    spans = unaligned = 0
    examples = []
    for p in predictions:
        doc = by_id.get(p.doc_id)
        if doc is None:
            continue
        for s in sorted(set(p.spans) | {a for r in p.relations for a in (r.head, r.tail)}):
            spans += 1
            if not aligned(doc, s.start, s.end):
                unaligned += 1
                if len(examples) < EXAMPLES:
                    examples.append(f"{p.doc_id}: {s.start}-{s.end}{_quote(doc, s.start, s.end)}")
    return Summary(spans, unaligned, tuple(examples))
