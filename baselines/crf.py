"""CRF taggers (sklearn-crfsuite) with Arabic-aware features.

- ``crf-newsfane``: trained on NewsFANE (cross-domain): its fine classes are
  mapped to the benchmark's types (``harness/io/labelmaps/newsfane.yaml``), its
  clitic-segmented text re-joined and normalised (:mod:`baselines.bridge`),
  and the benchmark normalised the same way.
- ``crf-lodo``: trained on the gold itself, leave one document out: each
  document is tagged by a CRF trained on the other four (outermost mentions),
  and the five held-out predictions are pooled.

Features of a word: its normal form, the form with proclitics and the article
stripped, prefixes and suffixes up to three letters, the article and clitic
flags, digit and Latin shape, length, hits in the rule system's gazetteers
(country or city, region, nationality adjective, title, organisation keyword,
month, weekday), and the same for the two words either side.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from baselines.bridge import normalise
from baselines.rules.lexicon import load_lexicon, strip_proclitics
from baselines.tagging import tags_to_spans
from harness.core.errors import InputError, Problem
from harness.core.atomic import write_atomic
from harness.core.paths import cache_dir
from harness.core.progress import Bar, announce, progress
from harness.core.types import Document, Prediction
from harness.systems.api import Readiness, SystemInfo
from harness.core.views import outermost, to_iob2

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NEWSFANE = ROOT.parent / "shared" / "corpora" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"
CRF_PARAMS = {"algorithm": "lbfgs", "c1": 0.05, "c2": 0.05, "max_iterations": 150, "all_possible_transitions": True}


def _stem(word: str) -> str:
    forms = sorted(strip_proclitics(word), key=len)
    stem = forms[0] if forms else word
    return stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem


def word_features(word: str) -> dict:
    """Features of one word (no context)."""
    lex = load_lexicon()
    norm = normalise(word)
    forms = strip_proclitics(word)
    hit = lex.names.longest([word], 0)
    return {
        "w": norm, "stem": _stem(word), "p1": norm[:1], "p2": norm[:2], "p3": norm[:3],
        "s1": norm[-1:], "s2": norm[-2:], "s3": norm[-3:], "al": any(f.startswith("ال") for f in forms),
        "clitic": norm[:1] in "وفبلك" and len(forms) > 1, "digit": word.isdigit(),
        "latin": word.isascii() and word.isalpha(), "punct": not word.isalnum(), "len": min(len(word), 10),
        "gaz": hit[1] if hit else "-", "nisba": lex.is_nisba(word), "title": bool(forms & lex.title_heads),
        "orgkw": bool(forms & lex.org_keywords), "weekday": bool(forms & lex.weekdays),
        "month": bool(lex.months.longest([word], 0)),
    }


def sentence_features(words: Sequence[str]) -> list[dict]:
    """Features of every word with its neighbours' (±2)."""
    base = [word_features(w) for w in words]
    out = []
    for i, feats in enumerate(base):
        f = dict(feats)
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(words):
                for key in ("w", "stem", "gaz", "nisba", "title", "orgkw", "al", "digit"):
                    f[f"{off}:{key}"] = base[j][key]
            else:
                f[f"{off}:pad"] = True
        if i == 0:
            f["BOS"] = True
        if i == len(words) - 1:
            f["EOS"] = True
        out.append(f)
    return out


INSTALL = "pip install 'tahalof[crf]'"


def _trainer_with_bar(bar: Bar):
    """A crfsuite trainer class that advances ``bar`` once per optimiser iteration (and prints nothing)."""
    import pycrfsuite

    class BarTrainer(pycrfsuite.Trainer):
        def message(self, message):
            if self.logparser.feed(message) == "iteration":
                bar.update(1, loss=f"{self.logparser.last_iteration.get('loss', 0):.0f}")

    return BarTrainer


def train_crf(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], desc: str = "CRF"):
    """A fitted CRF (deterministic L-BFGS), with progress on a terminal."""
    try:
        import sklearn_crfsuite
    except ImportError:
        raise InputError(Problem("<baseline crf>", None, None, "dependency", "sklearn-crfsuite", "<not installed>",
                                 INSTALL)) from None
    features = [sentence_features(s) for s in progress(sentences, f"{desc}: features", unit="sentence", min_items=500)]
    bar = Bar(f"{desc}: L-BFGS", CRF_PARAMS["max_iterations"], "iteration")
    try:
        crf = sklearn_crfsuite.CRF(**CRF_PARAMS, trainer_cls=_trainer_with_bar(bar))
        crf.fit(features, [list(t) for t in tags])
    finally:
        bar.close()
    crf.trainer_cls = None  # the model pickles without the progress class
    return crf


def tag_documents(crf, documents: Sequence[Document], normalise_words: bool = True,
                  desc: str = "") -> list[Prediction]:
    """Tag every sentence of the documents with a fitted CRF (a progress bar with ``desc`` on a terminal)."""
    out = []
    bar = Bar(f"{desc}: tagging", sum(len(d.sentences) for d in documents), "sentence") if desc else None
    for doc in documents:
        sentences = [doc.sentence_tokens(i) for i in range(len(doc.sentences))]
        words = [[normalise(t.text) if normalise_words else t.text for t in toks] for toks in sentences]
        labels = []
        for w in words:
            labels.append(crf.predict_single(sentence_features(w)))
            if bar is not None:
                bar.update()
        spans = [s for toks, labs in zip(sentences, labels) for s in tags_to_spans(toks, labs, lambda t: t)]
        out.append(Prediction(doc.id, tuple(sorted(set(spans)))))
    if bar is not None:
        bar.close()
    return out


def newsfane_path(train: str | os.PathLike | None) -> Path:
    return Path(train or os.environ.get("TAHALOF_NEWSFANE") or DEFAULT_NEWSFANE)


def missing_corpus(path: Path) -> Readiness:
    """The readiness of a system whose NewsFANE corpus is not at ``path``."""
    return Readiness(False, f"the NewsFANE training corpus ({path})",
                     "--system-arg train=PATH/NewsFANE_Gold_2014_170K.txt, or set TAHALOF_NEWSFANE")


def require_corpus(path: Path) -> None:
    """Raise the one clear error of a model trained on NewsFANE when the corpus is missing.

    Raises:
        InputError: naming the path and how to give another.
    """
    if not path.is_file():
        raise InputError(Problem(str(path), None, None, "training corpus", "NewsFANE_Gold_2014_170K.txt",
                                 "<missing>", "pass --system-arg train=PATH or set TAHALOF_NEWSFANE"))


def corpus_cache_path(train: Path, stem: str, key: str, suffix: str) -> Path:
    """Where a model trained on ``train`` is cached: keyed by the corpus's bytes and ``key`` (its settings)."""
    digest = hashlib.sha256(train.read_bytes() + key.encode()).hexdigest()[:16]
    return cache_dir() / f"{stem}-{digest}{suffix}"


def gold_training_data(documents: Sequence[Document]) -> tuple[list[list[str]], list[list[str]]]:
    """Normalised words and IOB2 tags over the outermost gold mentions, per sentence."""
    words, tags = [], []
    for doc in documents:
        for i, s in enumerate(doc.sentences):
            toks = doc.sentence_tokens(i)
            mentions = [(x.start, x.end, x.type) for x in doc.spans if s.start <= x.start < s.end]
            words.append([normalise(t.text) for t in toks])
            tags.append(to_iob2(outermost(mentions), toks))
    return words, tags


def lodo_gold(documents: Sequence[Document], system: str) -> dict[str, Document]:
    """The benchmark's gold documents by id, for leave-one-document-out training.

    Raises:
        InputError: when asked to tag documents that are not the benchmark's.
    """
    from harness.gold.data import load_gold

    gold = {d.id: d for d in load_gold()[0]}
    foreign = [d.id for d in documents if d.id not in gold]
    if foreign:
        raise InputError(Problem(f"<baseline {system}>", None, None, "documents",
                                 "the benchmark's documents (it trains leave-one-document-out on their gold)",
                                 foreign[0]))
    return gold


class CrfNewsfane:
    """The cross-domain classical baseline."""

    info = SystemInfo(kind="classical (CRF)", training_data="NewsFANE (cross-domain, types mapped)",
                      description="sklearn-crfsuite CRF, Arabic features, trained on NewsFANE (--system-arg train=PATH)",
                      requires=("sklearn_crfsuite",), install=INSTALL)
    supports_given_gold = False

    @classmethod
    def readiness(cls, train: str | None = None, **_: object) -> Readiness:
        """Ready when the training corpus is present (the model is trained from it once, then cached)."""
        path = newsfane_path(train)
        return Readiness.ok() if path.is_file() else missing_corpus(path)

    def __init__(self, train: str | None = None):
        self.train = newsfane_path(train)
        self._crf = None
        self.record_meta = {"crf": CRF_PARAMS,
                            "note": "trained on NewsFANE Gold (Alotaibi & Lee, COLING 2014; CC BY-SA 3.0), "
                                    "clitics re-joined and text normalised; NewsFANE has no OCC, NORP "
                                    "adjectives or numeric types, so those views are out of its reach"}

    def cache_path(self) -> Path:
        """Where the trained model is kept: keyed by the corpus's checksum and the CRF's parameters."""
        return corpus_cache_path(self.train, "crf-newsfane", repr(sorted(CRF_PARAMS.items())), ".pkl")

    def prepare(self) -> None:
        """Load the cached model, or train it once (about two minutes) and cache it."""
        self.model()

    def model(self):
        """The trained CRF, cached by corpus checksum and parameters."""
        if self._crf is not None:
            return self._crf
        require_corpus(self.train)
        from baselines.finetune import prepare

        cache = self.cache_path()
        if cache.is_file():
            self._crf = pickle.loads(cache.read_bytes())
            return self._crf
        announce(f"training crf-newsfane once on {self.train.name}, about two minutes on 2 cores; cached at {cache}")
        words, tags = prepare(self.train, "newsfane")
        crf = train_crf(words, tags, "crf-newsfane")
        write_atomic(cache, pickle.dumps(crf))
        self._crf = crf
        return crf

    def predict(self, documents: Sequence[Document], gold_spans=None) -> list[Prediction]:
        """Tag the normalised canonical tokens."""
        return tag_documents(self.model(), documents, desc="crf-newsfane")


class CrfLodo:
    """The in-domain classical baseline (leave one document out)."""

    info = SystemInfo(kind="classical (CRF)", training_data="the gold, leave one document out",
                      description="sklearn-crfsuite CRF trained on the other four documents, pooled over the five folds",
                      requires=("sklearn_crfsuite",), install=INSTALL)
    supports_given_gold = False
    record_meta = {"crf": CRF_PARAMS,
                   "note": "in-domain: each document tagged by a CRF trained on the other four (outermost mentions)"}

    def predict(self, documents: Sequence[Document], gold_spans=None) -> list[Prediction]:
        """Each document tagged by a CRF trained on the others' gold."""
        gold = lodo_gold(documents, "crf-lodo")
        out = []
        announce(f"crf-lodo: training {len(documents)} CRFs, one per held-out document (a few seconds each)")
        for fold, doc in enumerate(documents, start=1):
            words, tags = gold_training_data([gold[k] for k in sorted(gold) if k != doc.id])
            out += tag_documents(train_crf(words, tags, f"crf-lodo fold {fold}/{len(documents)}"), [doc])
        return out
