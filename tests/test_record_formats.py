"""Records of the first format (committed before this scoring core) read, and reproduce bit for bit.

``fixtures/records/rules-format1.json`` is the ``rules`` record as committed
before views became declarations, the mention table columnar and the
bootstrap products float64: re-running ``rules`` with the record's own
settings on the gold it was scored on (1.0.0, rebuilt from the passes and
decisions, its checksum equal to the record's) gives the same counts, scores
and every interval to the last bit on each view that record holds (its draw
is ``multinomial``, the first stream).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.records.reproduce import differences
from harness.records.results import RECORD_FORMAT, read_record
from harness.records.score import Options, system_record

FORMAT1 = Path(__file__).parent / "fixtures" / "records" / "rules-format1.json"


# The counted nouns the rules' units list held when the record was made (guidelines 1.0 made a count with its
# noun a QUANTITY; under 1.1 a count is CARDINAL on its numeral and they left the list).
RULES_1_0_UNITS = ("جندي", "جنود", "شخص", "أشخاص", "طائرة", "طائرات", "صاروخ", "صواريخ", "سفينة", "سفن", "شركة",
                   "شركات", "دولة", "دول")


@pytest.fixture(scope="module")
def gold_100(tmp_path_factory):
    """Gold 1.0.0, rebuilt from the passes and decisions (the release the record was scored on), with the rules
    baseline as it was then (its units list), so the record's system runs on the record's gold."""
    from baselines.rules.lexicon import load_lexicon, normalise
    from tests.releases import release_gold

    units = load_lexicon().units
    added = {normalise(w) for w in RULES_1_0_UNITS} - units
    units |= added
    yield release_gold("1.0.0", tmp_path_factory.mktemp("gold-1.0.0"))
    units -= added


def test_a_first_format_record_reads_with_its_draw_and_no_per_document_scores():
    record = read_record(FORMAT1)
    assert record.format == "tahalof-result/1" and record.bootstrap.draw == "multinomial"
    assert record.per_document == {} and "ner_wojood" not in record.views
    assert record.score("all", "ner_strict").ci is not None


def test_a_first_format_record_reproduces_bit_for_bit(gold_100):
    old = read_record(FORMAT1)
    assert gold_100.checksum == old.provenance.dataset_checksum and gold_100.version == "1.0.0"
    new, _ = system_record("rules", gold_100, options=Options.of_record(old))
    assert new.format == RECORD_FORMAT and new.bootstrap.draw == "multinomial"
    assert differences(old, new) == ""
    for zone in ("all", "body"):
        for view in old.views:
            assert new.score(zone, view) == old.score(zone, view), (zone, view)  # intervals too, exactly


def test_the_default_draw_gives_the_first_streams_intervals_on_the_benchmark(gold_100):
    old = read_record(FORMAT1)
    new, _ = system_record("rules", gold_100, options=Options(resamples=old.bootstrap.resamples, seed=old.bootstrap.seed))
    assert new.bootstrap.draw == "sized"  # 145 sentences x 10,000 resamples: multinomial under the policy
    assert all(new.score("all", v).ci == old.score("all", v).ci for v in old.views)


def test_a_tampered_first_format_record_is_caught(tmp_path, gold_100):
    raw = json.loads(FORMAT1.read_text(encoding="utf-8"))
    raw["overall"]["all"]["ner_flat"]["ci"]["f1"][0] -= 0.001
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    new, _ = system_record("rules", gold_100, options=Options.of_record(read_record(path)))
    assert "ner_flat" in differences(read_record(path), new)
