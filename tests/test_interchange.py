"""Round trips through CoNLL (nested columns) and brat, and their import errors."""

from __future__ import annotations

import pytest

from baselines.rules import RuleSystem
from harness.cli.main import main
from harness.gold.data import load_gold
from harness.core.errors import InputError
from harness.io.interchange import read_brat, read_conll_predictions, to_conll, write_brat
from harness.io.formats import read_predictions
from harness.systems.run import without_gold
from tests.scoring import record_of

DOCS, _ = load_gold()


def scores(predictions):
    return record_of(DOCS, predictions).overall["all"]


def test_gold_to_conll_and_back_scores_one_on_every_ner_view(tmp_path):
    path = tmp_path / "gold.conll"
    assert main(["export", "gold", "--to", "conll", "--out", str(path)]) == 0
    preds = read_predictions(path, DOCS)  # format sniffed
    assert [p.spans for p in preds] == [d.spans for d in DOCS]  # nested mentions survive as columns
    overall = scores(preds)
    assert all(s.f1 == 1.0 for v, s in overall.items() if v.startswith("ner_"))


def test_gold_to_brat_and_back_scores_one_on_every_view(tmp_path):
    out = tmp_path / "brat"
    assert main(["export", "gold", "--to", "brat", "--out", str(out)]) == 0
    assert (out / f"{DOCS[0].id}.txt").read_text(encoding="utf-8") == DOCS[0].text
    preds = read_predictions(out, DOCS)
    assert all(s.f1 == 1.0 for s in scores(preds).values())


def test_predictions_round_trip_unchanged(tmp_path):
    preds = RuleSystem().predict(without_gold(DOCS))
    (tmp_path / "rules.conll").write_text(to_conll(DOCS, preds), encoding="utf-8")
    assert [p.spans for p in read_conll_predictions(tmp_path / "rules.conll", DOCS)] == [p.spans for p in preds]
    write_brat(tmp_path / "brat", DOCS, preds)
    back = read_brat(tmp_path / "brat", DOCS)
    assert [p.spans for p in back] == [tuple(sorted(set(p.spans))) for p in preds]
    assert [sorted(r.key() for r in p.relations) for p in back] == [sorted(r.key() for r in p.relations) for p in preds]


def _broken_conll(tmp_path, edit):
    text = to_conll(DOCS)
    path = tmp_path / "x.conll"
    path.write_text(edit(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (lambda t: t.replace("الخميس\tB-DATE", "الجمعة\tB-DATE", 1), "token: expected the canonical tokens"),
        (lambda t: t.replace("،\tI-DATE", "،\tI-TIME", 1), "valid IOB2"),
        (lambda t: t.replace("# sent_id = 000_a13afac072b68dd1-000", "# sent_id = 000_a13afac072b68dd1-999", 1),
         "a sentence id of the ner config"),
        (lambda t: t.replace("09\tB-TIME\tO\tO", "09\tB-TIME\tO", 1), "the same number of columns"),
    ],
)
def test_malformed_conll_predictions_name_the_line(tmp_path, edit, fragment):
    path = _broken_conll(tmp_path, edit)
    with pytest.raises(InputError) as info:
        read_conll_predictions(path, DOCS)
    message = str(info.value)
    assert fragment in message and f"{path}:" in message


def test_malformed_brat_names_the_line(tmp_path):
    out = tmp_path / "brat"
    write_brat(out, DOCS)
    ann = out / f"{DOCS[0].id}.ann"
    ann.write_text(ann.read_text(encoding="utf-8").replace("T1\tDATE 0 22", "T1\tDATE 1 22", 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"\.ann:1: T1: offsets/text"):
        read_brat(out, DOCS)
