"""Edge inputs of the scoring core and the record schema: refused clearly, or counted as the reference does."""

from __future__ import annotations

import copy
import json
import random

import pytest

from harness.core.errors import InputError
from harness.core.types import Document, Prediction, Sentence, Span
from harness.records.results import read_record
from harness.records.score import Options, run_command
from harness.scoring import partial
from harness.scoring.engine import Parameters, count
from tests.scoring import record_of
from tests.synthetic import make_corpus
from tests.test_fast_engine import MENTION_VIEWS, _compare

DOC = Document("a", "x" * 20, (), (Sentence(0, 10, "body", 0, 0), Sentence(11, 20, "boilerplate", 0, 0)),
               (Span(0, 3, "PERS"),))


@pytest.mark.parametrize("span,expected", [
    (Span(4, 4, "PERS"), "expected 0 <= start < end <= 20"),
    (Span(15, 25, "PERS"), "expected 0 <= start < end <= 20"),
    (Span(-1, 2, "PERS"), "expected 0 <= start < end <= 20"),
])
def test_mentions_no_reader_lets_through_are_refused_by_the_engine(span, expected):
    with pytest.raises(ValueError, match=f"a: mention {span.start}-{span.end}: {expected}"):
        count([DOC], [Prediction("a", (span,))], views=MENTION_VIEWS)


def test_a_document_without_sentences_holding_mentions_is_refused():
    empty = Document("e", "x" * 5, (), (), ())
    with pytest.raises(ValueError, match="e: mention 1-3: its document has no sentences"):
        count([empty, DOC], [Prediction("e", (Span(1, 3, "PERS"),)), Prediction("a")], views=MENTION_VIEWS)
    record_of([empty, DOC], [Prediction("e"), Prediction("a", DOC.spans)])  # without mentions it is fine


@pytest.mark.parametrize("seed", range(5))
def test_candidate_pairs_made_piecewise_count_the_same(monkeypatch, seed):
    """Pieces bounded by candidate pairs (a mention as wide as its sentence makes many) change nothing."""
    documents, predictions, _, _ = make_corpus(random.Random(seed), 2, 3, 12)
    wide = [Document(d.id, d.text, d.tokens, d.sentences, tuple(sorted({*d.spans, *(Span(s.start, s.end, "ORG")
                                                                                      for s in d.sentences)})))
            for d in documents]
    monkeypatch.setattr(partial._Pairs, "CANDIDATES", 3)
    monkeypatch.setattr(partial._Pairs, "BLOCK", 4)
    _compare(wide, predictions, Parameters(min_overlap=10))


def test_a_record_without_units_reads_back_and_compares(tmp_path):
    from harness.records.compare import compare

    doc = Document("z", "x", (), (), ())
    record = record_of([doc], [Prediction("z")])
    path = tmp_path / "r.json"
    path.write_text(record.to_json(), encoding="utf-8")
    again = read_record(path)
    assert again.units.counts["ner_strict"].shape == (0, 3)
    assert compare(again, again, resamples=10)["all"]["ner_strict"]["delta"] == 0.0


def test_the_run_command_keeps_the_overlap_exactly():
    from harness.gold.source import Gold

    gold = Gold((), "x")
    assert run_command("rules", {}, gold, Options(parameters=Parameters(min_overlap=12.3456789))).count(
        "--min-overlap 12.3456789") == 1
    assert "--min-overlap 50 " in run_command("rules", {}, gold, Options(parameters=Parameters(min_overlap=50)))


def _written(tmp_path, mutate):
    documents, predictions, _, _ = make_corpus(random.Random(3), 2, 4, 10)
    raw = json.loads(record_of(documents, predictions, resamples=20).to_json())
    bad = copy.deepcopy(raw)
    mutate(bad)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    return path


def _set_counts(r):
    s = r["overall"]["all"]["ner_strict"]
    s["counts"] = {"tp": 50, "fp": 0, "fn": 0}
    s["precision"] = s["recall"] = s["f1"] = 1.0


@pytest.mark.parametrize("mutate,field", [
    (_set_counts, "overall.all.ner_strict.counts: expected {"),
    (lambda r: r["overall"]["all"]["ner_strict"]["counts"].pop("fn"), "overall.all.ner_strict.counts: expected the "
                                                                       "counts tp, fp, fn"),
    (lambda r: r["overall"].pop("body"), "overall.body: expected every view's score"),
    (lambda r: r["overall"]["all"].pop("ner_flat"), "overall.all.ner_flat: expected a score, or null"),
    (lambda r: r["per_type"]["all"].update(bogus={}), "per_type.all: expected only the record's views"),
    (lambda r: r["units"]["counts"].update(bogus=[]), "units.counts: expected only the record's views"),
    (lambda r: r["units"]["ids"].__setitem__(1, r["units"]["ids"][0]), "units.ids: expected each sentence id once"),
    (lambda r: r["views"]["ner_strict"].update(absent="no reason"), "overall.all.ner_strict: expected null"),
    (lambda r: r["views"]["ner_partial_exact"]["parameters"].update(min_overlap=0.5),
     "views.ner_partial_exact.parameters.min_overlap: expected between 1 and 100"),
    (lambda r: r["bootstrap"].update(resamples=0), "ci: expected none (the record has 0 resamples)"),
    (lambda r: r["provenance"].update(seed="x"), "provenance.seed: expected an integer"),
])
def test_records_whose_parts_disagree_are_refused(tmp_path, mutate, field):
    path = _written(tmp_path, mutate)
    with pytest.raises(InputError) as err:
        read_record(path)
    assert field in str(err.value), str(err.value)


def test_the_record_written_reads_back_equal(tmp_path):
    path = _written(tmp_path, lambda r: None)
    record = read_record(path)
    assert json.loads(record.to_json()) == json.loads(path.read_text(encoding="utf-8"))
