"""The gold validator: every kind of corruption gets a precise message.

Each case corrupts a copy of the gold (000_a13afac072b68dd1.ann) and checks
that validation fails naming the file, the line, the annotation id and what
is wrong.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dataset.sources import load_all
from harness.core.errors import InputError
from tests.conftest import ROOT

DOC = "000_a13afac072b68dd1"


def _edit(root: Path, transform) -> Path:
    path = root / "annotations" / f"{DOC}.ann"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(transform(lines)), encoding="utf-8")
    return path


def _replace_line(prefix: str, new: str):
    def transform(lines):
        return [new if line.startswith(prefix + "\t") else line for line in lines]

    return transform


def _append(*extra: str):
    def transform(lines):
        return [line for line in lines if line] + list(extra) + [""]

    return transform


def _line_of(root: Path, ann_id: str) -> int:
    """The line of the last annotation with this id (an appended one, if any)."""
    lines = (root / "annotations" / f"{DOC}.ann").read_text(encoding="utf-8").split("\n")
    return max(i for i, line in enumerate(lines, start=1) if line.split(None, 1)[:1] == [ann_id])


CASES = [
    # (name, transform, annotation id, expected fragment)
    ("offsets out of range", _replace_line("T1", "T1\tDATE 3300 3400\tx"), "T1", "0 <= start < end <= 3307"),
    ("reversed offsets", _replace_line("T1", "T1\tDATE 22 0\tx"), "T1", "0 <= start < end"),
    ("text differs from raw", _replace_line("T11", "T11\tGPE 141 147\tطوكيو"), "T11", "raw[141:147] = 'واشنطن'"),
    ("not word-aligned", _replace_line("T12", "T12\tGPE 149 154\tطوكيو"), "T12", "token start"),
    ("ends on punctuation", _replace_line("T1", "T1\tDATE 0 7\tالخميس،"), "T1", "punctuation"),
    ("partial overlap", _append("T900\tOCC 373 404\tالخارجية الأمريكي أنتوني بلينكن"), "T900", "partial overlap"),
    ("duplicate mention", _append("T900\tGPE 141 147\tواشنطن"), "T900", "duplicate of T11"),
    ("unknown entity type", _replace_line("T11", "T11\tCITY 141 147\tواشنطن"), "T11", "'CITY'"),
    ("unknown relation type", _replace_line("R1", "R1\tMEETS Arg1:T11 Arg2:T12"), "R1", "'MEETS'"),
    ("argument types", _replace_line("R3", "R3\tROLE Arg1:T22 Arg2:T21"), "R3", "PERS -> NORP"),
    ("different sentences", _append("R900\tPHYS Arg1:T4 Arg2:T11"), "R900", "mentions of one sentence"),
    ("symmetric head after tail", _replace_line("R1", "R1\tMEET Arg1:T12 Arg2:T11"), "R1", "earlier mention as Arg1"),
    ("symmetric stored twice", _append("R900\tMEET Arg1:T11 Arg2:T12"), "R900", "already stored as R1"),
    ("directed stored twice", _append("R900\tROLE Arg1:T22 Arg2:T20"), "R900", "already stored as R3"),
    ("dangling id", _replace_line("R1", "R1\tMEET Arg1:T11 Arg2:T999"), "R1", "'T999'"),
    ("same mention twice", _replace_line("R1", "R1\tMEET Arg1:T11 Arg2:T11"), "R1", "two different mentions"),
    ("reused id", _append("T11\tGPE 148 154\tوطوكيو"), "T11", "id not used before"),
    ("malformed line", _append("T900 GPE 141 147 واشنطن"), "T900", "'T<n>"),
    ("discontinuous span", _append("T900\tGPE 141 147;148 154\tواشنطن وطوكيو"), "T900", "'T<n>"),
]


@pytest.mark.parametrize(("name", "transform", "ann_id", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_corruption_is_reported_precisely(gold_copy, name, transform, ann_id, fragment):
    _edit(gold_copy, transform)
    line = _line_of(gold_copy, ann_id)
    with pytest.raises(InputError) as info:
        load_all(gold_copy / "seeds", gold_copy / "annotations")
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 1, messages
    message = messages[0]
    assert f"{DOC}.ann:{line}:" in message
    assert f" {ann_id}:" in message
    assert fragment in message


def test_missing_zone_is_reported(gold_copy):
    zones = gold_copy / "annotations" / f"{DOC}.zones.yaml"
    zones.write_text(
        zones.read_text(encoding="utf-8").replace("- {lines: 27-28, zone: body}         # byline\n", ""),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_all(gold_copy / "seeds", gold_copy / "annotations")
    (message,) = [str(p) for p in info.value.problems]
    assert f"{DOC}.zones.yaml" in message
    assert "exactly one zone covering line 27" in message
    assert "'أيمن عبدالمنعم'" in message


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        ("- {lines: 1-61, zone: article}", "'article'"),
        ("- {lines: x-2, zone: body}", "FIRST-LAST"),
        ("- {line: 1-2, zone: body}", "keys 'lines' and 'zone'"),
        ("- {lines: 1-61, zone: body}", "<2 zones>"),
    ],
)
def test_malformed_zones_are_reported(gold_copy, entry, fragment):
    zones = gold_copy / "annotations" / f"{DOC}.zones.yaml"
    zones.write_text(zones.read_text(encoding="utf-8") + entry + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_all(gold_copy / "seeds", gold_copy / "annotations")
    assert any(fragment in str(p) for p in info.value.problems), info.value.problems


def test_annotation_without_seed_is_reported(gold_copy):
    (gold_copy / "annotations" / "999_unknown.ann").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="999_unknown"):
        load_all(gold_copy / "seeds", gold_copy / "annotations")


def test_check_command_exits_1_with_readable_message_and_no_traceback(gold_copy):
    _edit(gold_copy, _replace_line("T11", "T11\tGPE 141 147\tطوكيو"))
    _edit(gold_copy, _append("R900\tMEET Arg1:T18 Arg2:T19"))
    result = subprocess.run(
        [sys.executable, "-m", "dataset.build", "--check",
         "--seeds", str(gold_copy / "seeds"), "--annotations", str(gold_copy / "annotations")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{DOC}.ann:11: T11: text: expected raw[141:147] = 'واشنطن', found 'طوكيو'" in result.stderr
    assert "R900: relation: expected one MEET per pair" in result.stderr
    assert "2 problem(s) found" in result.stderr


def test_check_command_passes_on_the_gold():
    result = subprocess.run([sys.executable, "-m", "dataset.build", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 5 documents")
