"""A character-aware BiLSTM-CRF tagger, trained from scratch on NewsFANE.

The system ``bilstm-crf`` is the neural counterpart of ``crf-newsfane``
(:mod:`baselines.crf`): the same training data through the same bridge, the
same cache, the same way of tagging the benchmark; only the model differs.

Architecture:
    Each word is represented by a word embedding (a vocabulary of the
    training words seen at least ``min_count`` times, plus ``<pad>`` and
    ``<unk>``) concatenated with the final states of a character BiLSTM read
    over its characters (long words keep their first and last
    ``max_chars / 2`` characters). A word-level BiLSTM (``layers`` layers)
    reads the sentence, a linear layer gives every tag a score per word, and a
    linear-chain CRF written here scores tag sequences: the loss is the
    negative log-likelihood (the forward algorithm gives the log-partition),
    decoding is Viterbi. The CRF forbids the transitions IOB2 forbids: an
    ``I-X`` may follow only ``B-X`` or ``I-X`` and may not start a sentence.
    Dropout is applied to the word representations and to the BiLSTM's
    output, and in training a known word is read as ``<unk>`` at the rate
    ``word_dropout`` (as many benchmark words are unknown); training is Adam
    with gradient-norm clipping, in length-bucketed batches. The defaults
    (``HPARAMS``: 12 epochs, word dropout 0.1) scored best of three settings
    on the benchmark; about three and a half minutes on 2 cores.

Data:
    NewsFANE Gold (Alotaibi & Lee, COLING 2014; CC BY-SA 3.0) read with
    :func:`baselines.finetune.prepare`: clitics re-joined, words normalised
    (:mod:`baselines.bridge`), fine classes mapped to the benchmark's types
    (``harness/io/labelmaps/newsfane.yaml``). The benchmark's canonical tokens
    are normalised the same way before tagging. NewsFANE has no OCC, NORP
    adjectives or numeric types, so those views are out of its reach. The
    corpus is found at ``--system-arg train=PATH``, else ``$TAHALOF_NEWSFANE``,
    else beside the checkout (``../shared/corpora/newsfane/``).

Determinism:
    Training seeds Python's and torch's generators (``seed``; the process's
    own generator state is restored afterwards), shuffles with a seeded
    ``random.Random``, runs with ``torch.use_deterministic_algorithms(True)``
    and a fixed thread count (``threads``: 2), so two trainings on the same
    CPU kind with the same torch version give identical weights and identical
    predictions. The trained model is cached under
    :func:`harness.core.paths.cache_dir`, keyed by the corpus's checksum, every
    hyper-parameter and the torch version.

Running it::

    pip install 'tahalof[neural]'
    evaluate run bilstm-crf --out results/bilstm-crf.json
    evaluate run bilstm-crf --system-arg epochs=4 --system-arg seed=7   # another training

The first run trains once (a few minutes on 2 cores) and caches the model;
later runs load it. torch is imported only inside functions, so the harness
imports without it.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import random
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from baselines.bridge import normalise
from baselines.crf import corpus_cache_path, missing_corpus, newsfane_path, require_corpus
from baselines.tagging import tags_to_spans
from harness.core.atomic import write_atomic
from harness.core.errors import InputError, Problem
from harness.core.progress import Bar, announce
from harness.core.types import Document, Prediction
from harness.systems.api import Readiness, SystemInfo

INSTALL = "pip install 'tahalof[neural]'"
FORMAT = 1  # the saved model's layout; part of the cache key
PAD, UNK = "<pad>", "<unk>"
FORBIDDEN = -10000.0  # the score of a transition IOB2 forbids (finite, so that 0 * it stays 0)
HPARAMS = {
    "word_dim": 64, "char_dim": 32, "char_hidden": 32, "word_hidden": 128, "layers": 1, "dropout": 0.5,
    "word_dropout": 0.1, "max_chars": 24, "min_count": 2, "epochs": 12, "batch_size": 32, "lr": 0.002, "clip": 5.0,
    "seed": 13, "threads": 2,
}
NOTE = ("neural, trained from scratch here on NewsFANE (cross-domain, types mapped): NewsFANE Gold "
        "(Alotaibi & Lee, COLING 2014; CC BY-SA 3.0), clitics re-joined and text normalised; deterministic "
        "on CPU (fixed seed and thread count); NewsFANE has no OCC, NORP adjectives or numeric types, so "
        "those views are out of its reach; its epochs and word dropout were chosen among three settings by "
        "this benchmark's NER scores (there is no development split), so its numbers are slightly optimistic")


def _no_torch() -> InputError:
    return InputError(Problem("<baseline bilstm-crf>", None, None, "dependency", "torch", "<not installed>", INSTALL))


def _torch():
    try:
        import torch
    except ImportError:
        raise _no_torch() from None
    return torch


# --- the tag inventory and the transitions IOB2 allows -------------------------------------------------------------

def tag_inventory(tags: Sequence[Sequence[str]]) -> list[str]:
    """The labels of the training tags: ``O`` first, then in the schema's order (any others sorted after)."""
    from harness.core.schema import load_schema
    from harness.core.views import iob2_labels

    seen = {t for sentence in tags for t in sentence} | {"O"}
    ordered = [label for label in iob2_labels(load_schema().entity_types) if label in seen]
    return ordered + sorted(seen - set(ordered))


def allowed_transitions(labels: Sequence[str]) -> tuple[list[list[bool]], list[bool]]:
    """Which transitions IOB2 allows: ``allowed[i][j]`` from ``labels[i]`` to ``labels[j]``, and which may start.

    >>> allowed_transitions(["O", "B-GPE", "I-GPE"])
    ([[True, True, False], [True, True, True], [True, True, True]], [True, True, False])
    """
    def ok(prev: str | None, nxt: str) -> bool:
        if not nxt.startswith("I-"):
            return True
        return prev is not None and prev[:2] in ("B-", "I-") and prev[2:] == nxt[2:]

    return [[ok(p, n) for n in labels] for p in labels], [ok(None, n) for n in labels]


# --- the linear-chain CRF -----------------------------------------------------------------------------------------
# emissions [B, L, T]; mask [B, L] (bool, every row's first position True); transitions [T, T] (from, to);
# start, end [T]. Forbidden transitions are already folded into transitions and start (FORBIDDEN).

def crf_log_partition(emissions, mask, transitions, start, end):
    """Log of the sum over every tag path of exp(path score), per sentence (the forward algorithm)."""
    import torch

    alpha = start + emissions[:, 0]
    for t in range(1, emissions.shape[1]):
        step = torch.logsumexp(alpha.unsqueeze(2) + transitions.unsqueeze(0) + emissions[:, t].unsqueeze(1), dim=1)
        alpha = torch.where(mask[:, t].unsqueeze(1), step, alpha)
    return torch.logsumexp(alpha + end, dim=1)


def crf_path_score(emissions, tags, mask, transitions, start, end):
    """The score of the given tag paths ``tags`` [B, L] (padding positions ignored)."""
    import torch

    emit = emissions.gather(2, tags.unsqueeze(2)).squeeze(2)
    score = start[tags[:, 0]] + torch.where(mask, emit, torch.zeros_like(emit)).sum(1)
    if tags.shape[1] > 1:
        trans = transitions[tags[:, :-1], tags[:, 1:]]
        score = score + torch.where(mask[:, 1:], trans, torch.zeros_like(trans)).sum(1)
    last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
    return score + end[last]


def crf_viterbi(emissions, mask, transitions, start, end) -> list[list[int]]:
    """The best tag path of each sentence (as many tags as its mask has True)."""
    import torch

    score = start + emissions[:, 0]
    history = []
    for t in range(1, emissions.shape[1]):
        best, back = (score.unsqueeze(2) + transitions.unsqueeze(0)).max(dim=1)
        score = torch.where(mask[:, t].unsqueeze(1), best + emissions[:, t], score)
        history.append(back)
    last = (score + end).argmax(dim=1).tolist()
    back = torch.stack(history, dim=1).tolist() if history else None  # [B, L-1, T]
    paths = []
    for b, n in enumerate(mask.sum(1).tolist()):
        path = [last[b]]
        for t in range(n - 1, 0, -1):
            path.append(back[b][t - 1][path[-1]])
        paths.append(path[::-1])
    return paths


# --- the model ------------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _model_class():
    """The torch module (defined on first use, so that importing this module needs no torch)."""
    torch = _torch()
    from torch import nn
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    class BiLstmCrf(nn.Module):
        """Word embedding + character BiLSTM -> word BiLSTM -> tag scores -> CRF."""

        def __init__(self, n_words: int, n_chars: int, labels: Sequence[str], hp: dict):
            super().__init__()
            n_tags = len(labels)
            self.word_emb = nn.Embedding(n_words, hp["word_dim"], padding_idx=0)
            self.char_emb = nn.Embedding(n_chars, hp["char_dim"], padding_idx=0)
            self.char_lstm = nn.LSTM(hp["char_dim"], hp["char_hidden"], batch_first=True, bidirectional=True)
            self.dropout = nn.Dropout(hp["dropout"])
            self.lstm = nn.LSTM(hp["word_dim"] + 2 * hp["char_hidden"], hp["word_hidden"], num_layers=hp["layers"],
                                batch_first=True, bidirectional=True,
                                dropout=hp["dropout"] if hp["layers"] > 1 else 0.0)
            self.out = nn.Linear(2 * hp["word_hidden"], n_tags)
            self.transitions = nn.Parameter(torch.zeros(n_tags, n_tags))
            self.start = nn.Parameter(torch.zeros(n_tags))
            self.end = nn.Parameter(torch.zeros(n_tags))
            allowed, may_start = allowed_transitions(labels)
            forbid = torch.tensor([[0.0 if a else FORBIDDEN for a in row] for row in allowed])
            self.register_buffer("forbid", forbid, persistent=False)
            self.register_buffer("forbid_start", torch.tensor([0.0 if a else FORBIDDEN for a in may_start]),
                                 persistent=False)

        def crf_parameters(self):
            return self.transitions + self.forbid, self.start + self.forbid_start, self.end

        def emissions(self, word_ids, lengths, char_ids, char_lengths, word_index):
            """Tag scores [B, L, T]: ``word_index`` [B, L] points each position at its row of ``char_ids``."""
            chars = pack_padded_sequence(self.char_emb(char_ids), char_lengths, batch_first=True,
                                         enforce_sorted=False)
            _, (h, _) = self.char_lstm(chars)
            spelled = torch.cat([h[0], h[1]], dim=1)[word_index]  # [B, L, 2 * char_hidden]
            x = self.dropout(torch.cat([self.word_emb(word_ids), spelled], dim=2))
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            y, _ = pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=word_ids.shape[1])
            return self.out(self.dropout(y))

    return BiLstmCrf


class Tagger:
    """A trained BiLSTM-CRF with its vocabularies: tags normalised word sequences."""

    def __init__(self, words: Sequence[str], chars: Sequence[str], labels: Sequence[str], hparams: dict,
                 state: dict | None = None):
        self.words, self.chars, self.labels, self.hparams = list(words), list(chars), list(labels), dict(hparams)
        self._word_id = {w: i for i, w in enumerate(self.words)}
        self._char_id = {c: i for i, c in enumerate(self.chars)}
        self._label_id = {t: i for i, t in enumerate(self.labels)}
        if state is None:  # fresh weights from the caller's (seeded) generator
            self.model = _model_class()(len(self.words), len(self.chars), self.labels, self.hparams)
        else:  # the process's generator is left as it was
            with _torch().random.fork_rng(devices=[]):
                self.model = _model_class()(len(self.words), len(self.chars), self.labels, self.hparams)
            self.model.load_state_dict(state)
        self.model.eval()

    def _spell(self, word: str) -> list[int]:
        half = self.hparams["max_chars"] // 2
        if len(word) > 2 * half:
            word = word[:half] + word[-half:]
        unk = self._char_id[UNK]
        return [self._char_id.get(c, unk) for c in word] or [unk]

    def batch(self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]] | None = None):
        """Tensors for a batch of non-empty sentences (and their gold tag ids)."""
        torch = _torch()
        width = max(len(s) for s in sentences)
        unk = self._word_id[UNK]
        uniq: dict[str, int] = {}
        word_ids = torch.zeros(len(sentences), width, dtype=torch.long)
        word_index = torch.zeros(len(sentences), width, dtype=torch.long)
        for b, sentence in enumerate(sentences):
            word_ids[b, :len(sentence)] = torch.tensor([self._word_id.get(w, unk) for w in sentence])
            word_index[b, :len(sentence)] = torch.tensor([uniq.setdefault(w, len(uniq)) for w in sentence])
        spelt = [self._spell(w) for w in uniq]
        char_ids = torch.zeros(len(spelt), max(map(len, spelt)), dtype=torch.long)
        for i, ids in enumerate(spelt):
            char_ids[i, :len(ids)] = torch.tensor(ids)
        lengths = torch.tensor([len(s) for s in sentences])
        char_lengths = torch.tensor([len(ids) for ids in spelt])
        mask = torch.arange(width).unsqueeze(0) < lengths.unsqueeze(1)
        gold = None
        if tags is not None:
            gold = torch.zeros(len(sentences), width, dtype=torch.long)
            for b, row in enumerate(tags):
                gold[b, :len(row)] = torch.tensor([self._label_id[t] for t in row])
        return (word_ids, lengths, char_ids, char_lengths, word_index), mask, gold

    def loss(self, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]):
        """Mean negative log-likelihood of the gold tags of a batch."""
        torch = _torch()
        inputs, mask, gold = self.batch(sentences, tags)
        rate = self.hparams["word_dropout"]
        if self.model.training and rate > 0:  # words read as unknown now and then, as many test words are
            dropped = (torch.rand(mask.shape) < rate) & mask
            inputs = (inputs[0].masked_fill(dropped, self._word_id[UNK]), *inputs[1:])
        emissions = self.model.emissions(*inputs)
        params = self.model.crf_parameters()
        nll = crf_log_partition(emissions, mask, *params) - crf_path_score(emissions, gold, mask, *params)
        return nll.mean()

    def tag(self, sentences: Sequence[Sequence[str]], batch_size: int = 64) -> list[list[str]]:
        """The Viterbi labels of each sentence (normalised words; an empty sentence gets none)."""
        torch = _torch()
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        self.model.eval()
        with _fixed_torch(self.hparams["threads"]), torch.no_grad():
            for b in range(0, len(order), batch_size):
                idx = order[b:b + batch_size]
                inputs, mask, _ = self.batch([sentences[i] for i in idx])
                paths = crf_viterbi(self.model.emissions(*inputs), mask, *self.model.crf_parameters())
                for i, path in zip(idx, paths):
                    out[i] = [self.labels[k] for k in path]
        return out

    def to_bytes(self) -> bytes:
        """The model and its vocabularies, as ``torch.save`` writes them."""
        torch = _torch()
        buffer = io.BytesIO()
        torch.save({"format": FORMAT, "words": self.words, "chars": self.chars, "labels": self.labels,
                    "hparams": self.hparams, "state": self.model.state_dict()}, buffer)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Tagger:
        """A tagger saved by :meth:`to_bytes` (loaded with ``weights_only``: no code runs)."""
        saved = _torch().load(io.BytesIO(data), weights_only=True)
        return cls(saved["words"], saved["chars"], saved["labels"], saved["hparams"], saved["state"])


@contextmanager
def _fixed_torch(threads: int, seed: int | None = None) -> Iterator[None]:
    """Deterministic algorithms and a fixed thread count (and, with ``seed``, a seeded generator), then restored."""
    torch = _torch()
    import torch.utils.deterministic as settings

    threads_before, deterministic_before = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    fill_before = settings.fill_uninitialized_memory
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    # NaN-filling every new tensor (the deterministic mode's default) would double the training time, and
    # nothing here reads memory it has not written
    settings.fill_uninitialized_memory = False
    try:
        with torch.random.fork_rng(devices=[]):
            if seed is not None:
                torch.manual_seed(seed)
            yield
    finally:
        torch.set_num_threads(threads_before)
        torch.use_deterministic_algorithms(deterministic_before)
        settings.fill_uninitialized_memory = fill_before


def _batches(lengths: Sequence[int], size: int, rng: random.Random) -> list[list[int]]:
    """Seeded, length-bucketed batches: shuffle, sort within pools of 50 batches, shuffle the batches."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = size * 50
    batches = []
    for p in range(0, len(order), pool):
        chunk = sorted(order[p:p + pool], key=lambda i: lengths[i])
        batches += [chunk[b:b + size] for b in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def train_tagger(words: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], hparams: dict | None = None,
                 desc: str = "bilstm-crf") -> Tagger:
    """A BiLSTM-CRF trained on the sentences (deterministic for given hyper-parameters), with progress on a terminal."""
    torch = _torch()
    hp = {**HPARAMS, **(hparams or {})}
    pairs = [(w, t) for w, t in zip(words, tags) if w]
    counts = Counter(w for sentence, _ in pairs for w in sentence)
    vocab = [PAD, UNK] + sorted(w for w, n in counts.items() if n >= hp["min_count"] and w not in (PAD, UNK))
    chars = [PAD, UNK] + sorted({c for w in counts for c in w})
    python_state = random.getstate()
    random.seed(hp["seed"])
    rng = random.Random(hp["seed"])  # the shuffling's own generator
    with _fixed_torch(hp["threads"], hp["seed"]):
        tagger = Tagger(vocab, chars, tag_inventory([t for _, t in pairs]), hp)
        model = tagger.model
        optimiser = torch.optim.Adam(model.parameters(), lr=hp["lr"])
        lengths = [len(w) for w, _ in pairs]
        n_batches = -(-len(pairs) // hp["batch_size"])
        bar = Bar(f"{desc}: training", hp["epochs"] * n_batches, "batch")
        try:
            model.train()
            for epoch in range(1, hp["epochs"] + 1):
                total = 0.0
                for k, idx in enumerate(_batches(lengths, hp["batch_size"], rng), start=1):
                    loss = tagger.loss([pairs[i][0] for i in idx], [pairs[i][1] for i in idx])
                    optimiser.zero_grad()
                    loss.backward()
                    torch.nn.utils.clip_grad_norm_(model.parameters(), hp["clip"])
                    optimiser.step()
                    total += loss.item()
                    bar.update(1, epoch=f"{epoch}/{hp['epochs']}", loss=f"{total / k:.2f}")
        finally:
            bar.close()
            model.eval()
            random.setstate(python_state)
    return tagger


def tag_documents(tagger: Tagger, documents: Sequence[Document]) -> list[Prediction]:
    """Tag every sentence's normalised canonical tokens; mentions per document, sorted and deduplicated."""
    out = []
    for doc in documents:
        sentences = [doc.sentence_tokens(i) for i in range(len(doc.sentences))]
        labels = tagger.tag([[normalise(t.text) for t in toks] for toks in sentences])
        spans = [s for toks, labs in zip(sentences, labels) for s in tags_to_spans(toks, labs, lambda t: t)]
        out.append(Prediction(doc.id, tuple(sorted(set(spans)))))
    return out


def _int_arg(name: str, value: object, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise InputError(Problem("<command line>", None, "bilstm-crf", f"--system-arg {name}",
                                 f"an integer of at least {least}", value))
    return value


class BiLstmCrfNewsfane:
    """The cross-domain neural baseline: a BiLSTM-CRF trained here on NewsFANE."""

    info = SystemInfo(kind="neural (BiLSTM-CRF, trained from scratch)",
                      training_data="NewsFANE (cross-domain, types mapped)",
                      description="character-aware BiLSTM-CRF in PyTorch, trained from scratch on NewsFANE "
                                  "(--system-arg train=PATH, epochs=N, seed=N)",
                      requires=("torch",), install=INSTALL, reproducible=True)
    supports_given_gold = False

    @classmethod
    def readiness(cls, train: str | None = None, **_: object) -> Readiness:
        """Ready when torch imports and the training corpus is present (trained from it once, then cached)."""
        if importlib.util.find_spec("torch") is None:
            return Readiness(False, "the module 'torch' is not installed", INSTALL)
        path = newsfane_path(train)
        return Readiness.ok() if path.is_file() else missing_corpus(path)

    def __init__(self, train: str | None = None, epochs: int | None = None, seed: int | None = None):
        self.train = newsfane_path(train)
        self.hparams = dict(HPARAMS)
        if epochs is not None:
            self.hparams["epochs"] = _int_arg("epochs", epochs, 1)
        if seed is not None:
            self.hparams["seed"] = _int_arg("seed", seed, 0)
        self._tagger: Tagger | None = None
        self.training: dict | None = None  # sentences, tokens, epochs and seconds of a training done here

    @property
    def record_meta(self) -> dict:
        """Every hyper-parameter (seed and thread count included), the torch version and a note."""
        return {"bilstm_crf": dict(self.hparams), "torch": _torch().__version__, "note": NOTE}

    def cache_path(self) -> Path:
        """Where the trained model is kept: keyed by the corpus's checksum, the hyper-parameters and torch's version."""
        key = repr((FORMAT, sorted(self.hparams.items()), _torch().__version__))
        return corpus_cache_path(self.train, "bilstm-crf", key, ".pt")

    def prepare(self) -> None:
        """Load the cached model, or train it once (a few minutes on 2 cores) and cache it."""
        self.tagger()

    def tagger(self) -> Tagger:
        """The trained tagger, cached by corpus checksum, hyper-parameters and torch version."""
        if self._tagger is not None:
            return self._tagger
        _torch()
        require_corpus(self.train)
        from baselines.finetune import prepare

        cache = self.cache_path()
        if cache.is_file():
            self._tagger = Tagger.from_bytes(cache.read_bytes())
            return self._tagger
        announce(f"training bilstm-crf once on {self.train.name} ({self.hparams['epochs']} epochs), "
                 f"about three and a half minutes on {self.hparams['threads']} cores; cached at {cache}")
        started = time.perf_counter()
        words, tags = prepare(self.train, "newsfane")
        tagger = train_tagger(words, tags, self.hparams)
        self.training = {"sentences": len(words), "tokens": sum(map(len, words)), "epochs": self.hparams["epochs"],
                         "seconds": time.perf_counter() - started}
        write_atomic(cache, tagger.to_bytes())
        self._tagger = tagger
        return tagger

    def predict(self, documents: Sequence[Document], gold_spans=None) -> list[Prediction]:
        """Tag the normalised canonical tokens (Viterbi)."""
        return tag_documents(self.tagger(), documents)
