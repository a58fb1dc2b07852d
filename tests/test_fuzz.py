"""Fuzzing the prediction readers: malformed files of every kind end in a clean error.

Deterministic (derandomised hypothesis), bounded (1,200 files, a deadline per
file). Each file must either read or raise :class:`InputError`; anything else
(a traceback) or a hang fails the test.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import harness.io.formats as formats
import harness.io.predictions as predictions
from harness.cli.main import main
from harness.gold.data import load_gold
from harness.core.errors import InputError

DOCS, _ = load_gold()
IDS = [d.id for d in DOCS]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)


@st.composite
def entity(draw):
    start = draw(st.integers(-5, 4000) | st.sampled_from([0, 10**20, -(10**20)]))
    return {
        "start": draw(st.just(start) | json_values),
        "end": draw(st.integers(-5, 4000) | json_values),
        "type": draw(st.sampled_from(["GPE", "PERS", "PERSON", "gpe", ""]) | json_values),
    }


@st.composite
def document_line(draw):
    line = {
        "doc_id": draw(st.sampled_from(IDS) | st.text(max_size=10) | json_values),
        "entities": draw(st.lists(entity(), max_size=4) | json_values),
        "relations": draw(st.lists(st.fixed_dictionaries({
            "head": st.integers(-2, 6) | json_values, "tail": st.integers(-2, 6) | json_values,
            "type": st.sampled_from(["MEET", "ROLE", "meet"]) | json_values}), max_size=3) | json_values),
    }
    return json.dumps(line, ensure_ascii=draw(st.booleans())).encode("utf-8")


@st.composite
def tag_line(draw):
    return json.dumps({
        "id": draw(st.sampled_from([f"{i}-{k:03d}" for i in IDS for k in range(3)]) | json_values),
        "tags": draw(st.lists(st.sampled_from(["O", "B-GPE", "I-GPE", "I-PERS", "B-", "X"]), max_size=12) | json_values),
    }).encode("utf-8")


def corrupt(draw, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["truncate", "bytes", "bom", "blank", "dup", "deep", "nan", "none"]))
    if kind == "truncate" and data:
        return data[: draw(st.integers(0, len(data)))]
    if kind == "bytes":
        pos = draw(st.integers(0, len(data)))
        return data[:pos] + draw(st.binary(min_size=1, max_size=4)) + data[pos:]
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "blank":
        return b"\n \n\t\n" + data
    if kind == "dup" and data.startswith(b"{"):
        return b'{"doc_id": 1, ' + data[1:]
    if kind == "deep":
        depth = draw(st.integers(10, 3000))
        return b"[" * depth + b"]" * depth
    if kind == "nan":
        return data.replace(b"0", b"NaN", 1).replace(b"1", b"1e999", 1)
    return data


@st.composite
def malformed_file(draw):
    lines = draw(st.lists(document_line() | tag_line(), min_size=0, max_size=5))
    lines = [corrupt(draw, line) if draw(st.booleans()) else line for line in lines]
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n", b"\r\n"]))


@settings(max_examples=1200, deadline=5000, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(malformed_file(), st.sampled_from(["auto", "jsonl", "tags"]), st.booleans())
def test_malformed_predictions_end_in_a_clean_error(tmp_path_factory, content, fmt, allow_missing):
    path = tmp_path_factory.mktemp("fuzz") / "p.jsonl"
    path.write_bytes(content)
    try:
        result = formats.read_predictions(path, DOCS, fmt, allow_missing=allow_missing)
    except InputError as err:
        assert err.problems and all(str(p) for p in err.problems)
    else:
        assert [p.doc_id for p in result] == IDS


def test_line_length_guard(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(predictions, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "long.jsonl"
    path.write_bytes(b'{"doc_id": "' + b"x" * 5000 + b'"}\n')
    assert main(["score", str(path), "--name", "x", "--predictions-format", "jsonl"]) == 2
    assert "at most 1000 bytes" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xff\xfe", b"{", b"[]", b"null", b'"x"', b"#\tO"])
def test_degenerate_files_through_the_cli(tmp_path, capsys, content):
    path = tmp_path / "p.jsonl"
    path.write_bytes(content)
    assert main(["score", str(path), "--name", "x"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(path) in err
