"""The camel baseline through the real camel_tools.ner.NERecognizer, offline.

A tiny random BERT with CAMeL's nine labels and an Arabic vocabulary is built
and saved locally, then loaded with ``NERecognizer(path)``.
"""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("camel_tools")

from baselines.camel import CamelNER, load_recognizer, realign  # noqa: E402
from harness.cli.main import main  # noqa: E402
from harness.gold.data import load_gold  # noqa: E402
from harness.core.errors import InputError  # noqa: E402
from harness.systems.run import without_gold  # noqa: E402
from tests.tiny_models import build_tiny_bert  # noqa: E402

CAMEL_LABELS = ["B-LOC", "B-ORG", "B-PERS", "B-MISC", "I-LOC", "I-ORG", "I-PERS", "I-MISC", "O"]


@pytest.fixture(scope="module")
def tiny_camel(tmp_path_factory):
    return build_tiny_bert(tmp_path_factory.mktemp("camel-model"), CAMEL_LABELS)


def test_camel_baseline_runs_on_the_benchmark(tiny_camel):
    docs, _ = load_gold()
    preds = CamelNER(model=str(tiny_camel)).predict(without_gold(docs[:2]))
    assert [p.doc_id for p in preds] == [d.id for d in docs[:2]]
    for doc, pred in zip(docs, preds):
        token_starts = {t.start for t in doc.tokens}
        token_ends = {t.end for t in doc.tokens}
        for span in pred.spans:  # aligned to the canonical tokens, CAMeL's classes mapped
            assert span.start in token_starts and span.end in token_ends
            assert span.type in {"PERS", "GPE", "ORG", "NORP"}


def test_words_without_subwords_are_realigned_not_shifted(tiny_camel):
    recognizer = load_recognizer(str(tiny_camel))
    words = ["واشنطن", "\u200f", "طوكيو"]  # a right-to-left mark has no subword: the recognizer drops it
    labels = recognizer.predict([words])[0]
    assert len(labels) == 2
    aligned = realign(words, labels, recognizer.tokenizer.tokenize)
    assert aligned[1] == "O" and aligned[0] == labels[0] and aligned[2] == labels[1]
    with pytest.raises(ValueError):
        realign(words, labels[:1], recognizer.tokenizer.tokenize)


def test_missing_pretrained_model_is_an_actionable_error(monkeypatch, tmp_path):
    monkeypatch.delenv("TAHALOF_CAMEL_MODEL", raising=False)
    with pytest.raises(InputError, match="camel_data -i ner-arabert"):
        load_recognizer(None)


def test_evaluate_baseline_camel_with_a_local_model(tiny_camel, monkeypatch, capsys):
    monkeypatch.setenv("TAHALOF_CAMEL_MODEL", str(tiny_camel))
    assert main(["run", "camel", "--resamples", "0", "--format", "json"]) == 0
    assert '"ner_coarse"' in capsys.readouterr().out
