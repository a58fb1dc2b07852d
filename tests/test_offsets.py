"""Offsets that cannot silently go wrong: systematic mistakes are named, correct files are unaffected."""

from __future__ import annotations

import json

import pytest

from harness.cli.main import main
from harness.gold.source import benchmark
from harness.io.alignment import Offset, check, summary
from harness.core.errors import InputError


def write(path, documents, shift):
    """The gold's mentions as JSONL predictions, with offsets transformed by ``shift(doc, span)``."""
    with open(path, "w", encoding="utf-8") as handle:
        for doc in documents:
            ents = []
            for s in doc.spans:
                start, end = shift(doc, s)
                ents.append({"start": start, "end": end, "type": s.type})
            handle.write(json.dumps({"doc_id": doc.id, "entities": ents, "relations": []}, ensure_ascii=False) + "\n")
    return path


def as_bytes(doc, s):
    return len(doc.text[:s.start].encode("utf-8")), len(doc.text[:s.end].encode("utf-8"))


MISTAKES = [
    ("inclusive ends", lambda d, s: (s.start, s.end - 1), "end + 1 (inclusive ends)"),
    ("counted from 1", lambda d, s: (s.start + 1, s.end + 1), "start - 1, end - 1"),
    ("one early", lambda d, s: (s.start - 1, s.end - 1) if s.start else (s.start, s.end), "start + 1, end + 1"),
    ("UTF-8 bytes", as_bytes, "UTF-8 byte offsets"),
]


@pytest.mark.parametrize("name, shift, diagnosis", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_systematic_offset_mistake_exits_2_naming_it(tmp_path, capsys, name, shift, diagnosis):
    path = write(tmp_path / "p.jsonl", benchmark().documents, shift)
    assert main(["score", str(path), "--name", "x", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert f"{path}: offsets: expected character offsets that start and end on the canonical tokens" in err
    assert diagnosis in err
    assert "line 1: " in err and "did you mean" in err
    assert "--allow-unaligned" in err
    assert len(err.splitlines()) == 1  # the diagnosis, not a flood of range errors


def test_the_example_names_the_raw_slice_and_the_aligned_span(tmp_path, capsys):
    path = write(tmp_path / "p.jsonl", benchmark().documents, lambda d, s: (s.start, s.end - 1))
    main(["score", str(path), "--name", "x", "--resamples", "0"])
    err = capsys.readouterr().err
    assert "line 1: 0-21 'الخميس، 21 نوفمبر 202' — did you mean 0-22 'الخميس، 21 نوفمبر 2024'?" in err


def test_a_correct_file_is_unaffected_and_records_zero_unaligned(tmp_path, capsys):
    path = write(tmp_path / "p.jsonl", benchmark().documents, lambda d, s: (s.start, s.end))
    out = tmp_path / "r.json"
    assert main(["score", str(path), "--name", "x", "--resamples", "0", "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["overall"]["all"]["ner_strict"]["f1"] == 1.0
    assert record["provenance"]["alignment"] == {"spans": 459, "unaligned": 0, "examples": []}
    assert len(record["provenance"]["predictions"]["sha256"]) == 64


def test_a_few_unaligned_spans_are_counted_and_reported_not_refused(tmp_path, capsys):
    docs = benchmark().documents
    first = {d.id: d.spans[0] for d in docs if d.spans}
    path = write(tmp_path / "p.jsonl", docs,
                 lambda d, s: (s.start, s.end - 1) if first.get(d.id) == s and s.end - s.start > 1 else (s.start, s.end))
    out = tmp_path / "r.json"
    assert main(["score", str(path), "--name", "x", "--resamples", "0", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "5 of 459 predicted spans do not start and end on token boundaries" in err
    assert json.loads(out.read_text(encoding="utf-8"))["provenance"]["alignment"]["unaligned"] == 5


def test_a_character_level_system_scores_unaligned_spans_on_purpose(tmp_path, capsys):
    path = write(tmp_path / "p.jsonl", benchmark().documents,
                 lambda d, s: (s.start, s.end - 1 if s.end - s.start > 1 else s.end))
    out = tmp_path / "r.json"
    assert main(["score", str(path), "--name", "x", "--resamples", "0", "--allow-unaligned", "--out", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["overall"]["all"]["ner_strict"]["f1"] < 0.05
    assert record["provenance"]["alignment"]["unaligned"] >= 440
    assert record["provenance"]["predictions"]["allow_unaligned"] is True


def test_out_of_range_offsets_are_still_refused_with_allow_unaligned(tmp_path, capsys):
    path = write(tmp_path / "p.jsonl", benchmark().documents, as_bytes)
    assert main(["score", str(path), "--name", "x", "--resamples", "0", "--allow-unaligned"]) == 2
    assert "UTF-8 byte offsets" in capsys.readouterr().err


def test_no_common_mistake_fits_says_so_with_examples():
    doc = benchmark().documents[0]
    offsets = [Offset(1, f"e[{i}]", doc.id, t.start + 1, t.end) for i, t in enumerate(doc.tokens[:40])
               if t.end - t.start > 2]
    with pytest.raises(InputError, match="no common mistake .* fits") as err:
        check([doc], offsets, "p.jsonl")
    assert "did you mean" in str(err.value)


def test_summary_counts_relation_arguments_too():
    from harness.core.types import Prediction, Relation, Span

    doc = benchmark().documents[0]
    a, b = Span(doc.tokens[0].start, doc.tokens[0].end, "DATE"), Span(doc.tokens[1].start + 1, doc.tokens[1].end, "GPE")
    s = summary([doc], [Prediction(doc.id, (a,), (Relation(a, b, "PHYS"),))])
    assert (s.spans, s.unaligned) == (2, 1)
