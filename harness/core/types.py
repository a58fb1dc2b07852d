"""Frozen, hashable value types shared by the harness and the baselines.

Offsets are half-open Python code-point offsets into a document's raw text.

>>> a, b = Span(0, 5, "PERS"), Span(10, 15, "PERS")
>>> Relation(b, a, "MEET", symmetric=True).key() == Relation(a, b, "MEET", symmetric=True).key()
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """An entity mention: half-open character offsets and a type."""

    start: int
    end: int
    type: str


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
