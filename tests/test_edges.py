"""The edges of every input path: each ends in exit 2 naming the path, within bounded time and memory.

Cases that could hang or exhaust memory (pipes, devices) run in a child process
with a timeout; the rest run in process. A seeded fuzz over the same classes
keeps the suite bounded and deterministic.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys

import pytest

from harness.cli.main import main
from harness.core.types import Prediction
from harness.gold.source import benchmark
from harness.io.predictions import write_jsonl
from tests.conftest import ROOT

DOCS = benchmark().documents
D0 = DOCS[0].id
HUGE = "9" * 5000  # past Python's 4,300-digit limit for int <-> str conversion
RECORD = ROOT / "results" / "rules.json"


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.jsonl"
    write_jsonl(path, [Prediction(d.id, d.spans) for d in DOCS])
    return path


def run_cli(*args, timeout=60, cwd=None):
    """The command in a child process (bounded time); returns it and the child's peak memory in bytes."""
    result = subprocess.run([sys.executable, "-m", "harness.cli.main", *args], capture_output=True, text=True,
                            timeout=timeout, cwd=cwd or ROOT)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return result, peak


# -- integers beyond the conversion limit -------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    '{"doc_id": "%s", "entities": [{"start": %s, "end": 5, "type": "GPE"}]}' % (D0, HUGE),
    '{"doc_id": "%s", "entities": [{"start": 0, "end": 5, "type": "GPE"}], "relations": [{"head": %s, "tail": 0, '
    '"type": "MEET"}]}' % (D0, HUGE),
    '{"doc_id": %s, "entities": []}' % HUGE,
    '{"id": %s, "tags": []}' % HUGE,
])
def test_huge_integers_in_jsonl_and_tags(tmp_path, capsys, line):
    path = tmp_path / "p.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    assert main(["score", str(path), "--name", "x", "--allow-missing", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "4300" in err and len(err) < 2000


def test_huge_integers_in_brat_offsets(tmp_path, capsys):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / f"{D0}.ann").write_text(f"T1\tGPE {HUGE} {HUGE}\tx\n", encoding="utf-8")
    assert main(["score", str(folder), "--name", "x", "--allow-missing", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert f"{D0}.ann:1: T1: offsets: expected offsets of at most 18 digits" in err and len(err) < 2000


def test_huge_integers_on_export(tmp_path, capsys):
    path = tmp_path / "p.jsonl"
    path.write_text('{"doc_id": "%s", "entities": [{"start": %s, "end": 1, "type": "GPE"}]}\n' % (D0, HUGE))
    assert main(["export", str(path), "--to", "conll", "--out", str(tmp_path / "x.conll"), "--allow-missing"]) == 2
    assert str(path) in capsys.readouterr().err


# -- label maps -----------------------------------------------------------------------------------------------

LAUGHS = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))


@pytest.mark.parametrize("content, fragment", [
    (LAUGHS, "no anchors or aliases"),
    ("big: &big " + "[" + ", ".join(["PERS"] * 1000) + "]\n" + "".join(f"k{i}: *big\n" for i in range(1000)),
     "no anchors or aliases"),
    ("a: " + "[" * 2000 + "]" * 2000 + "\n", "levels of nesting"),
    ("true: PERS\n", "quote it: 'true'"),
    ("null: PERS\n", "quote it: 'null'"),
    ("1: PERS\n", "quote it: '1'"),
    ("PER: PERSON\n", "a benchmark entity type or null"),
    ("- PERS\n", "a mapping"),
    ("\xff\xfe", "UTF-8"),
])
def test_label_map_edges(tmp_path, capsys, good, content, fragment):
    path = tmp_path / "map.yaml"
    path.write_bytes(content.encode("latin-1") if content == "\xff\xfe" else content.encode("utf-8"))
    assert main(["score", str(good), "--name", "x", "--label-map", str(path), "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and fragment in err, err


# -- special files and odd paths ----------------------------------------------------------------------------

@pytest.mark.parametrize("flag", ["predictions", "--gold", "--given-gold", "--label-map"])
def test_a_device_is_refused_at_once(flag, good):
    args = {"predictions": ["score", "/dev/zero", "--name", "x"],
            "--gold": ["score", str(good), "--name", "x", "--gold", "/dev/zero"],
            "--given-gold": ["score", str(good), "--name", "x", "--given-gold", "/dev/zero"],
            "--label-map": ["score", str(good), "--name", "x", "--label-map", "/dev/zero"]}[flag]
    result, peak = run_cli(*args, "--resamples", "0", timeout=10)
    assert result.returncode == 2, result.stderr
    assert "/dev/zero" in result.stderr and "a character device" in result.stderr
    assert peak < 1024**3


def test_a_named_pipe_without_a_writer_does_not_hang(tmp_path):
    fifo = tmp_path / "p.jsonl"
    os.mkfifo(fifo)
    result, _ = run_cli("score", str(fifo), "--name", "x", "--resamples", "0", timeout=10)
    assert result.returncode == 2 and "empty file" in result.stderr


def test_process_substitution_is_read_once(tmp_path, good):
    command = f"{sys.executable} -m harness.cli.main score <(cat {good}) --name x --resamples 0 --format json"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["overall"]["all"]["ner_strict"]["f1"] == 1.0


@pytest.mark.parametrize("make, fragment", [
    (lambda folder: (folder / f"{D0}.ann").mkdir(), "expected a file, found <a folder>"),
    (lambda folder: (folder / f"{D0}.ann").symlink_to(folder / f"{D0}.ann"), "Too many levels of symbolic links"),
])
def test_brat_ann_that_is_not_a_file(tmp_path, capsys, make, fragment):
    folder = tmp_path / "brat"
    folder.mkdir()
    make(folder)
    assert main(["score", str(folder), "--name", "x", "--allow-missing", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert f"{D0}.ann" in err and fragment in err


def test_an_empty_path_is_refused(capsys):
    assert main(["score", "", "--name", "x"]) == 2
    assert "expected a path, found ''" in capsys.readouterr().err


def test_a_conll_file_missing_one_sent_id_is_reported_as_conll(tmp_path, capsys):
    path = tmp_path / "p.conll"
    assert main(["export", "gold", "--to", "conll", "--out", str(path)]) == 0
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("# sent_id"))
    path.write_text("\n".join(lines[:first] + lines[first + 1:]), encoding="utf-8")  # the first sentence loses it
    capsys.readouterr()
    assert main(["score", str(path), "--name", "x", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert "JSON" not in err and "sent_id" in err


# -- output paths ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("option, target, fragment", [
    ("--out", "folder", "an existing folder"),
    ("--out", "under-file", "is a file"),
    ("--out", "", "expected a path"),
    ("--report", "file", "an existing file"),
    ("--report", "under-file", "is a file"),
    ("--report", "", "expected a path"),
])
def test_unwritable_outputs_are_refused_before_the_work(tmp_path, capsys, good, option, target, fragment):
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    path = {"folder": str(tmp_path / "folder"), "file": str(tmp_path / "file"),
            "under-file": str(tmp_path / "file" / "r.json"), "": ""}[target]
    assert main(["score", str(good), "--name", "x", option, path, "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert fragment in err
    assert main(["run", "rules", option, path, "--resamples", "0"]) == 2
    assert fragment in capsys.readouterr().err


def test_export_onto_a_file_under_a_file_is_refused(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["export", "gold", "--to", "brat", "--out", str(tmp_path / "file")]) == 2
    assert "an existing file" in capsys.readouterr().err
    assert main(["export", "gold", "--to", "conll", "--out", str(tmp_path / "file" / "x.conll")]) == 2
    assert "is a file" in capsys.readouterr().err


# -- result records ---------------------------------------------------------------------------------------

def tampered(change):
    raw = json.loads(RECORD.read_text(encoding="utf-8"))
    change(raw)
    return raw


RECORD_CASES = [
    ("an array", [], "expected a tahalof-result/2 JSON object"),
    ("null", None, "expected a tahalof-result/2 JSON object"),
    ("a string", "record", "expected a tahalof-result/2 JSON object"),
    ("deep nesting", "DEEP", "nesting too deep"),
    ("truncated units", tampered(lambda r: r["units"]["counts"].update(ner_strict=r["units"]["counts"]["ner_strict"][:5])),
     "units.counts.ner_strict"),
    ("a string f1", tampered(lambda r: r["overall"]["all"]["ner_strict"].update(f1="0.8")), "between 0 and 1"),
    ("an f1 of 7.5", tampered(lambda r: r["overall"]["all"]["ner_strict"].update(f1=7.5)), "between 0 and 1"),
    ("a NaN f1", tampered(lambda r: r["overall"]["all"]["ner_strict"].update(f1=float("nan"))), "between 0 and 1"),
    ("negative counts", tampered(lambda r: r["overall"]["all"]["ner_strict"]["counts"].update(fp=-1)),
     "a non-negative integer"),
    ("scores its counts contradict", tampered(lambda r: r["overall"]["all"]["ner_flat"].update(precision=0.5)),
     "(what its counts give)"),
]


@pytest.mark.parametrize("name, content, fragment", RECORD_CASES, ids=[c[0] for c in RECORD_CASES])
def test_malformed_records_are_refused_by_compare_and_leaderboard(tmp_path, capsys, name, content, fragment):
    results = tmp_path / "results"
    results.mkdir()
    path = results / "bad.json"
    if content == "DEEP":
        path.write_text("[" * 200000 + "]" * 200000, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    assert main(["compare", str(RECORD), str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and fragment in err, err
    assert main(["leaderboard", "--results-dir", str(results), "--out", str(tmp_path / "board.md")]) == 2
    assert fragment in capsys.readouterr().err


def test_long_values_are_cut_in_messages(tmp_path, capsys):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"doc_id": "x" * 3_000_000, "entities": []}) + "\n", encoding="utf-8")
    assert main(["score", str(path), "--name", "x", "--allow-missing", "--resamples", "0"]) == 2
    err = capsys.readouterr().err
    assert "characters in all" in err and len(err) < 5000


# -- a seeded fuzz over the same classes -----------------------------------------------------------------------

def _variants(seed: int, n: int = 40):
    """Deterministic malformed inputs of every in-process class above."""
    rng = random.Random(seed)
    for i in range(n):
        kind = rng.choice(["int", "yaml", "record", "brat", "device", "fifo", "output", "ann"])
        digits = "9" * rng.choice([4301, 5000, 20000])
        if kind == "int":
            field = rng.choice(["start", "end"])
            ent = {"start": 0, "end": 5, "type": "GPE"}
            text = json.dumps({"doc_id": D0, "entities": [ent]}).replace(f'"{field}": {ent[field]}', f'"{field}": {digits}')
            yield i, kind, text
        elif kind == "yaml":
            depth = rng.randint(9, 3000)
            yield i, kind, rng.choice([LAUGHS, "a: " + "{b: " * depth + "c" + "}" * depth,
                                        f"{rng.choice(['true', 'false', 'null', '1', '2.5', '~'])}: PERS\n"])
        elif kind == "record":
            raw = json.loads(RECORD.read_text(encoding="utf-8"))
            view = rng.choice(["ner_strict", "ner_flat", "ner_coarse"])
            key = rng.choice(["precision", "recall", "f1"])
            raw["overall"]["all"][view][key] = rng.choice([7.5, -0.1, "x", None, [1], 1e308])
            yield i, kind, json.dumps(raw)
        elif kind == "brat":
            yield i, kind, f"T1\tGPE {digits} 5\tx\n"
        elif kind == "device":
            yield i, kind, rng.choice(["/dev/zero", "/dev/null", "/dev/urandom"]) + "|" + rng.choice(
                ["predictions", "--gold", "--given-gold", "--label-map"])
        elif kind == "fifo":
            yield i, kind, rng.choice(["predictions", "--given-gold", "--gold"])
        elif kind == "output":
            yield i, kind, rng.choice(["--out", "--report"]) + "|" + rng.choice(["folder", "file", "under-file", ""])
        else:
            yield i, kind, rng.choice(["folder", "loop"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_seeded_fuzz_of_the_edges(tmp_path, capsys, good, seed):
    """Every class: integers, YAML, records, brat offsets and files, devices, pipes, output paths."""
    seen = set()
    for i, kind, content in _variants(seed):
        seen.add(kind)
        named = None
        case = tmp_path / f"{seed}-{i}"
        case.mkdir()
        if kind == "int":
            (case / "p.jsonl").write_text(content + "\n", encoding="utf-8")
            argv = ["score", str(case / "p.jsonl"), "--name", "x", "--allow-missing", "--resamples", "0"]
        elif kind == "yaml":
            (case / "m.yaml").write_text(content, encoding="utf-8")
            argv = ["score", str(good), "--name", "x", "--label-map", str(case / "m.yaml"), "--resamples", "0"]
        elif kind == "record":
            (case / "r.json").write_text(content, encoding="utf-8")
            argv = ["compare", str(RECORD), str(case / "r.json")]
        elif kind == "brat":
            (case / "brat").mkdir()
            (case / "brat" / f"{D0}.ann").write_text(content, encoding="utf-8")
            argv = ["score", str(case / "brat"), "--name", "x", "--allow-missing", "--resamples", "0"]
        elif kind == "device":
            device, flag = content.split("|")
            argv = (["score", device, "--name", "x"] if flag == "predictions"
                    else ["score", str(good), "--name", "x", flag, device]) + ["--resamples", "0"]
            named = device
        elif kind == "fifo":
            os.mkfifo(case / "pipe")  # nobody writes: read as empty at once, never waited on
            argv = (["score", str(case / "pipe"), "--name", "x"] if content == "predictions"
                    else ["score", str(good), "--name", "x", content, str(case / "pipe")]) + ["--resamples", "0"]
        elif kind == "output":
            option, target = content.split("|")
            (case / "folder").mkdir()
            (case / "file").write_text("x", encoding="utf-8")
            path = {"folder": case / "folder", "file": case / "file", "under-file": case / "file" / "o", "": ""}[target]
            if option == "--out" and target == "file" or option == "--report" and target == "folder":
                path = case / "file" / "deeper" / "o"  # those two are valid targets: make it one under a file
            argv = ["score", str(good), "--name", "x", option, str(path), "--resamples", "0"]
            named = str(case) if target else "expected a path"
        else:
            (case / "brat").mkdir()
            ann = case / "brat" / f"{D0}.ann"
            ann.mkdir() if content == "folder" else ann.symlink_to(ann)
            argv = ["score", str(case / "brat"), "--name", "x", "--allow-missing", "--resamples", "0"]
        assert main(argv) == 2, (kind, content[:200])
        err = capsys.readouterr().err
        where = named if kind in ("device", "output") else str(case)
        assert where in err and "Traceback" not in err and len(err) < 20000, (kind, content[:100], err[:500])
    assert len(seen) >= 6  # 40 draws cover most classes; the three seeds together cover all
