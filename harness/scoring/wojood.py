"""``ner_wojood``: the nested score as the Wojood papers report it.

SinaLab's ``compute_nested_metrics`` (``arabiner/utils/metrics.py``) turns the
nested annotation into one IOB2 layer per entity type (a token's tag in the
layer of type X is the first tag of type X among its nesting levels, outermost
first; ``O`` when it has none), concatenates the layers and scores them with
seqeval's default mode, which reads tags as conlleval does. So a Wojood-trained
model's number here is comparable with its Wojood number.

In mentions: within one sentence and type, a layer's entity starts at each
mention that no earlier mention of the type covers (one that starts at or after
the end of every mention of that type starting before it) and runs to the
furthest end of the mentions starting from it up to the next such start. For
gold that nests properly this is the outermost mention of each type; crossing
predictions of one type merge, as their tags do. The same rule is applied to
both sides, on character offsets (equal to token offsets for token-aligned
mentions), and the layers' entities are matched exactly.

>>> from harness.core.types import Span
>>> layer([Span(0, 20, "ORG"), Span(5, 9, "ORG"), Span(0, 4, "GPE")])
[(0, 4, 'GPE'), (0, 20, 'ORG')]
>>> layer([Span(0, 6, "ORG"), Span(3, 9, "ORG")])   # crossing: one entity, as B-ORG I-ORG I-ORG reads
[(0, 9, 'ORG')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from harness.core.types import Span
from harness.scoring.columns import Side, wide
from harness.scoring.counts import Counts
from harness.scoring.metrics import PRF
from harness.scoring.tally import joint_keys, matched, per_sentence, prf
from harness.scoring.viewspec import VIEWS, Counted, Family, ViewSpec

I64 = np.int64


def layer(spans: Sequence[Span]) -> list[tuple[int, int, str]]:
    """The per-type layers' entities of one sentence, literally: tag every character with the
    first covering mention of each type (outermost first), then read the tags as conlleval does.

    The specification of the vectorised :func:`count`; (start, end, type) triples, sorted.
    """
    by_type: dict[str, list[Span]] = defaultdict(list)
    for s in sorted(set(spans), key=lambda s: (s.start, -s.end)):
        by_type[s.type].append(s)
    out = []
    for typ, mentions in by_type.items():
        lo, hi = min(s.start for s in mentions), max(s.end for s in mentions)
        tags = []
        for pos in range(lo, hi):
            first = next((s for s in mentions if s.start <= pos < s.end), None)
            tags.append("O" if first is None else ("B" if first.start == pos else "I"))
        start = None
        for i, tag in enumerate(tags + ["O"]):
            if start is not None and tag != "I":
                out.append((start + lo, i + lo, typ))
                start = None
            if tag != "O" and start is None:
                start = i  # a B, or an I after O (conlleval starts a chunk there too)
    return sorted(out)


def _reference(inp) -> Counted:
    def sets(pair):
        return set(layer(pair.gold_spans)), set(layer(pair.pred_spans))

    def vector(pair):
        c = Counts.from_sets(*sets(pair))
        return (c.tp, c.fp, c.fn)

    def by_type(pair):
        g, p = sets(pair)
        out = {}
        for t in {x[2] for x in g | p}:
            c = Counts.from_sets({x for x in g if x[2] == t}, {x for x in p if x[2] == t})
            out[t] = (c.tp, c.fp, c.fn)
        return out

    return per_sentence(inp, vector, 3, by_type)


def entities(side: Side) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(group, start, end) of the layers' entities of one side, groups being (unit, type):
    the side regrouped here and dropped."""
    n = len(side)
    if n == 0:
        return np.zeros(0, I64), np.zeros(0, I64), np.zeros(0, I64)
    group = wide(side.unit) * side.n_types + side.type
    if int(group[-1]) < 2**31 and int(group.max()) < 2**31:
        group = group.astype(np.int32)
    if n > 1 and not np.all(group[1:] >= group[:-1]):
        order = np.argsort(group, kind="stable")
        group, start, end = group[order], side.start[order], side.end[order]
        del order
    else:
        start, end = side.start, side.end
    new_block = np.ones(n, dtype=bool)
    new_block[1:] = (group[1:] != group[:-1]) | (start[1:] != start[:-1])
    width = int(max(end.max(), start.max())) + 1
    reach = np.maximum.accumulate(wide(group) * width + end)
    starts = np.flatnonzero(new_block)
    del new_block
    before = np.full(len(starts), -1, dtype=I64)
    before[1:] = reach[starts[1:] - 1]
    del reach
    first_rows = starts[(wide(group[starts]) * width + start[starts]) >= before]
    del starts, before
    return wide(group[first_rows]), wide(start[first_rows]), wide(np.maximum.reduceat(end, first_rows))


def count(inp) -> Counted:
    """The layers' entities of both sides, matched exactly, per sentence and per type."""
    t = inp.table
    n_types = max(len(t.types), 1)
    width = int(max(t.gold.end.max() if len(t.gold) else 0, t.pred.end.max() if len(t.pred) else 0)) + 1
    groups = inp.layout.n_units * n_types
    fits = float(groups) * width * width < 2.0**62  # entities lie in one sentence: start and length < width
    sides = []
    for side in (t.gold, t.pred):
        group, start, end = entities(side)
        end -= start
        if fits:
            key = group * width
            key += start
            del start
            key *= width
            key += end
        else:
            key = (start, end)
        del end
        sides.append(((group // n_types).astype(np.int32), (group % n_types).astype(np.int32), key))
        del group
    if not fits:  # astronomically long texts: keys by joint rank
        (gu, gt, (gs, gl)), (pu, pt, (ps, pl)) = sides
        g_key, p_key = joint_keys([gu, gt, gs, gl], [pu, pt, ps, pl])
        sides = [(gu, gt, g_key), (pu, pt, p_key)]
    (g_unit, g_type, g_key), (p_unit, p_type, p_key) = sides
    return prf(inp.layout, g_unit, p_unit, matched(g_key, p_key), g_type, p_type, t.types)


VIEWS.register(ViewSpec(
    "ner_wojood", Family.NER, "NER Wojood nested (per-type layers)",
    "one IOB2 layer per entity type (the first tag of the type on each token), layers scored together as "
    "conlleval reads them: SinaLab's compute_nested_metrics", PRF, count, reference=_reference, order=45,
    leaderboard=("all",), short="NER Wojood"))
