"""Error analysis, the report files, and the opt-in Arabic-aware views."""

from __future__ import annotations

import pytest

from harness.report.analysis import classify, clitic_only, confusion, mention_errors, relation_errors
from harness.core.arabic import normalize, normalize_table
from harness.cli.main import main
from harness.gold.data import load_gold
from tests.scoring import record_of
from harness.core.types import Prediction, Relation, Span
from tests.test_scoring_edges import GOLD_RELS, GOLD_SPANS, JAPAN, OCC, PERS, TEXT, TOKYO, US, _doc

DOC = _doc(GOLD_SPANS, GOLD_RELS)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        (JAPAN, Span(JAPAN.start + 1, JAPAN.end, "GPE"), "clitic"),  # اليابان for واليابان
        (US, Span(US.start + 1, US.end, "GPE"), "clitic"),
        (TOKYO, Span(TOKYO.start, TOKYO.end, "LOC"), "wrong type"),
        (PERS, Span(PERS.start, PERS.end + 3, "PERS"), "too long"),
        (OCC, Span(OCC.start, OCC.end - 9, "OCC"), "too short"),
        (PERS, Span(PERS.start + 5, PERS.end + 3, "PERS"), "shifted"),
        (OCC, Span(OCC.start + 5, OCC.end, "ORG"), "wrong type and boundary"),
    ],
)
def test_error_classes(gold, pred, expected):
    assert classify(gold, pred, TEXT) == expected


def test_clitic_only_requires_a_clitic_prefix():
    assert clitic_only(JAPAN, Span(JAPAN.start + 1, JAPAN.end, "GPE"), TEXT)
    assert not clitic_only(JAPAN, Span(JAPAN.start + 2, JAPAN.end, "GPE"), TEXT)  # "وا" is no proclitic
    assert not clitic_only(JAPAN, Span(JAPAN.start + 1, JAPAN.end, "LOC"), TEXT)


def test_mention_and_relation_errors_explain_every_miss():
    pred = Prediction("d", (Span(JAPAN.start + 1, JAPAN.end, "GPE"), OCC, Span(0, 4, "ORG")),
                      (Relation(PERS, OCC, "ROLE"),))
    errors = {(e.error, (e.gold or e.pred).type) for e in mention_errors(DOC, pred)}
    assert ("clitic", "GPE") in errors and ("spurious", "ORG") in errors and ("missed", "PERS") in errors
    kinds = [(e.kind, e.relation.type) for e in relation_errors(DOC, pred)]
    assert ("missed", "PHYS") in kinds and ("missed", "ROLE") not in kinds
    matrix = confusion([DOC], [pred])
    assert matrix["OCC", "OCC"] == 1 and matrix["PERS", "∅"] == 1 and matrix["∅", "ORG"] == 1


def test_clitic_tolerant_and_normalized_views_are_opt_in_and_beside_strict():
    no_clitic = Span(JAPAN.start + 1, JAPAN.end, "GPE")
    pred = Prediction("d", (no_clitic, OCC))
    assert "ner_clitic_tolerant" not in record_of([DOC], [pred]).views
    record = record_of([DOC], [pred], extra=("ner_clitic_tolerant", "ner_normalized"))
    assert record.overall["all"]["ner_strict"].counts["tp"] == 1
    assert record.overall["all"]["ner_clitic_tolerant"].counts["tp"] == 2
    assert record.overall["all"]["ner_normalized"].counts["tp"] == 1


def test_normalized_view_forgives_normalisable_differences():
    text_doc = _doc((Span(TEXT.index("الأمريكي"), TEXT.index("الأمريكي") + 8, "NORP"),))
    # the same word, written with a bare alef, predicted where the text has it (a system that
    # normalised the text and matched the word elsewhere in its own copy)
    assert normalize("الأمريكيّ") == normalize("الامريكي")
    record = record_of([text_doc], [Prediction("d", text_doc.spans)], extra=("ner_normalized",))
    assert record.overall["all"]["ner_normalized"].f1 == 1.0


def test_camel_normalisers_and_the_table_agree_on_the_benchmark():
    pytest.importorskip("camel_tools")
    docs, _ = load_gold()
    for doc in docs:
        assert normalize(doc.text) == normalize_table(doc.text)


def test_report_writes_pngs_and_the_error_report(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "report"
    assert main(["run", "rules", "--report", str(out), "--resamples", "0"]) == 0
    for name in ("errors.md", "confusion.csv", "per_type.png", "confusion.png"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "per_type.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = (out / "errors.md").read_text(encoding="utf-8")
    assert "## Mention errors by class and type" in report and "## Relation errors" in report
    assert "⟦" in report and "**missed**" in report
    assert "## Per document, F1 [95% CI]" in report and "000_a13afac072b68dd1" in report.split("## Per document")[1]


def test_the_error_report_reconciles_with_the_record(tmp_path, capsys):
    """Every false positive and false negative of NER strict is listed exactly once."""
    import json

    from harness.cli.main import main

    out = tmp_path / "report"
    record_path = tmp_path / "r.json"
    assert main(["run", "rules", "--report", str(out), "--resamples", "0", "--out", str(record_path), "-q"]) == 0
    counts = json.loads(record_path.read_text(encoding="utf-8"))["overall"]["all"]["ner_strict"]["counts"]
    report = (out / "errors.md").read_text(encoding="utf-8")
    assert f"({counts['fp']} false positives, {counts['fn']} false negatives, as the record counts them)" in report
    from harness.gold.source import benchmark
    from harness.records.score import system_record
    from harness.report.analysis import mention_errors

    gold = benchmark()
    _, predictions = system_record("rules", gold)
    errors = [e for d, p in zip(gold.documents, predictions) for e in mention_errors(d, p)]
    assert sum(e.false_positive for e in errors) == counts["fp"]
    assert sum(e.false_negative for e in errors) == counts["fn"]
    listed = [(e.doc_id, e.gold) for e in errors if e.false_negative]
    assert len(listed) == len(set(listed))
