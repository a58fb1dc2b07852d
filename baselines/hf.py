"""``hf``: any ``transformers`` token-classification model, by hub id or local path.

    evaluate --baseline hf --system-arg model=PATH_OR_HUB_ID [--system-arg label_map=newsfane]
             [--system-arg batch_size=16] [--system-arg device=cuda] [--system-arg normalise=true]

Words are the benchmark's canonical tokens; each word's label is the label of
its first subword. Sentences longer than the model's window are cut at word
boundaries into chunks that fit. A word with no subword at all gets ``O``
(never a neighbour's label). Labels are read conlleval-style and mapped with
the label map (default: the model's labels are benchmark types already).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from baselines.bridge import normalise as bridge_normalise
from baselines.tagging import tags_to_spans
from harness.core.errors import InputError, Problem
from harness.io.labelmap import load_label_map
from harness.core.progress import announce, progress
from harness.core.types import Document, Prediction
from harness.systems.api import Readiness, SystemInfo


def chunk_words(lengths: Sequence[int], budget: int) -> list[tuple[int, int]]:
    """Cut a sentence into word ranges whose subword counts fit ``budget``.

    A single word longer than the budget is its own chunk (its first subword
    still decides its label).

    >>> chunk_words([3, 3, 3, 1], 6)
    [(0, 2), (2, 4)]
    """
    chunks, start, used = [], 0, 0
    for i, n in enumerate(lengths):
        if used + n > budget and i > start:
            chunks.append((start, i))
            start, used = i, 0
        used += n
    if start < len(lengths) or not lengths:
        chunks.append((start, len(lengths)))
    return chunks


FINETUNE = ("python -m baselines.finetune --train NewsFANE_Gold_2014_170K.txt --label-map newsfane "
            "--init HUB_ID --out models/newsfane-bert")


def hub_readiness(model: str) -> Readiness:
    """A hub id is ready when its files are in the local Hugging Face cache (nothing is downloaded to check)."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return Readiness(False, "huggingface_hub, to look the model up", "pip install 'tahalof[hf]'")
    try:
        found = try_to_load_from_cache(model, "config.json")
    except Exception:  # an id the hub library rejects (a path that does not exist, say)
        found = None
    if isinstance(found, str):
        return Readiness.ok()
    return Readiness(False, f"the model {model!r} (not a local directory, not in the Hugging Face cache)",
                     f"download it where the network allows (huggingface-cli download {model}), or train one: "
                     f"{FINETUNE}")


class HFTagger:
    """A token classifier from ``transformers``, aligned on first subwords."""

    info = SystemInfo(kind="neural (transformers)",
                      training_data="the model's own (e.g. NewsFANE via python -m baselines.finetune)",
                      description="any transformers token classifier: --system-arg model=PATH_OR_HUB_ID "
                                  "[label_map=, normalise=]",
                      requires=("torch", "transformers"), install="pip install 'tahalof[hf]'", reproducible=False)
    supports_given_gold = False
    record_meta: dict = {}

    @classmethod
    def readiness(cls, model: str | None = None, **_: object) -> Readiness:
        """Ready when a model is named (``model=`` or ``TAHALOF_HF_MODEL``) and present here."""
        model = model or os.environ.get("TAHALOF_HF_MODEL")
        if not model:
            return Readiness(False, "a model (--system-arg model=PATH_OR_HUB_ID, or TAHALOF_HF_MODEL)",
                             f"train one: {FINETUNE}")
        if os.path.isdir(model):
            if os.path.isfile(os.path.join(model, "config.json")):
                return Readiness.ok()
            return Readiness(False, f"a model directory with config.json at {model}", f"train one: {FINETUNE}")
        return hub_readiness(model)

    def __init__(self, model: str | None = None, label_map: str | None = None, batch_size: int = 16,
                 device: str = "auto", max_length: int = 256, normalise: bool = False):
        self.model_name = model or os.environ.get("TAHALOF_HF_MODEL")
        if not self.model_name:
            raise InputError(Problem("<baseline hf>", None, None, "model", "a hub id or model directory",
                                     "<none>", "pass --system-arg model=PATH_OR_HUB_ID or set TAHALOF_HF_MODEL"))
        self.label_map = load_label_map(label_map)
        self.batch_size = int(batch_size)
        self.device = device
        self.max_length = int(max_length)
        self.normalise = normalise in (True, "true", "1", "yes")
        self.record_meta = {**self.record_meta, "model": self.model_name}

    def prepare(self) -> None:
        """Load the model and its tokenizer once, before the gold is read."""
        announce(f"loading {self.model_name} with transformers (importing torch takes a few seconds)")
        self._loaded = self._load()

    def _load(self):
        try:
            import torch
            from transformers import AutoModelForTokenClassification, AutoTokenizer
        except ImportError as exc:
            raise InputError(Problem("<baseline hf>", None, None, "dependency", "transformers and torch",
                                     f"<{exc.name} not installed>", "pip install 'tahalof[hf]'")) from None
        try:
            tokenizer = AutoTokenizer.from_pretrained(self.model_name, use_fast=True)
            model = AutoModelForTokenClassification.from_pretrained(self.model_name)
        except OSError as exc:
            raise InputError(Problem("<baseline hf>", None, None, "model", "a token-classification model",
                                     f"<{self.model_name}: {str(exc).splitlines()[0]}>",
                                     "check the path, or download the model where the network allows")) from None
        if not tokenizer.is_fast:
            raise InputError(Problem("<baseline hf>", None, None, "tokenizer", "a fast tokenizer (word ids)",
                                     f"<{type(tokenizer).__name__}>"))
        device = ("cuda" if torch.cuda.is_available() else "cpu") if self.device == "auto" else self.device
        model.to(device).eval()
        return torch, tokenizer, model, device

    def predict(self, documents: Sequence[Document], gold_spans=None) -> list[Prediction]:
        """Label every canonical token; mentions from the labels."""
        torch, tokenizer, model, device = getattr(self, "_loaded", None) or self._load()
        id2label = model.config.id2label
        budget = self.max_length - tokenizer.num_special_tokens_to_add(pair=False)
        jobs = []  # (doc index, sentence index, first word, words)
        sentence_words = {}
        for d, doc in enumerate(documents):
            for s in range(len(doc.sentences)):
                words = [t.text for t in doc.sentence_tokens(s)]
                if self.normalise:
                    words = [bridge_normalise(w) for w in words]
                sentence_words[d, s] = words
                lengths = [len(tokenizer(w, add_special_tokens=False)["input_ids"]) for w in words]
                for lo, hi in chunk_words(lengths, budget):
                    jobs.append((d, s, lo, words[lo:hi]))
        labels = {key: ["O"] * len(words) for key, words in sentence_words.items()}
        with torch.no_grad():
            starts = range(0, len(jobs), self.batch_size)
            for b in progress(starts, f"hf {self.model_name}", unit="batch", min_items=2):
                batch = jobs[b:b + self.batch_size]
                enc = tokenizer([j[3] for j in batch], is_split_into_words=True, truncation=True,
                                max_length=self.max_length, padding=True, return_tensors="pt")
                logits = model(**{k: v.to(device) for k, v in enc.items()}).logits
                best = logits.argmax(-1).cpu().tolist()
                for row, (d, s, lo, _) in enumerate(batch):
                    seen = set()
                    for position, word in enumerate(enc.word_ids(row)):
                        if word is None or word in seen:
                            continue
                        seen.add(word)
                        labels[d, s][lo + word] = id2label[best[row][position]]
        from harness.core.schema import load_schema

        types = set(load_schema().entity_types)
        out = []
        for d, doc in enumerate(documents):
            spans = []
            for s in range(len(doc.sentences)):
                spans += tags_to_spans(doc.sentence_tokens(s), labels[d, s], self.label_map.apply)
            unknown = sorted({x.type for x in spans} - types)
            if unknown:
                raise InputError(Problem("<baseline hf>", None, None, "label", "the benchmark's entity types",
                                         unknown[0], "pass --system-arg label_map=NAME|FILE.yaml"))
            out.append(Prediction(doc.id, tuple(sorted(set(spans)))))
        return out
