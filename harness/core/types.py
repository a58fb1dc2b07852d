"""Frozen, hashable value types shared by the harness and the baselines.

Offsets are half-open Python code-point offsets into a document's raw text.

>>> a, b = Span(0, 5, "PERS"), Span(10, 15, "PERS")
>>> Relation(b, a, "MEET", symmetric=True).key() == Relation(a, b, "MEET", symmetric=True).key()
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

import numpy as np


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """An entity mention: half-open character offsets and a type."""

    start: int
    end: int
    type: str


class _Codes(dict):
    """Hands out the next code to each new key."""

    def __missing__(self, key):
        value = self[key] = len(self)
        return value


@dataclass(frozen=True, eq=False)
class MentionColumns:
    """A document's mentions as integer columns: what the scoring engine reads.

    Readers hand them over with the mentions (:meth:`Prediction.columns`), so
    scoring never walks Span objects; ``types`` names the codes of ``type``.

    >>> c = MentionColumns.of([Span(0, 5, "GPE"), Span(6, 9, "PERS"), Span(10, 12, "GPE")])
    >>> c.start.tolist(), c.type.tolist(), c.types
    ([0, 6, 10], [0, 1, 0], ('GPE', 'PERS'))
    """

    start: np.ndarray
    end: np.ndarray
    type: np.ndarray
    types: tuple[str, ...]

    @classmethod
    def of(cls, spans: Iterable[Span]) -> MentionColumns:
        """The columns of some mentions, in their order."""
        spans = spans if isinstance(spans, (list, tuple)) else list(spans)
        n = len(spans)
        codes = _Codes()
        typ = np.fromiter(map(codes.__getitem__, map(attrgetter("type"), spans)), dtype=np.int32, count=n)
        return cls(np.fromiter(map(attrgetter("start"), spans), dtype=np.int64, count=n),
                   np.fromiter(map(attrgetter("end"), spans), dtype=np.int64, count=n), typ, tuple(codes))

    def __len__(self) -> int:
        return len(self.start)


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation between two mentions; symmetric ones ignore direction."""

    head: Span
    tail: Span
    type: str
    symmetric: bool = False

    def key(self) -> tuple[Span, Span, str]:
        """The comparison key: (head, tail, type), arguments sorted if symmetric."""
        if self.symmetric and self.tail < self.head:
            return (self.tail, self.head, self.type)
        return (self.head, self.tail, self.type)


@dataclass(frozen=True, slots=True)
class Token:
    """A canonical token."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: offsets, zone, and its range of token indices."""

    start: int
    end: int
    zone: str
    token_start: int
    token_end: int


@dataclass(frozen=True)
class Document:
    """A gold document: text, frozen tokens, sentences, mentions, relations."""

    id: str
    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    version: str = ""

    @cached_property
    def columns(self) -> MentionColumns:
        """The gold mentions as integer columns (made once per document)."""
        return MentionColumns.of(self.spans)

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Start offsets of the sentences, for bisecting."""
        return [s.start for s in self.sentences]

    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        """The tokens of sentence ``index``."""
        s = self.sentences[index]
        return self.tokens[s.token_start:s.token_end]


@dataclass(frozen=True)
class Prediction:
    """A system's output for one document."""

    doc_id: str
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()

    @cached_property
    def columns(self) -> MentionColumns:
        """The predicted mentions as integer columns (made once per prediction; readers make them as they read)."""
        return MentionColumns.of(self.spans)


def with_columns(owner):
    """A document or prediction with its mention columns made now, while its mentions are fresh in memory
    (what readers hand over)."""
    owner.columns  # noqa: B018  (a cached property, made once)
    return owner
