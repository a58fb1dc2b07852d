"""One columnar table of mentions: every NER view derives from its single sort.

The gold's and the predictions' mentions are read once into integer columns
(sentence, start, end, type id) and sorted once by a 64-bit key that encodes
(sentence, start, end, type): documents are laid end to end, so a global start
offset orders sentences and starts together. Every view then works on these
arrays: strict compares the keys, boundary the keys without their type digits,
flat keeps the outermost rows, coarse remaps the type ids, the SemEval family
and the Wojood layers regroup the rows by type with one stable sort.

>>> from harness.core.types import Document, Prediction, Sentence, Span, Token
>>> doc = Document("d", "aa bb", (Token("aa", 0, 2), Token("bb", 3, 5)), (Sentence(0, 5, "body", 0, 2),),
...                (Span(0, 5, "ORG"), Span(3, 5, "GPE")))
>>> table = MentionTable.build([doc], [Prediction("d", (Span(3, 5, "GPE"),))])
>>> table.types, table.gold.start.tolist(), table.pred.type.tolist()
(('GPE', 'ORG'), [0, 3], [0])
>>> table.gold.outermost().tolist()
[True, False]
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from operator import attrgetter

import numpy as np

from harness.core.types import Document, Prediction

I64 = np.int64
_KEY_LIMIT = 2.0**62


@contextmanager
def no_cyclic_gc():
    """Pause the cyclic garbage collector while reading many small objects: it would otherwise
    rescan every live object (a large corpus) again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def id_ranks(ids: Sequence[str]) -> np.ndarray:
    """Each id's rank among the distinct ids, sorted: the order in which documents are resampled.

    >>> id_ranks(["b", "a", "b"]).tolist()
    [1, 0, 1]
    """
    rank = {d: i for i, d in enumerate(sorted(set(ids)))}
    return np.fromiter(map(rank.__getitem__, ids), dtype=I64, count=len(ids))


@dataclass(frozen=True, eq=False)
class Layout:
    """The scoring units (the gold's sentences, in document order) as arrays.

    Attributes:
        doc_ids: the documents, in order.
        unit_doc: per unit, its document's index.
        unit_sentence: per unit, its index within the document.
        unit_zone: per unit, the index of its zone in ``zone_names``.
        zone_names: the gold's zones, sorted.
        base: per document, the global offset of its first character.
        unit_start, unit_end: per unit, global offsets.
        doc_length: per document, its text's length.
    """

    doc_ids: tuple[str, ...]
    unit_doc: np.ndarray
    unit_sentence: np.ndarray
    unit_zone: np.ndarray
    zone_names: tuple[str, ...]
    base: np.ndarray
    unit_start: np.ndarray
    unit_end: np.ndarray
    doc_length: np.ndarray

    @classmethod
    def of(cls, documents: Sequence[Document]) -> Layout:
        """The layout of the gold documents."""
        lengths = np.fromiter((len(d.text) + 1 for d in documents), dtype=I64, count=len(documents))
        base = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(I64)
        per_doc = [len(d.sentences) for d in documents]
        sentences = list(chain.from_iterable(d.sentences for d in documents))
        unit_doc = np.repeat(np.arange(len(documents), dtype=I64), per_doc)
        first = np.concatenate([[0], np.cumsum(per_doc)[:-1]]).astype(I64) if documents else np.zeros(0, I64)
        unit_sentence = np.arange(len(sentences), dtype=I64) - np.repeat(first, per_doc)
        zones = list(map(attrgetter("zone"), sentences))
        zone_names = tuple(sorted(set(zones)))
        index = {z: i for i, z in enumerate(zone_names)}
        unit_zone = np.fromiter(map(index.__getitem__, zones), dtype=I64, count=len(zones))
        offset = base[unit_doc]
        start = np.fromiter(map(attrgetter("start"), sentences), dtype=I64, count=len(sentences)) + offset
        end = np.fromiter(map(attrgetter("end"), sentences), dtype=I64, count=len(sentences)) + offset
        return cls(tuple(d.id for d in documents), unit_doc, unit_sentence, unit_zone, zone_names, base, start, end,
                   lengths - 1)

    @cached_property
    def unit_doc_rank(self) -> np.ndarray:
        """Per unit, the rank of its document's id among the ids (documents resampled in id order)."""
        return id_ranks(self.doc_ids)[self.unit_doc]

    @property
    def n_units(self) -> int:
        """The number of units."""
        return len(self.unit_doc)

    @property
    def n_zones(self) -> int:
        """The number of zone ids."""
        return len(self.zone_names)

    def ids(self) -> list[str]:
        """The units' sentence ids (``doc-007``)."""
        from harness.io.predictions import sentence_id

        return [sentence_id(self.doc_ids[d], int(i)) for d, i in zip(self.unit_doc.tolist(), self.unit_sentence.tolist())]

    def zone_mask(self, zone: str) -> np.ndarray:
        """Which units a record zone holds: ``all``, or the sentences of one zone."""
        if zone == "all":
            return np.ones(self.n_units, dtype=bool)
        if zone not in self.zone_names:
            return np.zeros(self.n_units, dtype=bool)
        return self.unit_zone == self.zone_names.index(zone)

    def zone_ids(self, zone: str) -> np.ndarray:
        """The zone ids (the first axis of per-type counts) a record zone sums."""
        if zone == "all":
            return np.arange(self.n_zones)
        return np.array([self.zone_names.index(zone)] if zone in self.zone_names else [], dtype=I64)

    @cached_property
    def doc_units(self) -> tuple[np.ndarray, np.ndarray]:
        """Per document, its first and last unit."""
        docs = np.arange(len(self.doc_ids))
        return (np.searchsorted(self.unit_doc, docs, side="left"),
                np.searchsorted(self.unit_doc, docs, side="right") - 1)

    def unit_of(self, doc: np.ndarray, start: np.ndarray) -> np.ndarray:
        """The unit of each mention: the sentence its start falls in, or the next one when it falls
        between sentences (a mention before a document's first sentence: that sentence)."""
        g = start + self.base[doc]
        unit = np.searchsorted(self.unit_start, g, side="right") - 1
        first, last = self.doc_units
        unit = np.maximum(unit, first[doc])
        gap = (g >= self.unit_end[np.clip(unit, 0, None)]) & (unit < last[doc])
        return unit + gap


COLUMN = np.int32  # unit, start, end and type ids: documents and corpora stay far below 2**31


def wide(a: np.ndarray) -> np.ndarray:
    """A column as int64, for arithmetic that could pass 2**31 (offsets times widths)."""
    return a.astype(I64, copy=False)


class Side:
    """One side's mentions (gold or predicted) as columns in (unit, start, end, type) order, unique.

    ``unit``, ``start``, ``end`` and ``type`` are int32; ``key`` (int64) orders and identifies a row.
    A side regrouped by :meth:`by_type` has the group (``unit * n_types + type``, int64) as its unit
    and no key."""

    def __init__(self, unit: np.ndarray, start: np.ndarray, end: np.ndarray, typ: np.ndarray,
                 key: np.ndarray | None, n_types: int, boundary_key: np.ndarray | None = None):
        self.unit, self.start, self.end, self.type, self.key = unit, start, end, typ, key
        self.n_types = n_types
        self._boundary_key = boundary_key

    def boundary_key(self, rows: np.ndarray | None = None) -> np.ndarray:
        """The key without its type digit: (unit, start, end), ordered; of ``rows`` only, when given."""
        if self._boundary_key is not None:
            return self._boundary_key if rows is None else self._boundary_key[rows]
        return (self.key if rows is None else self.key[rows]) // self.n_types

    def __len__(self) -> int:
        return len(self.unit)

    def select(self, mask: np.ndarray) -> Side:
        """The rows where ``mask`` holds (order kept)."""
        bkey = self._boundary_key[mask] if self._boundary_key is not None else None
        return Side(self.unit[mask], self.start[mask], self.end[mask], self.type[mask],
                    self.key[mask] if self.key is not None else None, self.n_types, bkey)

    def outermost(self) -> np.ndarray:
        """Which rows no other row contains: the flat reading of :func:`harness.core.views.outermost`.

        In (start, −end, type) order a row is kept when it starts at or after the end of every row
        before it. In this table's (start, end, type) order that is: the row is the first of the
        longest rows of its start (the last extent of the start's block, its smallest type), and its
        start is at or after the furthest end of the unit's earlier starts (the earlier blocks' last rows).
        """
        n = len(self)
        keep = np.zeros(n, dtype=bool)
        if n == 0:
            return keep
        unit, start, end = self.unit, self.start, self.end
        same_start = (start[1:] == start[:-1]) & (unit[1:] == unit[:-1])
        last = np.flatnonzero(np.append(~same_start, True))  # the last row of each start's block
        first_of_extent = np.ones(n, dtype=bool)
        first_of_extent[1:] = ~(same_start & (end[1:] == end[:-1]))
        del same_start
        index = np.where(first_of_extent, np.arange(n, dtype=np.int32), np.int32(0))
        del first_of_extent
        extent_first = np.maximum.accumulate(index)[last]  # each block's longest extent's first row
        del index
        width = int(max(end.max(), start.max())) + 1
        base = wide(unit[last]) * width
        reach = np.maximum.accumulate(base + end[last])
        free = np.ones(len(last), dtype=bool)
        free[1:] = base[1:] + start[last[1:]] >= reach[:-1]
        del base, reach
        keep[extent_first[free]] = True
        return keep

    def by_type(self) -> Side:
        """The rows regrouped by (unit, type), (start, end) order within: ``unit`` becomes the group
        ``unit * n_types + type`` (made anew on each call: it is as large as the side)."""
        group = wide(self.unit) * self.n_types + self.type
        if len(group) > 1 and not np.all(group[1:] >= group[:-1]):
            order = np.argsort(group, kind="stable")
            return Side(group[order], self.start[order], self.end[order], self.type[order], None, self.n_types)
        return Side(group, self.start, self.end, self.type, None, self.n_types)


class MentionTable:
    """The gold's and the predictions' mentions, as :class:`Side` columns sharing one type index and key.

    Derived tables (outermost rows, rows by type) are made by the views that need them and dropped
    with them, so that scoring's peak memory is the table plus one view's work."""

    def __init__(self, layout: Layout, gold: Side, pred: Side, types: tuple[str, ...]):
        self.layout, self.gold, self.pred, self.types = layout, gold, pred, types

    @classmethod
    def build(cls, documents: Sequence[Document], predictions: Sequence[Prediction],
              layout: Layout | None = None) -> MentionTable:
        """Read both sides' mentions into columns (predictions in the documents' order), one side at a time."""
        layout = layout or Layout.of(documents)
        owners = [documents, predictions]
        with no_cyclic_gc():
            columns = [[o.columns for o in side] for side in owners]
        types = tuple(sorted({t for side in columns for c in side for t in c.types}))
        n_types = max(len(types), 1)
        longest = max((int((c.end - c.start).max()) for side in columns for c in side if len(c)), default=0)
        radix = longest + 1
        span = int(layout.base[-1]) + len(documents[-1].text) + 1 if len(documents) else 1
        if float(span) * radix * n_types < _KEY_LIMIT:
            sides = [_side(layout, side, types, radix) for side in columns]
        else:  # astronomically long texts: keys are the rows' joint ranks
            sides = _ranked_sides(layout, columns, types)
        return cls(layout, sides[0], sides[1], types)


def _read(layout: Layout, columns: Sequence, types: tuple[str, ...]) -> tuple[np.ndarray, ...]:
    """(unit, start, end, type id, global start) of one side's mentions, in input order."""
    counts = np.fromiter(map(len, columns), dtype=I64, count=len(columns))
    if not counts.sum():
        empty = np.zeros(0, dtype=COLUMN)
        return empty, empty, empty, empty, np.zeros(0, dtype=I64)
    doc = np.repeat(np.arange(len(columns), dtype=I64), counts)
    start = np.concatenate([c.start for c in columns])
    end = np.concatenate([c.end for c in columns])
    _check(layout, doc, start, end, counts)
    start, end = start.astype(COLUMN), end.astype(COLUMN)
    index = {t: i for i, t in enumerate(types)}
    # each document's codes shifted past the earlier documents' names: one lookup for all
    shift = np.cumsum([0] + [len(c.types) for c in columns[:-1]])
    lookup = np.array([index[t] for c in columns for t in c.types] or [0], dtype=COLUMN)
    typ = lookup[np.concatenate([c.type for c in columns]) + np.repeat(shift, counts).astype(np.int32)]
    g = wide(start) + layout.base[doc]
    unit = layout.unit_of(doc, start).astype(COLUMN)
    return unit, start, end, typ, g


def _check(layout: Layout, doc: np.ndarray, start: np.ndarray, end: np.ndarray, counts: np.ndarray) -> None:
    """Refuse mentions no reader lets through (the API can be handed anything): empty or outside their
    document's text, or in a document without sentences.

    Raises:
        ValueError: naming the document and the first such mention.
    """
    length = layout.doc_length
    first, last = layout.doc_units
    bad = (start < 0) | (end <= start) | (end > length[doc]) | (first[doc] > last[doc])
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        d = int(doc[i])
        why = ("its document has no sentences" if first[d] > last[d] else
               f"expected 0 <= start < end <= {int(length[d])} (the document's length)")
        raise ValueError(f"{layout.doc_ids[d]}: mention {int(start[i])}-{int(end[i])}: {why}")


def _side(layout: Layout, columns: Sequence, types: tuple[str, ...], radix: int) -> Side:
    """One side sorted by its key (unit, start, end, type), repeated rows dropped."""
    unit, start, end, typ, g = _read(layout, columns, types)
    n_types = max(len(types), 1)
    key = (g * radix + (end - start)) * n_types + typ
    del g
    return _sorted(unit, start, end, typ, key, None, n_types)


def _ranked_sides(layout: Layout, columns: Sequence, types: tuple[str, ...]) -> list[Side]:
    """Both sides keyed by :func:`~harness.scoring.tally.joint_keys` of (unit, start, end, type), and their
    boundary keys of (unit, start, end): for texts too long for the one-number key."""
    from harness.scoring.tally import joint_keys

    (g_unit, g_start, g_end, g_typ, _), (p_unit, p_start, p_end, p_typ, _) = (_read(layout, side, types)
                                                                              for side in columns)
    keys = joint_keys([g_unit, g_start, g_end, g_typ], [p_unit, p_start, p_end, p_typ])
    bkeys = joint_keys([g_unit, g_start, g_end], [p_unit, p_start, p_end])
    n_types = max(len(types), 1)
    return [_sorted(g_unit, g_start, g_end, g_typ, keys[0], bkeys[0], n_types),
            _sorted(p_unit, p_start, p_end, p_typ, keys[1], bkeys[1], n_types)]


def _sorted(unit, start, end, typ, key, bkey, n_types: int) -> Side:
    """Sort one side by its key (unit, start, end, type) and drop repeated rows."""
    if len(key) > 1 and not np.all(key[1:] >= key[:-1]):
        order = np.argsort(key, kind="stable")
        unit, start, end, typ, key = unit[order], start[order], end[order], typ[order], key[order]
        bkey = bkey[order] if bkey is not None else None
    keep = np.ones(len(key), dtype=bool)
    keep[1:] = key[1:] != key[:-1]
    if not keep.all():
        unit, start, end, typ, key = unit[keep], start[keep], end[keep], typ[keep], key[keep]
        bkey = bkey[keep] if bkey is not None else None
    return Side(unit, start, end, typ, key, n_types, bkey)
