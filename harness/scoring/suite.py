"""Every view of the benchmark, counted per unit from the same (gold, predicted) pairs.

:func:`count_views` returns, for each view, the count vector of every
sentence and the per-type vectors; zone filtering, totals, macro averages and
bootstrap intervals are all computed from these arrays (see
:mod:`harness.records.results`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from harness.scoring import fast
from harness.scoring.metrics import PRF, Metric
from harness.scoring.ner import NER_VIEWS
from harness.scoring.partial import SCHEMES
from harness.scoring.relations import RE_VIEWS
from harness.scoring.units import Unit, UnitPair, pair_units, relation_pairs, units_of
from harness.core.types import Document, Prediction


class ResampleUnit(Enum):
    """What the bootstrap resamples."""

    SENTENCE = "sentence"
    DOCUMENT = "document"


@dataclass
class ViewCounts:
    """One view's per-unit count vectors (all units, in gold order)."""

    name: str
    family: str
    description: str
    metric: Metric
    units: np.ndarray
    per_type: dict[str, np.ndarray] = field(default_factory=dict)


def _count_matrix(vectors: list[tuple[int, ...]], width: int) -> np.ndarray:
    return np.asarray(vectors, dtype=np.int64).reshape(len(vectors), width)


def _per_type_matrix(rows: list[dict[str, tuple[int, ...]]], width: int) -> dict[str, np.ndarray]:
    types = sorted({t for row in rows for t in row})
    zero = (0,) * width
    return {t: _count_matrix([row.get(t, zero) for row in rows], width) for t in types}


def reference_ner(pairs: list[UnitPair]) -> list[ViewCounts]:
    """The NER set views, sentence by sentence (the reference semantics)."""
    out = []
    for view in NER_VIEWS.values():
        vectors, typed = [], []
        for pair in pairs:
            c = view.counts(pair.gold_spans, pair.pred_spans)
            vectors.append((c.tp, c.fp, c.fn))
            if view.per_type:
                typed.append({t: (x.tp, x.fp, x.fn) for t, x in view.counts_by_type(pair.gold_spans, pair.pred_spans).items()})
        out.append(ViewCounts(view.name, "ner", view.description, PRF, _count_matrix(vectors, 3),
                              _per_type_matrix(typed, 3) if view.per_type else {}))
    return out


def reference_partial(pairs: list[UnitPair]) -> list[ViewCounts]:
    """The SemEval family, sentence by sentence (the reference semantics)."""
    out = []
    for scheme in SCHEMES.values():
        vectors = [scheme.vector(p.gold_spans, p.pred_spans) for p in pairs]
        typed = [scheme.vectors_by_type(p.gold_spans, p.pred_spans) for p in pairs]
        out.append(ViewCounts(f"ner_partial_{scheme.name}", "partial", _partial_description(scheme.name),
                              scheme.metric, _count_matrix(vectors, 5), _per_type_matrix(typed, 5)))
    return out


def _partial_description(name: str) -> str:
    return f"SemEval-2013 '{name}' scheme over nested mentions (nervaluate 1.2 semantics)"


def fast_ner(documents: Sequence[Document], predictions: Sequence[Prediction]) -> list[ViewCounts]:
    """The NER set views and the SemEval family, vectorised over all sentences."""
    corpus = fast.Corpus(documents, predictions)
    out = [ViewCounts(name, "ner", NER_VIEWS[name].description, PRF, units, typed)
           for name, (units, typed) in fast.ner_set_views(corpus).items()]
    for name, (units, typed) in fast.partial_views(corpus).items():
        scheme = SCHEMES[name.removeprefix("ner_partial_")]
        out.append(ViewCounts(name, "partial", _partial_description(scheme.name), scheme.metric, units, typed))
    return out


def _relations(gold: list, pred: list, name: str, view_name: str, description: str) -> ViewCounts:
    view = RE_VIEWS[view_name]
    vectors, typed = [], []
    for g, p in zip(gold, pred):
        c = view.counts(g, p)
        vectors.append((c.tp, c.fp, c.fn))
        typed.append({t: (x.tp, x.fp, x.fn) for t, x in view.counts_by_type(g, p).items()})
    return ViewCounts(name, "re", description, PRF, _count_matrix(vectors, 3), _per_type_matrix(typed, 3))


def _arabic_views(documents: Sequence[Document], predictions: Sequence[Prediction], normalized: bool,
                  clitic_tolerant: bool) -> list[ViewCounts]:
    """The opt-in Arabic-aware views, sentence by sentence."""
    from collections import Counter

    from harness.report.analysis import clitic_only
    from harness.core.arabic import normalize

    text = {d.id: d.text for d in documents}
    pairs = pair_units(documents, predictions)
    out = []
    if normalized:
        vectors, typed = [], []
        for p in pairs:
            raw = text[p.unit.doc_id]
            g = Counter((normalize(raw[s.start:s.end]), s.type) for s in p.gold_spans)
            f = Counter((normalize(raw[s.start:s.end]), s.type) for s in p.pred_spans)
            both = g & f
            vectors.append((sum(both.values()), sum(f.values()) - sum(both.values()), sum(g.values()) - sum(both.values())))
            row: dict = {}
            for (_, t), n in g.items():
                row.setdefault(t, [0, 0, 0])[2] += n
            for (_, t), n in f.items():
                row.setdefault(t, [0, 0, 0])[1] += n
            for (_, t), n in both.items():
                row[t][0] += n
                row[t][1] -= n
                row[t][2] -= n
            typed.append({t: tuple(v) for t, v in row.items()})
        out.append(ViewCounts("ner_normalized", "ner", "mention texts equal after the declared Arabic "
                              "normalisation (harness/core/arabic.py), same sentence and type", PRF,
                              _count_matrix(vectors, 3), _per_type_matrix(typed, 3)))
    if clitic_tolerant:
        vectors, typed = [], []
        for p in pairs:
            raw = text[p.unit.doc_id]
            gold, pred = set(p.gold_spans), set(p.pred_spans)
            matched = gold & pred
            left_g, left_p = sorted(gold - matched), sorted(pred - matched)
            extra = []
            for s in left_p:
                partner = next((g for g in left_g if clitic_only(g, s, raw)), None)
                if partner is not None:
                    left_g.remove(partner)
                    extra.append(s)
            hits = [s.type for s in matched] + [s.type for s in extra]
            vectors.append((len(hits), len(pred) - len(hits), len(gold) - len(hits)))
            row = {}
            for t in {s.type for s in gold | pred}:
                tp = hits.count(t)
                row[t] = (tp, sum(s.type == t for s in pred) - tp, sum(s.type == t for s in gold) - tp)
            typed.append(row)
        out.append(ViewCounts("ner_clitic_tolerant", "ner", "strict, but mentions differing only by leading "
                              "proclitics (و ف ب ل ك, ال) also match", PRF,
                              _count_matrix(vectors, 3), _per_type_matrix(typed, 3)))
    return out


def count_views(
    documents: Sequence[Document],
    predictions: Sequence[Prediction],
    given_gold: Sequence[Prediction] | None = None,
    reference: bool = False,
    normalized: bool = False,
    clitic_tolerant: bool = False,
    relations: bool = True,
) -> tuple[list[Unit], list[ViewCounts]]:
    """Count every view for every sentence.

    Args:
        documents: the gold documents.
        predictions: the system's end-to-end predictions, one per document.
        given_gold: the system's relations when given the gold mentions, if
            it was run that way (adds the ``re_given_gold`` view).
        reference: count NER views sentence by sentence with the reference
            implementations instead of the vectorised ones (same numbers).
        normalized: add the opt-in ``ner_normalized`` view.
        clitic_tolerant: add the opt-in ``ner_clitic_tolerant`` view.
        relations: count the relation views (not for corpora without relations).

    Returns:
        The units (sentences) and the per-view counts.
    """
    if reference:
        pairs = pair_units(documents, predictions)
        views = reference_ner(pairs) + reference_partial(pairs)
    else:
        views = fast_ner(documents, predictions)
    if normalized or clitic_tolerant:
        views += _arabic_views(documents, predictions, normalized, clitic_tolerant)
    if not relations:
        return units_of(documents), views
    gold_r, pred_r = relation_pairs(documents, predictions)
    views += [_relations(gold_r, pred_r, name, name, RE_VIEWS[name].description) for name in RE_VIEWS]
    if given_gold is not None:
        _, given_r = relation_pairs(documents, given_gold)
        views.append(_relations(gold_r, given_r, "re_given_gold", "re_strict",
                                "relations of a run given the gold mentions, strict"))
    return units_of(documents), views
