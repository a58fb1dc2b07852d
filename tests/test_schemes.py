"""Tagging schemes of predictions: IOB1, IOB2, IOE2, IOBES and BILOU decoded strictly, equal to seqeval's."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.cli.main import main
from harness.gold.source import benchmark
from harness.io.iob import SCHEMES, decode

seqeval_scheme = pytest.importorskip("seqeval.scheme")
TYPES = ("PERS", "GPE", "ORG")


def encode(n: int, spans: list[tuple[int, int, str]], scheme: str) -> list[str]:
    """Tags for non-overlapping token spans under ``scheme`` (the inverse of decode)."""
    tags = ["O"] * n
    previous_end, previous_type = -1, None
    for first, last, typ in sorted(spans):
        for i in range(first, last):
            single, start, end = last - first == 1, i == first, i == last - 1
            if scheme == "IOB2":
                tags[i] = f"{'B' if start else 'I'}-{typ}"
            elif scheme == "IOB1":
                tags[i] = f"{'B' if start and previous_end == first and previous_type == typ else 'I'}-{typ}"
            elif scheme == "IOE2":
                tags[i] = f"{'E' if end else 'I'}-{typ}"
            else:
                s, b, m, e = ("S", "B", "I", "E") if scheme == "IOBES" else ("U", "B", "I", "L")
                tags[i] = f"{s if single else b if start else e if end else m}-{typ}"
        previous_end, previous_type = last, typ
    return tags


@st.composite
def tagged(draw):
    n = draw(st.integers(0, 14))
    spans, i = [], 0
    while i < n:
        if draw(st.booleans()):
            length = draw(st.integers(1, min(3, n - i)))
            spans.append((i, i + length, draw(st.sampled_from(TYPES))))
            i += length
        else:
            i += draw(st.integers(1, 2))
    return n, [s for s in spans if s[1] <= n]


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@settings(max_examples=150, deadline=None)
@given(data=tagged())
def test_decode_inverts_encode_and_equals_seqeval_strict(scheme, data):
    n, spans = data
    tags = encode(n, spans, scheme)
    found, violation = decode(tags, scheme)
    assert violation is None and found == sorted(spans)
    reference = seqeval_scheme.Entities([tags], getattr(seqeval_scheme, scheme)).entities[0]
    assert sorted((e.start, e.end, e.tag) for e in reference) == found


@pytest.mark.parametrize("scheme, tags, index", [
    ("IOB2", ["O", "I-PERS"], 1),
    ("IOB1", ["O", "B-PERS"], 1),
    ("IOE2", ["I-PERS", "O"], 0),
    ("IOE2", ["I-PERS"], 0),
    ("IOBES", ["B-PERS", "O"], 0),
    ("IOBES", ["I-PERS"], 0),
    ("IOBES", ["B-PERS", "E-GPE"], 1),
    ("BILOU", ["B-PERS", "U-PERS"], 0),
    ("BILOU", ["E-PERS"], 0),
])
def test_a_sequence_that_breaks_its_scheme_is_reported(scheme, tags, index):
    found, violation = decode(tags, scheme)
    assert violation is not None and violation[0] == index


@pytest.fixture(scope="module")
def gold_spans():
    """Per sentence of the ner config: its id, length and outermost gold mentions as token spans."""
    from harness.core.views import outermost
    from harness.io.predictions import sentence_id

    out = []
    for doc in benchmark().documents:
        for i, s in enumerate(doc.sentences):
            toks = doc.sentence_tokens(i)
            index = {t.start: k for k, t in enumerate(toks)}
            ends = {t.end: k for k, t in enumerate(toks)}
            mentions = outermost([(x.start, x.end, x.type) for x in doc.spans if s.start <= x.start < s.end])
            out.append((sentence_id(doc.id, i), len(toks), [(index[a], ends[b] + 1, t) for a, b, t in mentions]))
    return out


@pytest.mark.parametrize("scheme", ["IOBES", "BILOU", "IOE2", "IOB1"])
def test_declared_scheme_predictions_score_as_the_gold(tmp_path, capsys, gold_spans, scheme):
    path = tmp_path / "tags.jsonl"
    path.write_text("".join(json.dumps({"id": i, "tags": encode(n, spans, scheme)}) + "\n"
                            for i, n, spans in gold_spans), encoding="utf-8")
    assert main(["score", str(path), "--name", "t", "--resamples", "0", "--format", "json",
                 "--predictions-scheme", scheme]) == 0
    assert json.loads(capsys.readouterr().out)["overall"]["all"]["ner_flat"]["f1"] == 1.0
    if scheme in ("IOBES", "BILOU"):  # undeclared, the same file is an error: its S-/U- tags are not IOB2
        assert main(["score", str(path), "--name", "t", "--resamples", "0"]) == 2
        err = capsys.readouterr().err
        assert "expected valid IOB2" in err and "--predictions-scheme" in err


def test_integer_class_label_ids_are_read_with_the_ner_config_names(tmp_path, capsys):
    import harness

    ner = harness.load_dataset("ner")
    path = tmp_path / "ids.jsonl"
    path.write_text("".join(json.dumps({"id": r["id"], "tags": r["ner_tags"]}) + "\n" for r in ner), encoding="utf-8")
    assert main(["score", str(path), "--name", "ids", "--resamples", "0", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"]["all"]["ner_flat"]["f1"] == 1.0
    path.write_text(json.dumps({"id": ner[0]["id"], "tags": [999] * len(ner[0]["ner_tags"])}) + "\n", encoding="utf-8")
    assert main(["score", str(path), "--name", "ids", "--resamples", "0", "--allow-missing"]) == 2
    assert "int2str" in capsys.readouterr().err


def test_a_scheme_for_offset_predictions_is_refused(tmp_path, capsys):
    from harness.io.predictions import write_jsonl
    from harness.core.types import Prediction

    path = tmp_path / "p.jsonl"
    write_jsonl(path, [Prediction(d.id) for d in benchmark().documents])
    assert main(["score", str(path), "--name", "x", "--predictions-scheme", "IOBES"]) == 2
    assert "--predictions-scheme applies to tags and CoNLL predictions" in capsys.readouterr().err
