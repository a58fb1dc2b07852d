"""Gold 1.1.0: releases as revisions, the mechanical conventions, CHANGES.md, and records of an older gold.

The conventions are tested on the gold itself: it passes them all, gold
1.0.0 breaks exactly the ones 1.1.0 fixed, and each convention catches an
annotation that breaks it (one mutation of the gold per convention).
"""

from __future__ import annotations

import json
import shutil

import pytest

from dataset.adjudicate import merged_text
from dataset.build import stale_files
from dataset.changes import render_changes
from dataset.revisions import apply, current_version, read_revisions, releases
from dataset.sources import ANNOTATIONS_DIR, DATASET_DIR, doc_ids, load_all, load_document
from harness.core.errors import InputError
from harness.gold.conventions import CONVENTIONS
from harness.io.brat import parse_ann
from harness.records.results import read_record
from tests.test_record_formats import FORMAT1

DOCS = {d[:3]: d for d in doc_ids()}


def breaches(doc_id: str, ann_text: str) -> list[str]:
    """The conventions an annotation of a document breaks (their ids, in order)."""
    try:
        load_document(doc_id, ann_text=ann_text, conventions=True)
    except InputError as err:
        return [p.field.split()[1] for p in err.problems]
    return []


def test_the_release_is_1_1_0_and_the_gold_passes_every_convention():
    assert releases() == ["1.0.0", "1.1.0"] and current_version() == "1.1.0"
    assert len(load_all()) == 5  # conventions included


def test_gold_1_0_0_breaks_exactly_the_conventions_1_1_0_applied():
    found = {d: breaches(d, merged_text(d, "1.0.0")) for d in doc_ids()}
    assert found == {
        DOCS["000"]: [],
        DOCS["001"]: ["org-aff-through-title"],
        DOCS["002"]: ["quantity-has-unit"],
        DOCS["003"]: ["every-ordinal-tagged", "quantity-has-unit", "quantity-has-unit"],
        DOCS["004"]: ["quantity-has-unit"],
    }


def _gold(key: str) -> str:
    return (ANNOTATIONS_DIR / f"{DOCS[key]}.ann").read_text(encoding="utf-8")


def _text(key: str) -> str:
    from dataset.sources import SEEDS_DIR

    return (SEEDS_DIR / f"{DOCS[key]}.txt").read_text(encoding="utf-8")


def _add(key: str, typ: str, phrase: str, ann: str | None = None) -> str:
    """The gold (or ``ann``) with a mention of ``phrase``'s first occurrence added as T900."""
    start = _text(key).index(phrase)
    return (_gold(key) if ann is None else ann) + f"T900\t{typ} {start} {start + len(phrase)}\t{phrase}\n"


def _drop(key: str, typ: str, phrase: str) -> str:
    """The gold without the one mention ``phrase`` of ``typ`` and its relations."""
    ann = parse_ann(_gold(key), "g")
    [gone] = [e.id for e in ann.entities if e.type == typ and e.text == phrase]
    keep = [ln for ln in _gold(key).splitlines(keepends=True) if not ln.startswith(f"{gone}\t")
            and not (ln.startswith("R") and gone in ln.split("\t")[1].replace("Arg1:", "").replace("Arg2:", "").split())]
    return "".join(keep)


def _id_of(key: str, start: int, end: int) -> str:
    return next(e.id for e in parse_ann(_gold(key), "g").entities if (e.start, e.end) == (start, end))


MUTATIONS = {
    "quantity-has-unit": ("002", lambda: _add("002", "QUANTITY", "150 طائرة")),
    "cardinal-is-numeral": ("003", lambda: _add("003", "CARDINAL", "2000 جندي")),
    "every-number-in-a-mention": ("003", lambda: _drop("003", "CARDINAL", "2000")),
    "ordinal-is-ordinal": ("002", lambda: _add("002", "ORDINAL", "الجيل الخامس")),
    "ordinal-not-in-name": ("000", lambda: _add("000", "ORDINAL", "الخامسة")),
    "every-ordinal-tagged": ("003", lambda: _drop("003", "ORDINAL", "ثالث")),
    "date-without-preposition": ("003", lambda: _add("003", "DATE", "بعد أيام", _drop("003", "DATE", "أيام"))),
    "meeting-event-named": ("002", lambda: _add("002", "EVENT", "محادثات أمنية")),
    "summit-is-event": ("002", lambda: _drop("002", "EVENT", "قمة زعماء البلدين")),
    "no-directional-loc": ("003", lambda: _add("003", "LOC", "منطقة جنوب غرب اليابان")),
    "org-aff-through-title": ("001", lambda: _gold("001") + f"R900\tORG_AFF Arg1:{_id_of('001', 686, 691)} "
                                                          f"Arg2:{_id_of('001', 699, 715)}\n"),
}


def test_every_convention_has_a_mutation():
    assert sorted(MUTATIONS) == sorted(c.id for c in CONVENTIONS)


@pytest.mark.parametrize("convention", sorted(MUTATIONS))
def test_each_convention_catches_an_annotation_that_breaks_it(convention):
    key, mutate = MUTATIONS[convention]
    found = breaches(DOCS[key], mutate())
    assert convention in found, found


def test_a_breach_names_the_line_the_convention_and_its_section():
    with pytest.raises(InputError) as err:
        load_document(DOCS["000"], ann_text=_add("000", "ORDINAL", "الخامسة"), conventions=True)
    message = str(err.value)
    line = _add("000", "ORDINAL", "الخامسة").count("\n")
    assert f"000_a13afac072b68dd1.ann:{line}: T900: convention ordinal-not-in-name (GUIDELINES §7.10, §7.14)" \
        in message and "LAW 'المادة الخامسة'" in message


def test_the_passes_are_not_held_to_conventions_they_predate():
    from dataset.adjudicate import load_passes

    a, b = load_passes(DOCS["002"])  # both made QUANTITY of 150 طائرة under guidelines 1.0
    assert a.entities and b.entities


def _write_release(tmp_path, doc_line: str, changes: str = "annotations"):
    folder = tmp_path / "1.1.0"
    folder.mkdir(parents=True)
    (folder / "rules.yaml").write_text(
        f"counts: {{title: t, guidelines: '§7', scheme: '', statement: s, changes: {changes}}}\n", encoding="utf-8")
    (folder / f"{DOCS['002']}.txt").write_text(doc_line + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("line,changes,expected", [
    ("drop-ent QUANTITY 1913 1922   # counts: ok", "annotations", None),
    ("drop-ent QUANTITY 1913 1922   # count: a rule not declared", "annotations", "RULE one of ['counts']"),
    ("drop-ent QUANTITY 1913 1922", "annotations", "found <none>"),
    ("drop-ent QUANTITY 1913 1922   # counts: x", "none", "only clarifies the guidelines"),
    ("drop-ent QUANTITY 19 1922   # counts: x", "annotations", None),  # parsed; refused when applied
])
def test_revision_files_are_read_strictly(tmp_path, line, changes, expected):
    folder = _write_release(tmp_path, line, changes)
    if expected is None:
        assert len(read_revisions("1.1.0", DOCS["002"], folder)) == 1
        return
    with pytest.raises(InputError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        read_revisions("1.1.0", DOCS["002"], folder)


def test_a_revision_that_changes_nothing_is_refused_with_its_line(tmp_path):
    folder = _write_release(tmp_path, "drop-ent QUANTITY 19 1922   # counts: nothing there")
    revisions = read_revisions("1.1.0", DOCS["002"], folder)
    with pytest.raises(InputError) as err:
        apply({(1913, 1922, "QUANTITY")}, set(), revisions)
    assert ":1: drop-ent: expected an annotation the gold holds" in str(err.value)
    with pytest.raises(InputError, match="an annotation the gold does not hold yet"):
        apply({(1913, 1916, "CARDINAL")}, set(), read_revisions("1.1.0", DOCS["002"], _write_release(
            tmp_path / "again", "add-ent CARDINAL 1913 1916   # counts: already there")))


def test_changes_lists_every_revision_with_offsets_before_after_and_rule():
    changes = render_changes()
    assert changes == (DATASET_DIR / "CHANGES.md").read_text(encoding="utf-8")
    for row in ("| 002_ce38aa86f16bc8de | 10 | QUANTITY 1913–1922 `150 طائرة` | CARDINAL 1913–1916 `150` | counts |",
                "| 003_c2fac78030c50e0e | 5 | – | ORDINAL 854–858 `ثالث` | ordinals |",
                "| 004_d19610f000c8578e | 22 | QUANTITY 2695–2706 `55 ألف جندي` | CARDINAL 2695–2701 `55 ألف` | counts |",
                "| 001_84c335525b19beff | 6 | ORG_AFF: PERS 686–691 `أوستن` → GPE 699–715 `الولايات المتحدة` | – | "
                "representing |"):
        assert row in changes
    n_revisions = sum(len(read_revisions("1.1.0", d)) for d in doc_ids())
    rows = [ln for ln in changes.split("### Every change")[1].split("###")[0].splitlines() if ln.startswith("| 0")]
    assert n_revisions == 10 and len(rows) == 6  # four drop-and-add pairs, one addition, one removal
    assert "Totals: 458 → 459 mentions, 159 → 158 relations." in changes


def test_build_check_finds_a_stale_committed_file(tmp_path):
    out = tmp_path / "dataset"
    shutil.copytree(DATASET_DIR, out, ignore=shutil.ignore_patterns("__pycache__"))
    assert stale_files(load_all(), out) == []
    (out / "CHANGES.md").write_text("edited by hand\n", encoding="utf-8")
    assert [p.path for p in stale_files(load_all(), out)] == [str(out / "CHANGES.md")]


def test_a_record_of_gold_1_0_0_is_not_reproduced_against_1_1_0(tmp_path):
    from harness.records.reproduce import reproduce, verification

    shutil.copy(FORMAT1, tmp_path / "rules.json")
    [(name, status, detail)] = reproduce(tmp_path)
    assert (name, status) == ("rules", "skipped")
    assert "scored on gold 1.0.0" in detail and "holds gold 1.1.0" in detail
    assert verification(read_record(FORMAT1)) == "other gold"


def test_the_leaderboard_keeps_a_1_0_0_record_out_of_the_1_1_0_table(tmp_path):
    from harness.report.leaderboard import regenerate

    results = tmp_path / "results"
    results.mkdir()
    shutil.copy(FORMAT1, results / "rules-1.0.0.json")
    current = json.loads((DATASET_DIR.parent / "results" / "rules.json").read_text(encoding="utf-8"))
    (results / "rules.json").write_text(json.dumps(current), encoding="utf-8")
    regenerate(results, tmp_path / "leaderboard.md")
    page = (tmp_path / "leaderboard.md").read_text(encoding="utf-8")
    titles = [ln for ln in page.splitlines() if ln.startswith("## ")]
    assert titles == ["## Tahalof 1.1.0",
                      "## Tahalof 1.0.0 (an older gold: not ranked beside 1.1.0; CHANGES.md says what changed)"]
    newest, older = page.split("## Tahalof 1.0.0")
    [row_new] = [ln for ln in newest.splitlines() if "| `rules` |" in ln]
    [row_old] = [ln for ln in older.splitlines() if "| `rules` |" in ln]
    assert "| re-run |" in row_new and "| other gold |" in row_old


def test_compare_refuses_records_of_two_golds():
    from harness.records.compare import compare

    with pytest.raises(InputError) as err:
        compare(read_record(FORMAT1), read_record(DATASET_DIR.parent / "results" / "rules.json"))
    assert "gold 1.0.0" in str(err.value) and "gold 1.1.0" in str(err.value)
