"""``re-logreg``: a scikit-learn relation classifier over mention pairs.

Every ordered pair of mentions in a sentence whose types some relation allows
is a candidate; logistic regression over its features predicts a relation
type or ``NONE``. MEET, being symmetric, is learnt and predicted on the
pair in text order only. Features: the two types and their pair, order,
nesting, token distance (bucketed), the words between (and the first and last
of them), the number of mentions between, and cues from the rule system's
lexicon (a title head in an OCC argument, a nationality adjective, a meeting
verb in the sentence).

Trained leave one document out on the gold: each document's relations come
from a model trained on the other four. End to end, the mentions are
``crf-lodo``'s; given gold mentions (the ``re_given_gold`` view), the gold's.
"""

from __future__ import annotations

from collections.abc import Sequence

from baselines.bridge import normalise
from baselines.rules.ner import MEET_WORDS
from harness.systems.api import SystemInfo
from harness.core.schema import load_schema
from harness.core.types import Document, Prediction, Relation, Span

LOGREG_PARAMS = {"C": 1.0, "max_iter": 3000, "random_state": 0}


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-5" if n <= 5 else "6-10" if n <= 10 else ">10"


def candidate_pairs(spans: Sequence[Span]) -> list[tuple[Span, Span]]:
    """Ordered pairs of one sentence's mentions that some relation type allows."""
    schema = load_schema()
    pairs = []
    for h in spans:
        for t in spans:
            if h == t:
                continue
            for spec in schema.relations.values():
                if spec.allows(h.type, t.type) and (not spec.symmetric or (h.start, h.end) < (t.start, t.end)):
                    pairs.append((h, t))
                    break
    return pairs


def pair_features(doc: Document, sentence: int, h: Span, t: Span, spans: Sequence[Span]) -> dict:
    """Features of one candidate pair."""
    tokens = doc.sentence_tokens(sentence)
    words = [normalise(x.text) for x in tokens]
    index = {x.start: i for i, x in enumerate(tokens)}
    end_index = {x.end: i for i, x in enumerate(tokens)}
    hs, he = index.get(h.start, 0), end_index.get(h.end, 0)
    ts, te = index.get(t.start, 0), end_index.get(t.end, 0)
    lo, hi = (he + 1, ts) if he < ts else (te + 1, hs)
    between = words[lo:hi] if lo < hi else []
    f = {
        "h": h.type, "t": t.type, "pair": f"{h.type}>{t.type}", "h_first": h.start < t.start,
        "h_in_t": t.start <= h.start and h.end <= t.end, "t_in_h": h.start <= t.start and t.end <= h.end,
        "dist": _bucket(len(between)), "adjacent": not between,
        "n_mentions_between": _bucket(sum(1 for s in spans if s not in (h, t) and lo <= index.get(s.start, -1) < hi)),
        "meet_verb": any(w in MEET_WORDS for w in words),
    }
    for w in between[:8]:
        f[f"bw={w}"] = True
    if between:
        f[f"first_b={between[0]}"] = True
        f[f"last_b={between[-1]}"] = True
    f[f"h_last={words[he]}"] = True
    f[f"t_last={words[te]}"] = True
    if hs > 0:
        f[f"before_h={words[hs - 1]}"] = True
    return f


def _sentence_of(doc: Document, span: Span) -> int:
    for i, s in enumerate(doc.sentences):
        if s.start <= span.start < s.end:
            return i
    return 0


def examples(doc: Document, spans: Sequence[Span], relations: Sequence[Relation] = ()):
    """Feature dicts, labels and the pairs, for every candidate pair of every sentence."""
    gold = {}
    for r in relations:
        h, t = r.head, r.tail
        if r.symmetric and (t.start, t.end) < (h.start, h.end):
            h, t = t, h
        gold[h, t] = r.type
    by_sentence: dict[int, list[Span]] = {}
    for s in spans:
        by_sentence.setdefault(_sentence_of(doc, s), []).append(s)
    feats, labels, pairs = [], [], []
    for i, group in sorted(by_sentence.items()):
        for h, t in candidate_pairs(sorted(group)):
            feats.append(pair_features(doc, i, h, t, group))
            labels.append(gold.get((h, t), "NONE"))
            pairs.append((h, t))
    return feats, labels, pairs


class RelationLogReg:
    """The in-domain relation baseline."""

    info = SystemInfo(kind="classical (logistic regression)", training_data="the gold, leave one document out",
                      description="mention-pair relation classifier; end to end on crf-lodo's mentions, "
                                  "and given gold mentions",
                      requires=("sklearn_crfsuite", "sklearn"), install="pip install 'tahalof[crf]'",
                      outputs=("ner", "re"))
    supports_given_gold = True
    record_meta = {"logreg": LOGREG_PARAMS,
                   "note": "mentions from crf-lodo end to end; RE given gold uses the gold mentions; "
                           "leave-one-document-out training on the gold"}

    def predict(self, documents: Sequence[Document], gold_spans=None) -> list[Prediction]:
        """Relations between the given mentions (gold), or between crf-lodo's."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        from baselines.crf import CrfLodo, lodo_gold

        gold = lodo_gold(documents, "re-logreg")
        mentions = [tuple(g) for g in gold_spans] if gold_spans is not None else [
            p.spans for p in CrfLodo().predict(documents)]
        symmetric = {n: s.symmetric for n, s in load_schema().relations.items()}
        schema = load_schema()
        out = []
        for doc, spans in zip(documents, mentions):
            feats, labels = [], []
            for other in sorted(gold):
                if other != doc.id:
                    f, lab, _ = examples(gold[other], gold[other].spans, gold[other].relations)
                    feats += f
                    labels += lab
            vectorizer = DictVectorizer()
            model = LogisticRegression(**LOGREG_PARAMS).fit(vectorizer.fit_transform(feats), labels)
            f, _, pairs = examples(doc, spans)
            relations = []
            if pairs:
                for (h, t), label in zip(pairs, model.predict(vectorizer.transform(f))):
                    if label != "NONE" and schema.relation(label).allows(h.type, t.type):
                        relations.append(Relation(h, t, label, symmetric[label]))
            out.append(Prediction(doc.id, tuple(spans), tuple(relations)))
        return out
