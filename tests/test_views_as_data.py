"""A view is one declaration: declared here, it reaches the record, every renderer, the leaderboard and
the command line without touching another file; per-document scores add up to the totals."""

from __future__ import annotations

import json

import numpy as np
import pytest

from harness.cli.main import main
from harness.records.results import read_record
from harness.report.render import RENDERERS
from harness.scoring.metrics import PRF
from harness.scoring.tally import matched, prf
from harness.scoring.viewspec import VIEWS, Counted, Family, ViewSpec

SMALL = ["--resamples", "200", "-q"]


def count_single_token(inp) -> Counted:
    """Strict, over the mentions of one token only (no space inside)."""
    t = inp.table
    text = {i: d.text for i, d in enumerate(inp.documents)}
    layout = inp.layout

    def one_token(side):
        docs = layout.unit_doc[side.unit]
        return np.array([" " not in text[d][s:e] for d, s, e in zip(docs.tolist(), side.start.tolist(),
                                                                     side.end.tolist())], dtype=bool)

    g, p = t.gold.select(one_token(t.gold)), t.pred.select(one_token(t.pred))
    return prf(layout, g.unit, p.unit, matched(g.key, p.key), g.type, p.type, t.types)


SINGLE = ViewSpec("ner_single_token", Family.NER, "NER one-token mentions", "strict, mentions of one token only",
                  PRF, count_single_token, order=15, leaderboard=("all",), short="NER 1-token")


@pytest.fixture
def single_token_view():
    with VIEWS.registered(SINGLE) as spec:
        yield spec


def test_a_view_declared_here_reaches_record_table_and_leaderboard(tmp_path, capsys, single_token_view):
    results = tmp_path / "results"
    for name in ("gold", "rules"):
        assert main(["run", name, "--out", str(results / f"{name}.json"), *SMALL]) == 0
    capsys.readouterr()
    record = read_record(results / "rules.json")
    single, strict = record.score("all", "ner_single_token"), record.score("all", "ner_strict")
    assert 0 < single.counts["tp"] < strict.counts["tp"] and single.ci is not None
    assert record.views["ner_single_token"].label == "NER one-token mentions"
    assert "ner_single_token" in record.per_type["all"] and "ner_single_token" in record.units.counts
    for fmt, render in RENDERERS.items():
        text = render(record, "all")
        assert ("ner_single_token" if fmt == "json" else "NER one-token mentions") in text
    lines = RENDERERS["table"](record, "all").splitlines()
    labels = [line.split("  ")[0] for line in lines if line.startswith("NER")]
    assert labels.index("NER one-token mentions") == labels.index("NER strict (nested)") + 1  # order 15
    board = tmp_path / "leaderboard.md"
    assert main(["leaderboard", "--results-dir", str(results), "--out", str(board),
                 "--submissions-dir", str(tmp_path / "none")]) == 0
    text = board.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| #"))
    assert "| NER 1-token |" in header
    assert "strict, mentions of one token only" in text  # described from the declaration
    assert main(["compare", str(results / "gold.json"), str(results / "rules.json"), "--resamples", "100"]) == 0
    assert "NER one-token mentions" in capsys.readouterr().out


def test_an_opt_in_view_is_asked_for_by_name(tmp_path, capsys):
    spec = ViewSpec("ner_single_token_opt", Family.NER, "NER one-token (opt-in)", "strict, one-token mentions",
                    PRF, count_single_token, order=16, default=False)
    with VIEWS.registered(spec):
        assert main(["run", "rules", "--format", "json", *SMALL]) == 0
        assert "ner_single_token_opt" not in json.loads(capsys.readouterr().out)["views"]
        assert main(["run", "rules", "--view", "ner_single_token_opt", "--format", "json", *SMALL]) == 0
        record = json.loads(capsys.readouterr().out)
        assert record["overall"]["all"]["ner_single_token_opt"]["counts"]["tp"] > 0
        assert "--view ner_single_token_opt" in record["system"]["command"]
    assert main(["run", "rules", "--view", "ner_single_token_opt", *SMALL]) == 2  # gone with its declaration
    assert "invalid choice" in capsys.readouterr().err


def test_evaluate_views_lists_the_registry(capsys, single_token_view):
    assert main(["views", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = [r["name"] for r in rows]
    assert names == VIEWS.names() and "ner_single_token" in names and "ner_wojood" in names
    assert next(r for r in rows if r["name"] == "ner_normalized")["scored"] == "with --view ner_normalized (or --normalize)"
    assert main(["views"]) == 0
    assert "NER one-token mentions" in capsys.readouterr().out


def test_a_second_view_of_one_name_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        VIEWS.register(VIEWS["ner_strict"])


def test_per_document_scores_add_up_and_have_their_own_intervals(tmp_path, capsys):
    out = tmp_path / "rules.json"
    assert main(["run", "rules", "--out", str(out), *SMALL]) == 0
    record = read_record(out)
    docs = sorted(set(record.units.doc_ids))
    for zone in ("all", "body"):
        assert sorted(record.per_document[zone]) == docs
        for view in record.views:
            if record.score(zone, view) is None:
                continue
            per_doc = [record.per_document[zone][d][view].counts for d in docs]
            total = record.score(zone, view).counts
            assert {k: sum(c[k] for c in per_doc) for k in total} == total, (zone, view)
            for d in docs:
                s = record.per_document[zone][d][view]
                assert s.ci is not None and s.ci["f1"][0] <= s.f1 <= s.ci["f1"][1] + 1e-12
    table = RENDERERS["table"](record, "all")
    assert "Per document" in table and all(d in table for d in docs)
    markdown = RENDERERS["markdown"](record, "all")
    assert "Per document" in markdown


def test_min_overlap_is_recorded_and_reproduced(tmp_path, capsys):
    out = tmp_path / "rules.json"
    assert main(["run", "rules", "--min-overlap", "60", "--out", str(out), *SMALL]) == 0
    record = read_record(out)
    assert record.views["ner_partial_partial"].parameters == {"min_overlap": 60.0}
    assert "--min-overlap 60" in record.system["command"]
    default = tmp_path / "default.json"
    assert main(["run", "rules", "--out", str(default), *SMALL]) == 0
    loose, strict = read_record(default), record
    assert loose.score("all", "ner_partial_partial").counts["par"] >= strict.score("all", "ner_partial_partial").counts["par"]
    assert loose.score("all", "ner_strict") == strict.score("all", "ner_strict")  # other views untouched
    capsys.readouterr()
    assert main(["run", "rules", "--min-overlap", "0", *SMALL]) == 2
    assert "expected a percentage from 1 to 100, found '0'" in capsys.readouterr().err
