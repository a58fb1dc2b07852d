"""The ``llm`` system end to end against a real chat-completions server on the loopback interface.

The server (:mod:`tests.llm_server`) answers over HTTP with scripted answers;
the system's real client path (httpx, retries, concurrency, the cache, the
parser, the aligner) runs unchanged. A run fills the cache; the same run with
the server stopped replays it and gives the identical record.
"""

from __future__ import annotations

import json
import socket

import pytest

from baselines.llm.align import align_mentions
from baselines.llm.parse import Malformed, read_answer
from harness.cli.main import main
from harness.core.text import tokenize
from harness.gold.data import load_gold
from harness.records.reproduce import differences, reproduce
from harness.records.results import read_record
from tests.llm_server import ScriptedServer, gold_answer

pytest.importorskip("httpx")


@pytest.fixture(scope="module")
def gold():
    docs, _ = load_gold()
    return docs


@pytest.fixture(scope="module")
def answers(gold):
    out = {}
    for d in gold:
        for i, s in enumerate(d.sentences):
            out.setdefault(d.text[s.start:s.end], gold_answer(d, i))
    return out


def _sentence(gold, doc: int, i: int) -> str:
    s = gold[doc].sentences[i]
    return gold[doc].text[s.start:s.end]


@pytest.fixture(scope="module")
def scripted(gold, answers):
    """Answers and behaviours for chosen sentences of the benchmark."""
    answers = dict(answers)
    malformed, missing, clitic, limited, slow = (_sentence(gold, 0, 15), _sentence(gold, 1, 3), _sentence(gold, 0, 10),
                                                 _sentence(gold, 2, 0), _sentence(gold, 4, 0))
    answers[missing] = {**answers[missing], "entities": answers[missing]["entities"]
                        + [{"text": "كوريا الجنوبية", "type": "GPE"}]}
    # واشنطن وطوكيو: the model writes طوكيو without its clitic (the aligner extends it to the token: وطوكيو)
    answers[clitic] = {"entities": [{"text": "واشنطن", "type": "GPE"}, {"text": "طوكيو", "type": "GPE"}],
                       "relations": [{"head": 0, "tail": 1, "type": "MEET"}]}
    script = {malformed: "malformed", limited: "429-once", slow: "slow-once"}
    return answers, script, {"malformed": malformed, "missing": missing, "clitic": clitic, "limited": limited,
                             "slow": slow}


def _run(url: str, cache, out, *extra: str, model: str = "scripted") -> int:
    return main(["run", "llm", "--system-arg", f"endpoint={url}", "--system-arg", f"model={model}",
                 "--system-arg", f"cache={cache}", "--system-arg", "timeout=0.8", "--system-arg", "retries=3",
                 *extra, "--resamples", "200", "--out", str(out), "-q"])


@pytest.fixture(scope="module")
def live_run(tmp_path_factory, scripted):
    answers, script, chosen = scripted
    tmp = tmp_path_factory.mktemp("llm")
    with ScriptedServer(answers, script) as server:
        assert _run(server.url, tmp / "cache.jsonl", tmp / "live.json", "--report", str(tmp / "report")) == 0
        url, seen = server.url, dict(server.seen)
    return tmp, url, seen, chosen


def test_a_run_scores_end_to_end_with_its_failures_counted(live_run):
    tmp, _, seen, chosen = live_run
    record = read_record(tmp / "live.json")
    llm, alignment = record.system["llm"], record.system["alignment"]
    assert llm["model"] == "scripted" and llm["output"] == "json_schema" and llm["unit"] == "sentence"
    assert llm["temperature"] == 0 and llm["seed"] == 0 and llm["max_tokens"] == 2048
    assert llm["malformed_answers"] == 1 and llm["tokens_in"] > 0 and llm["tokens_out"] > 0
    assert llm["requests"] == 145 and len(llm["cache_sha256"]) == 64
    assert alignment["by_reason"] == {"not in the sentence": 1}
    assert alignment["unaligned"] == 1 and alignment["rate"] == pytest.approx(1 / alignment["mentions"], abs=1e-6)
    assert alignment["by_stage"]["clitic"] == 1
    strict = record.score("all", "ner_strict")
    # كوريا الجنوبية has no offsets: never scored, counted in the alignment; the malformed answer lost its mentions
    assert 0.95 < strict.f1 < 1.0 and strict.counts["fp"] == 0 and strict.counts["fn"] > 0
    assert 0.9 < record.score("all", "re_strict").f1 < 1.0
    assert seen[chosen["limited"]] == 2 and seen[chosen["slow"]] == 2  # a 429 and a timeout, each retried once


def test_the_report_lists_every_mention_that_could_not_be_placed(live_run):
    tmp, *_ = live_run
    report = (tmp / "report" / "errors.md").read_text(encoding="utf-8")
    assert "## Mentions the system could not place (1 of " in report
    assert "| `كوريا الجنوبية` | GPE | not in the sentence |" in report
    assert "malformed answer: not JSON" in report


def test_a_replay_with_the_server_stopped_gives_the_identical_record(live_run):
    tmp, url, _, _ = live_run
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1].split("/")[0])), timeout=0.5)
    assert _run(url, tmp / "cache.jsonl", tmp / "replay.json") == 0
    live, replay = read_record(tmp / "live.json"), read_record(tmp / "replay.json")
    assert differences(live, replay) == ""
    assert live.system == replay.system  # cache checksum, tokens, latency: all from the cache
    assert json.loads((tmp / "live.json").read_text())["overall"] == json.loads((tmp / "replay.json").read_text())[
        "overall"]


def test_reproduce_verifies_an_llm_record_offline_from_its_cache(live_run, tmp_path):
    tmp, *_ = live_run
    results = tmp_path / "results"
    results.mkdir()
    (results / "llm.json").write_text((tmp / "live.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert [row[:2] for row in reproduce(results)] == [("llm", "same")]
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    raw = json.loads((results / "llm.json").read_text(encoding="utf-8"))
    raw["system"]["system_args"]["cache"] = str(tmp_path / "empty.jsonl")
    raw["system"]["system_args"]["offline"] = True
    (results / "llm.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    [(name, status, detail)] = reproduce(results)
    assert status == "FAILED" and "missing" in detail


def test_an_unreachable_endpoint_is_one_line_and_exit_2(tmp_path, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert _run(f"http://127.0.0.1:{port}/v1", tmp_path / "c.jsonl", tmp_path / "x.json") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ConnectError" in err[0] and "TAHALOF_LLM_ENDPOINT" in err[0]
    assert "Traceback" not in err[0]


def test_an_unknown_model_is_one_line_and_exit_2(tmp_path, capsys, answers):
    with ScriptedServer(answers) as server:
        assert _run(server.url, tmp_path / "c.jsonl", tmp_path / "x.json", model="no-such-model") == 2
    err = capsys.readouterr().err
    assert "a server that serves the model 'no-such-model'" in err and "does not exist" in err


def test_text_output_reads_a_fenced_answer_and_per_document_requests_work(tmp_path, answers, gold):
    doc = gold[3]
    texts = [doc.text[s.start:s.end] for s in doc.sentences]
    # one request per document: the server answers the numbered document with each sentence's gold answer
    from baselines.llm.prompt import document_text

    per_doc = {}
    for d in gold:
        sentences = [d.text[s.start:s.end] for s in d.sentences]
        entities, relations = [], []
        for i in range(len(sentences)):
            a = gold_answer(d, i)
            base = len(entities)
            entities += [{**e, "sentence": i} for e in a["entities"]]
            relations += [{**r, "head": r["head"] + base, "tail": r["tail"] + base} for r in a["relations"]]
        per_doc[document_text(sentences)] = {"entities": entities, "relations": relations}
    script = {document_text(texts): "fenced"}
    with ScriptedServer(per_doc, script) as server:
        assert _run(server.url, tmp_path / "c.jsonl", tmp_path / "doc.json", "--system-arg", "unit=document",
                    "--system-arg", "output=text") == 0
        assert len(server.log) == 5 and "response_format" not in server.log[0]
    record = read_record(tmp_path / "doc.json")
    assert record.system["llm"]["unit"] == "document" and record.system["llm"]["output"] == "text"
    assert record.score("all", "ner_strict").f1 == 1.0 and record.score("all", "re_strict").f1 == 1.0


def test_offline_with_an_incomplete_cache_names_what_is_missing(tmp_path, capsys):
    assert _run("http://127.0.0.1:9/v1", tmp_path / "none.jsonl", tmp_path / "x.json",
                "--system-arg", "offline=true") == 2
    assert "a response for each of the 137 requests (offline), found <137 missing>" in capsys.readouterr().err


def test_the_key_is_read_from_the_environment_and_never_recorded(tmp_path, monkeypatch, answers):
    monkeypatch.setenv("MY_KEY", "sk-secret-123")
    with ScriptedServer(answers) as server:
        assert _run(server.url, tmp_path / "c.jsonl", tmp_path / "k.json", "--system-arg", "api_key_env=MY_KEY",
                    "--system-arg", "price_in=0.5", "--system-arg", "price_out=1.5") == 0
    text = (tmp_path / "k.json").read_text(encoding="utf-8")
    assert "sk-secret-123" not in text and "sk-secret-123" not in (tmp_path / "c.jsonl").read_text(encoding="utf-8")
    llm = read_record(tmp_path / "k.json").system["llm"]
    assert llm["cost"] == pytest.approx(llm["tokens_in"] * 0.5e-6 + llm["tokens_out"] * 1.5e-6, abs=1e-6)


TEXT = "التقى وزير اليابان بنظيره، واليابان وأمريكا تدعمان الحلف الأمريكي"


@pytest.mark.parametrize("mention,expected", [
    (("اليابان", "GPE", None), (11, 18, "exact")),
    (("اليابان", "GPE", 2), (27, 35, "clitic")),               # the 2nd appearance is inside واليابان
    (("امريكا", "GPE", None), (36, 43, "clitic")),             # normalised alef, then the clitic و
    (("الأمريكي", "NORP", None), (57, 65, "exact")),
    (("الحلف  ", "ORG", None), (51, 56, "exact")),             # surrounding spaces are the model's, not the text's
    (("اليابان", "GPE", 3), "occurrence 3 of 2"),
    (("كوريا", "GPE", None), "not in the sentence"),
    (("لحلف", "ORG", None), "not word-aligned in the sentence"),
    (("", "ORG", None), "not in the sentence"),
])
def test_alignment_stages_and_failures(mention, expected):
    found = align_mentions(TEXT, 0, tokenize(TEXT), [mention])
    if isinstance(expected, str):
        assert [f.reason for f in found.failed] == [expected]
    else:
        assert [(a.start, a.end, a.stage) for a in found.aligned] == [expected]


def test_repeated_strings_take_occurrences_in_order_and_offsets_are_document_offsets():
    prefix = "عنوان.\n"
    toks = [t for t in tokenize(prefix + TEXT) if t.start >= len(prefix)]
    found = align_mentions(TEXT, len(prefix), toks, [("اليابان", "GPE", None), ("اليابان", "GPE", None),
                                                      ("اليابان", "GPE", None)])
    assert [(a.start - len(prefix), a.stage) for a in found.aligned] == [(11, "exact"), (27, "clitic")]
    assert [f.reason for f in found.failed] == ["mention 3 of a string found 2 time(s)"]


@pytest.mark.parametrize("answer,mode,ok", [
    ('{"entities": [{"text": "x", "type": "gpe"}], "relations": []}', "json_schema", True),
    ('```json\n{"entities": [], "relations": [],}\n```', "text", True),
    ('Sure! {"entities": [{"text": "x", "type": "GPE", "occurrence": 2}]} Hope it helps.', "text", True),
    ('```json\n{"entities": []}\n```', "json_schema", False),
    ('{"entities": [{"text": "x"}], "relations": []}', "text", False),
    ('{"entities": [{"text": "x", "type": "GPE", "occurrence": 0}]}', "text", False),
    ('{"entities": "none"}', "text", False),
    ('no json here', "text", False),
])
def test_the_parser_reads_what_it_can_and_names_what_it_cannot(answer, mode, ok):
    if ok:
        entities, _ = read_answer(answer, mode)
        assert all(e[1] == e[1].upper() for e in entities)
    else:
        with pytest.raises(Malformed):
            read_answer(answer, mode)
