"""``camel``: CAMeL Tools NER (``camel_tools.ner.NERecognizer``) on the canonical tokens.

The model is the ``ner-arabert`` data package through ``NERecognizer.pretrained()``
by default, or any model directory or hub id given by ``TAHALOF_CAMEL_MODEL``.
It predicts CAMeL's four classes, mapped with ``harness/io/labelmaps/camel.yaml``;
rank it on the coarse view.

Known pitfall: ``NERecognizer.predict`` drops words whose subword tokenisation
is empty, returning fewer labels than words. Each sentence's labels are
checked against its words; the dropped words are found with the model's own
tokenizer and given ``O``, and any other mismatch is an error: labels are never
shifted onto the wrong words.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from baselines.tagging import tags_to_spans
from harness.core.errors import InputError, Problem
from harness.io.labelmap import load_label_map
from harness.core.progress import announce, progress
from harness.core.types import Document, Prediction
from harness.systems.api import Readiness, SystemInfo

MINIMAL_CATALOGUE = {"version": "1.6", "packages": {}, "components": {}}
INSTALL_HINT = ("install the model with 'camel_data -i ner-arabert' (needs network), or set "
                "TAHALOF_CAMEL_MODEL to a local model directory or hub id")


def _ensure_offline_catalogue() -> None:
    """Point CAMELTOOLS_DATA at a folder with a catalogue when none exists.

    ``camel_tools.ner`` loads (and otherwise downloads) its data catalogue on
    import; a minimal local catalogue lets ``NERecognizer(path)`` load a local
    model with no network.
    """
    configured = os.environ.get("CAMELTOOLS_DATA")
    home = Path(configured) if configured else Path.home() / ".camel_tools"
    if (home / "catalogue.json").is_file():
        return
    folder = Path(tempfile.mkdtemp(prefix="camel-data-"))
    (folder / "catalogue.json").write_text(json.dumps(MINIMAL_CATALOGUE), encoding="utf-8")
    os.environ["CAMELTOOLS_DATA"] = str(folder)


def load_recognizer(model: str | None, use_gpu: bool = False):
    """A ``NERecognizer``: ``pretrained()`` when ``model`` is None, else from a path or hub id.

    Raises:
        InputError: with the fix, when camel-tools or the model is missing.
    """
    _ensure_offline_catalogue()
    try:
        from camel_tools.ner import NERecognizer
    except ImportError as exc:
        raise InputError(Problem("<baseline camel>", None, None, "dependency", "camel-tools",
                                 f"<{exc.name} not installed>", "pip install 'tahalof[camel]'")) from None
    except Exception as exc:  # camel_tools raises its own errors when the catalogue cannot be fetched
        raise InputError(Problem("<baseline camel>", None, None, "camel-tools data", "a data catalogue",
                                 f"<{type(exc).__name__}>", INSTALL_HINT)) from None
    if model is None:
        try:
            return NERecognizer.pretrained(use_gpu=use_gpu)
        except (KeyError, FileNotFoundError, OSError) as exc:
            raise InputError(Problem("<baseline camel>", None, None, "model", "the ner-arabert data package",
                                     f"<missing: {exc}>", INSTALL_HINT)) from None
    try:
        return NERecognizer(model, use_gpu=use_gpu)
    except OSError as exc:
        raise InputError(Problem("<baseline camel>", None, None, "model", "a BERT token-classification model",
                                 f"<{model}: {str(exc).splitlines()[0]}>", INSTALL_HINT)) from None


def realign(words: Sequence[str], labels: Sequence[str], tokenize) -> list[str]:
    """Labels for every word, 'O' for the words the recognizer skipped.

    Raises:
        ValueError: when the labels cannot be matched to the words.

    >>> realign(["a", "\\u200f", "b"], ["B-PERS", "O"], lambda w: [] if w == "\\u200f" else [w])
    ['B-PERS', 'O', 'O']
    """
    if len(labels) == len(words):
        return list(labels)
    kept = [i for i, w in enumerate(words) if tokenize(w)]
    if len(kept) != len(labels):
        raise ValueError(f"{len(labels)} labels for {len(words)} words ({len(kept)} with subwords)")
    out = ["O"] * len(words)
    for i, label in zip(kept, labels):
        out[i] = label
    return out


def camel_data_dir() -> Path:
    """CAMeL Tools' data folder: ``CAMELTOOLS_DATA``, else ``~/.camel_tools`` (as camel_tools decides)."""
    configured = os.environ.get("CAMELTOOLS_DATA")
    return Path(configured).expanduser().absolute() if configured else Path.home() / ".camel_tools"


def model_readiness(model: str | None) -> Readiness:
    """Whether the model a :class:`CamelNER` would load is present, without loading it or the network."""
    if model is None:
        folder = camel_data_dir() / "data" / "ner" / "arabert"
        if (folder / "config.json").is_file():
            return Readiness.ok()
        return Readiness(False, f"CAMeL Tools' ner-arabert model (looked in {folder})",
                         "camel_data -i ner-arabert  (or set TAHALOF_CAMEL_MODEL to a model directory)")
    if Path(model).is_dir():
        if (Path(model) / "config.json").is_file():
            return Readiness.ok()
        return Readiness(False, f"a model directory with config.json at {model}", "check TAHALOF_CAMEL_MODEL")
    from baselines.hf import hub_readiness

    return hub_readiness(model)


class CamelNER:
    """CAMeL Tools NER through the real ``NERecognizer``."""

    info = SystemInfo(kind="neural (BERT, CAMeL Tools)", training_data="ANERcorp (CAMeL Tools' ner-arabert model)",
                      description="CAMeL Tools NERecognizer (pretrained ner-arabert, or TAHALOF_CAMEL_MODEL); "
                                  "coarse view",
                      requires=("camel_tools", "torch", "transformers"), install="pip install 'tahalof[camel]'",
                      reproducible=False)
    supports_given_gold = False

    @classmethod
    def readiness(cls, model: str | None = None, **_: object) -> Readiness:
        """Ready when the ner-arabert package (or the model given) is present."""
        return model_readiness(model if model is not None else os.environ.get("TAHALOF_CAMEL_MODEL"))

    record_meta = {"note": "CAMeL's four classes via harness/io/labelmaps/camel.yaml; ranked on NER coarse"}

    def __init__(self, model: str | None = None, batch_size: int = 32, use_gpu: bool = False):
        self.model = model if model is not None else os.environ.get("TAHALOF_CAMEL_MODEL")
        self.batch_size = batch_size
        self.use_gpu = use_gpu
        self.label_map = load_label_map("camel")

    def prepare(self) -> None:
        """Load the recognizer once, before the gold is read."""
        announce(f"loading CAMeL Tools' NERecognizer ({self.model or 'ner-arabert'}; importing torch takes a few "
                 "seconds)")
        self._recognizer = load_recognizer(self.model, self.use_gpu)

    def predict(self, documents: Sequence[Document], gold_spans=None) -> list[Prediction]:
        """Tag every sentence; mentions from the labels."""
        recognizer = getattr(self, "_recognizer", None) or load_recognizer(self.model, self.use_gpu)
        out = []
        for doc in progress(documents, "camel", unit="document", min_items=2):
            sentences = [doc.sentence_tokens(i) for i in range(len(doc.sentences))]
            words = [[t.text for t in toks] for toks in sentences]
            labels = recognizer.predict(words, batch_size=self.batch_size)
            spans = []
            for toks, ws, labs in zip(sentences, words, labels, strict=True):
                try:
                    aligned = realign(ws, labs, recognizer.tokenizer.tokenize)
                except ValueError as exc:
                    raise InputError(Problem(f"<baseline camel, {doc.id}>", None, None, "labels",
                                             "one label per word", f"<{exc}>")) from None
                spans += tags_to_spans(toks, aligned, self.label_map.apply)
            out.append(Prediction(doc.id, tuple(sorted(set(spans)))))
        return out
