"""The opt-in Arabic-aware views (see :mod:`harness.core.arabic`), counted sentence by sentence.

- ``ner_normalized`` (``--view ner_normalized``, or ``--normalize``): mention texts equal
  after the declared normalisation, same sentence and type, as multisets.
- ``ner_clitic_tolerant`` (``--view ner_clitic_tolerant``, or ``--clitic-tolerant``):
  strict, but a leftover prediction also matches a leftover gold mention that
  differs from it only by leading proclitics, one to one.
"""

from __future__ import annotations

from collections import Counter

from harness.core.arabic import clitic_only, normalize
from harness.scoring.metrics import PRF
from harness.scoring.tally import per_sentence
from harness.scoring.viewspec import VIEWS, Counted, Family, ViewSpec


def _texts(inp) -> dict[str, str]:
    return {d.id: d.text for d in inp.documents}


def count_normalized(inp) -> Counted:
    """Mentions as (normalised text, type) multisets per sentence."""
    text = _texts(inp)

    def sides(pair):
        raw = text[pair.unit.doc_id]
        g = Counter((normalize(raw[s.start:s.end]), s.type) for s in pair.gold_spans)
        f = Counter((normalize(raw[s.start:s.end]), s.type) for s in pair.pred_spans)
        return g, f, g & f

    def vector(pair):
        g, f, both = sides(pair)
        tp = sum(both.values())
        return (tp, sum(f.values()) - tp, sum(g.values()) - tp)

    def by_type(pair):
        g, f, both = sides(pair)
        row: dict = {}
        for (_, t), n in g.items():
            row.setdefault(t, [0, 0, 0])[2] += n
        for (_, t), n in f.items():
            row.setdefault(t, [0, 0, 0])[1] += n
        for (_, t), n in both.items():
            row[t][0] += n
            row[t][1] -= n
            row[t][2] -= n
        return {t: tuple(v) for t, v in row.items()}

    return per_sentence(inp, vector, 3, by_type)


def count_clitic_tolerant(inp) -> Counted:
    """Exact matches first, then leftover pairs that differ by proclitics only."""
    text = _texts(inp)

    def hits(pair):
        raw = text[pair.unit.doc_id]
        gold, pred = set(pair.gold_spans), set(pair.pred_spans)
        exact = gold & pred
        left_g, left_p = sorted(gold - exact), sorted(pred - exact)
        extra = []
        for s in left_p:
            partner = next((g for g in left_g if clitic_only(g, s, raw)), None)
            if partner is not None:
                left_g.remove(partner)
                extra.append(s)
        return gold, pred, [s.type for s in exact] + [s.type for s in extra]

    def vector(pair):
        gold, pred, found = hits(pair)
        return (len(found), len(pred) - len(found), len(gold) - len(found))

    def by_type(pair):
        gold, pred, found = hits(pair)
        row = {}
        for t in {s.type for s in gold | pred}:
            tp = found.count(t)
            row[t] = (tp, sum(s.type == t for s in pred) - tp, sum(s.type == t for s in gold) - tp)
        return row

    return per_sentence(inp, vector, 3, by_type)


VIEWS.register(ViewSpec(
    "ner_normalized", Family.NER, "NER normalised text (opt-in)",
    "mention texts equal after the declared Arabic normalisation (harness/core/arabic.py), same sentence and type",
    PRF, count_normalized, order=60, default=False, flag="--normalize"))
VIEWS.register(ViewSpec(
    "ner_clitic_tolerant", Family.NER, "NER clitic-tolerant (opt-in)",
    "strict, but mentions differing only by leading proclitics (و ف ب ل ك, ال) also match",
    PRF, count_clitic_tolerant, order=61, default=False, flag="--clitic-tolerant"))
