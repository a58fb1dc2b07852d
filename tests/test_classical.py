"""The classical baselines: CRFs (cross-domain and leave-one-document-out) and re-logreg."""

from __future__ import annotations

import pytest

pytest.importorskip("sklearn_crfsuite")

import baselines.crf as crf  # noqa: E402
from baselines.relogreg import RelationLogReg, candidate_pairs  # noqa: E402
from harness.gold.data import load_gold  # noqa: E402
from harness.systems.run import without_gold  # noqa: E402
from harness.core.types import Span  # noqa: E402
from tests.conftest import SHARED  # noqa: E402

NEWSFANE = SHARED / "corpora" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"
DOCS, _ = load_gold()


@pytest.mark.skipif(not NEWSFANE.is_file(), reason="NewsFANE is not beside the checkout")
def test_crf_newsfane_trains_on_the_corpus_and_tags_the_benchmark(tmp_path, monkeypatch):
    lines = NEWSFANE.read_text(encoding="utf-8-sig").split("\n")
    subset = tmp_path / "subset.txt"
    subset.write_text("\n".join(lines[:6000]), encoding="utf-8")  # about 170 sentences
    monkeypatch.setenv("TAHALOF_CACHE", str(tmp_path / "cache"))
    system = crf.CrfNewsfane(train=str(subset))
    first = system.predict(without_gold(DOCS[:2]))
    assert list((tmp_path / "cache").glob("crf-newsfane-*.pkl"))  # trained once, cached
    assert system.predict(without_gold(DOCS[:2])) == first  # deterministic
    starts = {t.start for d in DOCS[:2] for t in d.tokens}
    assert any(p.spans for p in first)
    assert all(s.start in starts for p in first for s in p.spans)


def test_crf_newsfane_without_corpus_says_how_to_fix(tmp_path):
    from harness.core.errors import InputError

    with pytest.raises(InputError, match="--system-arg train=PATH"):
        crf.CrfNewsfane(train=str(tmp_path / "absent.txt")).predict(without_gold(DOCS[:1]))


def test_crf_lodo_never_trains_on_the_document_it_tags(monkeypatch):
    seen = []
    real = crf.gold_training_data

    def spy(documents):
        seen.append({d.id for d in documents})
        return real(documents)

    monkeypatch.setattr(crf, "gold_training_data", spy)
    preds = crf.CrfLodo().predict(without_gold(DOCS[:2]))
    assert [p.doc_id for p in preds] == [d.id for d in DOCS[:2]]
    assert seen == [{d.id for d in DOCS} - {DOCS[0].id}, {d.id for d in DOCS} - {DOCS[1].id}]


def test_candidate_pairs_follow_the_schema_and_meet_is_ordered():
    a, b, occ = Span(0, 5, "PERS"), Span(9, 14, "PERS"), Span(20, 30, "OCC")
    pairs = candidate_pairs([a, b, occ])
    assert (a, occ) in pairs and (b, occ) in pairs
    assert (occ, a) not in pairs  # OCC heads no relation
    assert (a, b) in pairs and (b, a) not in pairs  # MEET only in text order


def test_re_logreg_given_gold_mentions_finds_relations_between_them():
    docs = without_gold(DOCS[:1])
    pred = RelationLogReg().predict(docs, [DOCS[0].spans])[0]
    gold_spans = set(DOCS[0].spans)
    assert pred.relations
    assert all(r.head in gold_spans and r.tail in gold_spans for r in pred.relations)
    gold_keys = {r.key() for r in DOCS[0].relations}
    assert sum(r.key() in gold_keys for r in pred.relations) >= len(pred.relations) // 3
