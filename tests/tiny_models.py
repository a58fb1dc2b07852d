"""Tiny randomly initialised token classifiers, built and saved by the tests.

No weights are downloaded: a BERT with one small layer and an Arabic
character-and-word vocabulary is created locally, so the real loading and
prediction code of transformers and camel-tools runs end to end.
"""

from __future__ import annotations

from pathlib import Path

from harness.gold.data import load_gold

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def arabic_vocab(extra_words: int = 200) -> list[str]:
    """Special tokens, Arabic letters (and ## continuations), digits, punctuation, frequent gold words."""
    letters = [chr(c) for c in range(0x0621, 0x064B)] + ["ـ", "ى", "ة"]
    pieces = sorted(set(letters))
    words = []
    docs, _ = load_gold()
    seen = set()
    for d in docs:
        for t in d.tokens:
            if t.text not in seen and len(words) < extra_words:
                seen.add(t.text)
                words.append(t.text)
    ascii_chars = [chr(c) for c in range(0x21, 0x7F)]
    vocab = SPECIAL + pieces + ["##" + p for p in pieces] + ascii_chars + ["##" + c for c in ascii_chars if c.isalnum()]
    vocab += [w for w in words if w not in vocab]
    return list(dict.fromkeys(vocab))


def build_tiny_bert(path: Path, labels: list[str], seed: int = 0) -> Path:
    """Save a random ``BertForTokenClassification`` and its tokenizer in ``path``."""
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizer

    torch.manual_seed(seed)
    path.mkdir(parents=True, exist_ok=True)
    vocab_file = path / "vocab.txt"
    vocab_file.write_text("\n".join(arabic_vocab()) + "\n", encoding="utf-8")
    tokenizer = BertTokenizer(str(vocab_file), do_lower_case=False, tokenize_chinese_chars=False)
    config = BertConfig(
        vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=48, max_position_embeddings=512, num_labels=len(labels),
        id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)},
    )
    model = BertForTokenClassification(config)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path
