"""Predictions files: both formats read correctly, every malformed kind fails cleanly.

Each malformed file must end with exit status 2 and one message per problem
naming the file and line; none may end in a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.cli.main import main
from harness.gold.data import load_gold
from harness.io.predictions import read_jsonl, read_tags, sentence_id, write_jsonl
from harness.systems.run import without_gold
from tests.conftest import ROOT

DOCS, _ = load_gold()
D0 = DOCS[0].id


def gold_lines() -> list[dict]:
    out = []
    for d in DOCS:
        index = {s: i for i, s in enumerate(d.spans)}
        out.append({
            "doc_id": d.id,
            "entities": [{"start": s.start, "end": s.end, "type": s.type} for s in d.spans],
            "relations": [{"head": index[r.head], "tail": index[r.tail], "type": r.type} for r in d.relations],
        })
    return out


def write(tmp_path: Path, lines, name="pred.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join((l if isinstance(l, str) else json.dumps(l, ensure_ascii=False)) + "\n" for l in lines),
                    encoding="utf-8")
    return path


def gold_tag_lines() -> list[dict]:
    from harness.core.views import outermost, to_iob2

    out = []
    for d in DOCS:
        for i, s in enumerate(d.sentences):
            mentions = [(x.start, x.end, x.type) for x in d.spans if s.start <= x.start < s.end]
            out.append({"id": sentence_id(d.id, i), "tags": to_iob2(outermost(mentions), d.sentence_tokens(i))})
    return out


def test_gold_as_jsonl_round_trips(tmp_path):
    preds = read_jsonl(write(tmp_path, gold_lines()), DOCS)
    assert [p.spans for p in preds] == [d.spans for d in DOCS]
    assert [set(r.key() for r in p.relations) for p in preds] == [set(r.key() for r in d.relations) for d in DOCS]
    write_jsonl(tmp_path / "again.jsonl", preds)
    again = read_jsonl(tmp_path / "again.jsonl", DOCS)
    assert [p.spans for p in again] == [p.spans for p in preds]
    assert [sorted(r.key() for r in p.relations) for p in again] == [sorted(r.key() for r in p.relations) for p in preds]


def test_gold_as_tags_reads_as_the_outermost_mentions(tmp_path):
    from harness.core.views import outermost

    preds = read_tags(write(tmp_path, gold_tag_lines()), DOCS)
    for p, d in zip(preds, DOCS):
        assert [(s.start, s.end, s.type) for s in p.spans] == outermost([(s.start, s.end, s.type) for s in d.spans])


def test_label_map_maps_and_drops(tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("PER: PERS\nJUNK: null\n", encoding="utf-8")
    from harness.io.labelmap import load_label_map

    line = {"doc_id": D0, "entities": [{"start": 52, "end": 60, "type": "PER"}, {"start": 76, "end": 85, "type": "JUNK"}],
            "relations": [{"head": 0, "tail": 1, "type": "MEET"}]}
    preds = read_jsonl(write(tmp_path, [line]), DOCS, load_label_map(str(mapping)), allow_missing=True)
    assert preds[0].spans[0].type == "PERS" and len(preds[0].spans) == 1
    assert preds[0].relations == ()


def _entity_line(**entity):
    return {"doc_id": D0, "entities": [{"start": 141, "end": 147, "type": "GPE", **entity}]}


JSONL_CASES = [
    ("invalid JSON", ['{"doc_id": "' + D0 + '", "entities": ['], 1, "invalid JSON"),
    ("not an object", ["[1, 2]"], 1, "found <list>"),
    ("unknown doc_id", [{"doc_id": D0[:-1] + "x", "entities": []}], 1, "did you mean"),
    ("duplicate doc_id", [{"doc_id": D0}, {"doc_id": D0}], 2, "first on line 1"),
    ("offsets out of range", [_entity_line(start=141, end=99999)], 1, "0 <= start < end <= 3307"),
    ("reversed offsets", [_entity_line(start=147, end=141)], 1, "0 <= start < end"),
    ("negative offset", [_entity_line(start=-1)], 1, "0 <= start < end"),
    ("offsets not integers", [_entity_line(start="141")], 1, "expected integers"),
    ("text mismatch", [_entity_line(text="طوكيو")], 1, "raw[141:147] = 'واشنطن'"),
    ("unknown type", [_entity_line(type="PERSON")], 1, "did you mean 'PERS'"), 
    ("duplicate entity", [{"doc_id": D0, "entities": [{"start": 141, "end": 147, "type": "GPE"}] * 2}], 1, "same as entities[0]"),
    ("relation index out of range",
     [{**_entity_line(), "relations": [{"head": 0, "tail": 5, "type": "MEET"}]}], 1, "an index into this line's 1 entities"),
    ("relation type outside the scheme",
     [{"doc_id": D0, "entities": [{"start": 141, "end": 147, "type": "GPE"}, {"start": 148, "end": 154, "type": "GPE"}],
       "relations": [{"head": 0, "tail": 1, "type": "MEETS"}]}], 1, "did you mean 'MEET'"),
    ("duplicate key", ['{"doc_id": "' + D0 + '", "doc_id": "' + D0 + '"}'], 1, "key 'doc_id' twice"),
    ("entities not a list", [{"doc_id": D0, "entities": {"start": 1}}], 1, "entities: expected a list"),
]


@pytest.mark.parametrize(("name", "lines", "line", "fragment"), JSONL_CASES, ids=[c[0] for c in JSONL_CASES])
def test_malformed_jsonl_exits_2_naming_the_line(tmp_path, capsys, name, lines, line, fragment):
    path = write(tmp_path, lines)
    assert main(["score", str(path), "--name", "x", "--allow-missing", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}:" in err
    assert fragment in err


def test_missing_documents_are_an_error_unless_allowed(tmp_path, capsys):
    path = write(tmp_path, gold_lines()[:2])
    assert main(["score", str(path), "--name", "x", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert "3 missing" in err and "--allow-missing" in err
    assert main(["score", str(path), "--name", "x", "--resamples", "0", "--allow-missing", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert 0 < record["overall"]["all"]["ner_strict"]["recall"] < 1
    assert record["overall"]["all"]["ner_strict"]["precision"] == 1.0


TAG_CASES = [
    ("wrong length", lambda lines: [{**lines[0], "tags": lines[0]["tags"][:-1]}], "one per canonical token"),
    ("I after O", lambda lines: [{**lines[10], "tags": ["I-GPE"] + lines[10]["tags"][1:]}], "I-GPE after the start"),
    ("bad tag", lambda lines: [{**lines[10], "tags": ["X-GPE"] + lines[10]["tags"][1:]}], "is not O, B-TYPE or I-TYPE"),
    ("type outside the set", lambda lines: [{**lines[10], "tags": ["B-CITY"] + lines[10]["tags"][1:]}], "'CITY'"),
    ("unknown id", lambda lines: [{"id": "nope-001", "tags": []}], "expected an id of the gold being scored (ids like"),
]


@pytest.mark.parametrize(("name", "make", "fragment"), TAG_CASES, ids=[c[0] for c in TAG_CASES])
def test_malformed_tags_exit_2_naming_the_line(tmp_path, capsys, name, make, fragment):
    path = write(tmp_path, make(gold_tag_lines()))
    assert main(["score", str(path), "--name", "x", "--allow-missing", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1:" in err
    assert fragment in err


def test_invalid_iob2_is_reported_not_repaired(tmp_path, capsys):
    lines = gold_tag_lines()
    tags = lines[10]["tags"]
    assert tags[0].startswith("B-") and tags[1].startswith("B-")  # واشنطن وطوكيو
    lines[10] = {**lines[10], "tags": [tags[0], "I-ORG", *tags[2:]]}
    path = write(tmp_path, lines)
    assert main(["score", str(path), "--name", "x", "--resamples", "0"]) == 2
    assert f"{path}:11: {lines[10]['id']}: tags[1]: expected valid IOB2, found <I-ORG after B-GPE>" in capsys.readouterr().err


def test_non_utf8_and_empty_files(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"doc_id": "\xff"}\n')
    assert main(["score", str(bad), "--name", "x"]) == 2
    assert "encoding: expected UTF-8" in capsys.readouterr().err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    assert main(["score", str(empty), "--name", "x"]) == 2
    assert "empty file" in capsys.readouterr().err
    assert main(["score", str(tmp_path / "absent.jsonl"), "--name", "x"]) == 2
    assert "expected an existing file or folder, found <missing>" in capsys.readouterr().err


def test_bom_and_blank_lines_are_accepted(tmp_path):
    path = tmp_path / "bom.jsonl"
    lines = [json.dumps(x, ensure_ascii=False) for x in gold_lines()]
    path.write_bytes(b"\xef\xbb\xbf" + ("\n\n".join(lines) + "\n").encode("utf-8"))
    assert [p.spans for p in read_jsonl(path, DOCS)] == [d.spans for d in DOCS]


def test_no_traceback_from_the_console_script(tmp_path):
    path = write(tmp_path, ['{"doc_id": 3'])
    result = subprocess.run([sys.executable, "-m", "harness.cli.main", "score", str(path), "--name", "x"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{path}:1:" in result.stderr


def test_systems_never_see_the_gold():
    visible = without_gold(DOCS)
    assert all(not d.spans and not d.relations for d in visible)
    assert [(d.id, d.text, d.tokens, d.sentences) for d in visible] == [(d.id, d.text, d.tokens, d.sentences) for d in DOCS]


def test_readme_examples_are_valid(tmp_path):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", readme, flags=re.S)
    jsonl = [line for line in blocks[0].splitlines() if line.strip()]
    tags = [line for line in blocks[1].splitlines() if line.strip()]
    preds = read_jsonl(write(tmp_path, jsonl, "a.jsonl"), DOCS, allow_missing=True)
    assert preds[0].relations[0].type == "MEET"
    assert read_tags(write(tmp_path, tags, "b.jsonl"), DOCS, allow_missing=True)[0].spans == preds[0].spans
