"""The hf baseline and the fine-tuning pipeline, with tiny models built here."""

from __future__ import annotations

import json

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from baselines.finetune import main as finetune_main  # noqa: E402
from baselines.finetune import prepare  # noqa: E402
from baselines.hf import HFTagger, chunk_words  # noqa: E402
from harness.cli.main import main  # noqa: E402
from harness.gold.data import load_gold  # noqa: E402
from harness.core.errors import InputError  # noqa: E402
from harness.systems.run import without_gold  # noqa: E402
from harness.core.schema import load_schema  # noqa: E402
from harness.core.views import iob2_labels  # noqa: E402
from tests.conftest import SHARED  # noqa: E402
from tests.tiny_models import build_tiny_bert  # noqa: E402

NEWSFANE = SHARED / "corpora" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"
DOCS, _ = load_gold()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_bert(tmp_path_factory.mktemp("hf-model"), iob2_labels(load_schema().entity_types), seed=3)


def first_subword_labels(model_dir, words):
    """An independent computation: run the model on one sentence, take each word's first subword."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForTokenClassification.from_pretrained(model_dir).eval()
    ids, firsts = [tokenizer.cls_token_id], []
    for w in words:
        pieces = tokenizer(w, add_special_tokens=False)["input_ids"]
        firsts.append(len(ids) if pieces else None)
        ids += pieces
    ids.append(tokenizer.sep_token_id)
    with torch.no_grad():
        best = model(input_ids=torch.tensor([ids])).logits.argmax(-1)[0].tolist()
    return [model.config.id2label[best[i]] if i is not None else "O" for i in firsts]


def test_hf_labels_each_word_by_its_first_subword(tiny):
    from baselines.tagging import tags_to_spans

    doc = DOCS[2]
    pred = HFTagger(model=str(tiny), device="cpu").predict(without_gold([doc]))[0]
    expected = []
    for s in range(len(doc.sentences)):
        tokens = doc.sentence_tokens(s)
        expected += tags_to_spans(tokens, first_subword_labels(tiny, [t.text for t in tokens]), lambda t: t)
    assert pred.spans == tuple(sorted(set(expected)))
    assert pred.spans  # a random model predicts something


def test_long_sentences_are_chunked_at_word_boundaries(tiny):
    assert chunk_words([2, 2, 2, 2, 2], 4) == [(0, 2), (2, 4), (4, 5)]
    assert chunk_words([9, 1], 4) == [(0, 1), (1, 2)]
    assert chunk_words([], 4) == [(0, 0)]
    doc = max(DOCS, key=lambda d: max(s.token_end - s.token_start for s in d.sentences))
    pred = HFTagger(model=str(tiny), max_length=16, batch_size=4).predict(without_gold([doc]))[0]
    starts, ends = {t.start for t in doc.tokens}, {t.end for t in doc.tokens}
    assert all(s.start in starts and s.end in ends for s in pred.spans)


def test_foreign_labels_need_a_label_map(tmp_path):
    model = build_tiny_bert(tmp_path / "m", ["O", "B-Politician", "I-Politician", "B-Nation", "I-Nation"], seed=1)
    with pytest.raises(InputError, match="label_map"):
        HFTagger(model=str(model)).predict(without_gold(DOCS[:1]))
    pred = HFTagger(model=str(model), label_map="newsfane").predict(without_gold(DOCS[:1]))[0]
    assert {s.type for s in pred.spans} <= {"PERS", "GPE"}


def test_missing_model_is_an_actionable_error(capsys):
    assert main(["run", "hf", "--system-arg", "model=/nonexistent/model"]) == 2
    assert "/nonexistent/model" in capsys.readouterr().err
    assert main(["run", "hf", "--system-arg", "oops"]) == 2


@pytest.mark.skipif(not NEWSFANE.is_file(), reason="NewsFANE is not beside the checkout")
def test_finetune_then_score_with_hf(tmp_path, capsys):
    out = tmp_path / "model"
    assert finetune_main(["--train", str(NEWSFANE), "--init", "random-bert-tiny", "--limit", "40",
                          "--max-steps", "3", "--batch-size", "8", "--out", str(out), "--seed", "5"]) == 0
    capsys.readouterr()
    info = json.loads((out / "training.json").read_text())
    assert info["steps"] == 3 and info["seed"] == 5 and info["label_map"] == "newsfane"
    assert main(["run", "hf", "--system-arg", f"model={out}", "--system-arg", "normalise=true",
                 "--resamples", "0", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["system"]["system_args"] == {"model": str(out), "normalise": True}


@pytest.mark.skipif(not NEWSFANE.is_file(), reason="NewsFANE is not beside the checkout")
def test_newsfane_is_bridged_to_benchmark_types():
    words, tags = prepare(NEWSFANE, "newsfane", limit=200)
    types = {t[2:] for s in tags for t in s if t != "O"}
    assert types <= set(load_schema().entity_types) and "GPE" in types and "PERS" in types
    from harness.io.conll import read_conll

    raw = [t for s in read_conll(NEWSFANE, repair=True)[:200] for t in s.tokens]
    joined = [w for s in words for w in s]
    for clitic in ("و", "ه"):  # re-joined, except before digits or punctuation
        assert joined.count(clitic) <= 0.02 * raw.count(clitic), clitic
