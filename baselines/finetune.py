"""Fine-tune a transformers encoder for token classification on a CoNLL corpus.

    python -m baselines.finetune --train ../shared/corpora/newsfane/NewsFANE_Gold_2014_170K.txt \\
        --label-map newsfane --init HUB_ID_OR_PATH --epochs 3 --lr 5e-5 --seed 13 --out models/newsfane-bert
    python -m baselines.finetune --train ... --init random-bert-small ...   # no pretrained weights

The corpus's tags are mapped to the benchmark's types (``--label-map``), its
clitic-segmented, normalised text is re-joined and the benchmark is
normalised the same way (see :mod:`baselines.bridge`). Training is a plain
PyTorch loop (AdamW, linear warm-up and decay, seeded shuffling); the saved
directory holds the model, its tokenizer and ``training.json`` (data
checksum, label map, every hyper-parameter), and loads with
``evaluate run hf --system-arg model=DIR --system-arg normalise=true``.
``random-bert-small`` / ``random-bert-tiny`` train from random initialisation
with a vocabulary built from the corpus (characters and frequent words).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from pathlib import Path

from baselines.bridge import normalise, rejoin
from harness.io.conll import read_conll
from harness.core.errors import InputError
from harness.core.progress import Bar
from harness.core.progress import enabled as progress_enabled
from harness.io.labelmap import load_label_map
from harness.core.schema import load_schema
from harness.core.views import iob2_labels, repair_iob2

RANDOM_SIZES = {
    "random-bert-tiny": {"hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 64},
    "random-bert-small": {"hidden_size": 256, "num_hidden_layers": 4, "num_attention_heads": 4, "intermediate_size": 1024},
}


def prepare(path: Path, label_map_name: str, limit: int | None = None) -> tuple[list[list[str]], list[list[str]]]:
    """Sentences of the corpus: re-joined, normalised words and benchmark IOB2 tags."""
    label_map = load_label_map(label_map_name)
    words_out, tags_out = [], []
    for sentence in read_conll(path, repair=True)[:limit]:  # NewsFANE has a few I- after O
        tags = []
        for tag in sentence.tags:
            prefix, _, typ = tag.partition("-")
            mapped = label_map.apply(typ) if tag != "O" else None
            tags.append(f"{prefix}-{mapped}" if mapped else "O")
        words, tags = rejoin(list(sentence.tokens), tags)
        words_out.append([normalise(w) for w in words])
        tags_out.append(repair_iob2(tags))  # a mapped-away type can leave an I- behind
    return words_out, tags_out


def build_vocab(sentences: list[list[str]], size: int = 8000) -> list[str]:
    """A WordPiece vocabulary: special tokens, characters (and ## forms), frequent words."""
    chars = Counter(c for s in sentences for w in s for c in w)
    words = Counter(w for s in sentences for w in s)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab += sorted(chars) + ["##" + c for c in sorted(chars)]
    vocab += [w for w, _ in words.most_common(size) if w not in vocab]
    return list(dict.fromkeys(vocab))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, required=True, help="CoNLL corpus (token<TAB>tag)")
    parser.add_argument("--label-map", default="newsfane", help="corpus labels -> benchmark types")
    parser.add_argument("--init", default="random-bert-small", help="hub id, model directory, or random-bert-{tiny,small}")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=float, default=3)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--warmup", type=float, default=0.1, help="share of steps for linear warm-up")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--max-steps", type=int, help="stop after this many optimiser steps")
    parser.add_argument("--limit", type=int, help="use only the first N sentences")
    parser.add_argument("--device", default="auto")
    args = parser.parse_args(argv)
    try:
        train(args)
    except InputError as err:
        print(err, file=sys.stderr)
        return 2
    return 0


def train(args) -> Path:
    """Train and save; returns the output directory."""
    import numpy as np
    import torch
    from transformers import (AutoModelForTokenClassification, AutoTokenizer, BertConfig,
                              BertForTokenClassification, BertTokenizerFast, get_linear_schedule_with_warmup)

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    words, tags = prepare(args.train, args.label_map, args.limit)
    labels = iob2_labels(load_schema().entity_types)
    label2id = {label: i for i, label in enumerate(labels)}
    args.out.mkdir(parents=True, exist_ok=True)
    if args.init in RANDOM_SIZES:
        vocab_file = args.out / "vocab.txt"
        vocab_file.write_text("\n".join(build_vocab(words)) + "\n", encoding="utf-8")
        tokenizer = BertTokenizerFast(vocab_file=str(vocab_file), do_lower_case=False, tokenize_chinese_chars=False)
        config = BertConfig(vocab_size=len(tokenizer), max_position_embeddings=512, num_labels=len(labels),
                            id2label=dict(enumerate(labels)), label2id=label2id, **RANDOM_SIZES[args.init])
        model = BertForTokenClassification(config)
    else:
        tokenizer = AutoTokenizer.from_pretrained(args.init, use_fast=True)
        model = AutoModelForTokenClassification.from_pretrained(
            args.init, num_labels=len(labels), id2label=dict(enumerate(labels)), label2id=label2id,
            ignore_mismatched_sizes=True)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if args.device == "auto" else args.device
    model.to(device).train()

    def encode(batch_words, batch_tags):
        enc = tokenizer(batch_words, is_split_into_words=True, truncation=True, max_length=args.max_length,
                        padding=True, return_tensors="pt")
        targets = []
        for row, row_tags in enumerate(batch_tags):
            seen, ids = set(), []
            for word in enc.word_ids(row):
                ids.append(-100 if word is None or word in seen else label2id[row_tags[word]])
                if word is not None:
                    seen.add(word)
            targets.append(ids)
        enc["labels"] = torch.tensor(targets)
        return enc

    order = list(range(len(words)))
    steps_per_epoch = max(1, (len(order) + args.batch_size - 1) // args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    if args.max_steps:
        total = min(total, args.max_steps)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr)
    schedule = get_linear_schedule_with_warmup(optimiser, int(args.warmup * total), max(total, 1))
    step, losses = 0, []
    rng = random.Random(args.seed)
    bar = Bar(f"fine-tuning {args.init}", total, "step")
    while step < total:
        rng.shuffle(order)
        for b in range(0, len(order), args.batch_size):
            if step >= total:
                break
            idx = order[b:b + args.batch_size]
            batch = encode([words[i] for i in idx], [tags[i] for i in idx])
            loss = model(**{k: v.to(device) for k, v in batch.items()}).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            losses.append(loss.item())
            step += 1
            bar.update(1, loss=f"{np.mean(losses[-100:]):.4f}")
            if step % 100 == 0 and not progress_enabled():
                print(f"step {step}/{total} loss {np.mean(losses[-100:]):.4f}", file=sys.stderr, flush=True)
    bar.close()
    model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    record = {
        "train": str(args.train), "train_sha256": hashlib.sha256(args.train.read_bytes()).hexdigest(),
        "label_map": args.label_map, "init": args.init, "epochs": args.epochs, "lr": args.lr,
        "batch_size": args.batch_size, "max_length": args.max_length, "warmup": args.warmup, "seed": args.seed,
        "steps": step, "sentences": len(words), "final_loss": float(np.mean(losses[-50:])) if losses else None,
        "bridge": "clitics re-joined, text normalised (baselines.bridge); use normalise=true when predicting",
    }
    (args.out / "training.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"saved {args.out} after {step} steps (loss {record['final_loss']})")
    return args.out


if __name__ == "__main__":
    raise SystemExit(main())
