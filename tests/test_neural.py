"""The neural baseline bilstm-crf: its CRF against brute force, determinism, caching, and its failures."""

from __future__ import annotations

import itertools
import math
import random
import subprocess
import sys

import pytest

torch = pytest.importorskip("torch")

import baselines.neural as neural  # noqa: E402
from baselines.finetune import prepare  # noqa: E402
from baselines.tagging import tags_to_spans  # noqa: E402
from harness.core.errors import InputError  # noqa: E402
from harness.core.schema import load_schema  # noqa: E402
from harness.core.views import iob2_labels  # noqa: E402
from harness.gold.data import load_gold  # noqa: E402
from harness.systems.run import without_gold  # noqa: E402
from tests.conftest import ROOT, SHARED  # noqa: E402

NEWSFANE = SHARED / "corpora" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"
DOCS, _ = load_gold()
TYPES = set(load_schema().entity_types)
TINY = {"word_dim": 8, "char_dim": 8, "char_hidden": 8, "word_hidden": 16, "batch_size": 8, "epochs": 3}

# NewsFANE's layout: a byte-order mark, U+200E before every token, token<TAB>tag, Windows line ends, a lone
# tab between sentences, clitics split off (و, ب, ه) and fine-grained classes.
PEOPLE = [["محمد", "علي"], ["احمد", "حسن"], ["سمير", "خليل"], ["كريم", "سالم"], ["يوسف", "نادر"]]
CITIES = ["القاهرة", "دمشق", "بيروت", "عمان", "تونس", "بغداد"]
NATIONS = ["مصر", "سوريا", "لبنان", "الاردن", "فرنسا"]
GOVERNMENT = [["وزارة", "الخارجية"], ["مجلس", "الوزراء"], ["وزارة", "الداخلية"]]


def synthetic_sentence(rng: random.Random) -> list[tuple[str, str]]:
    person = rng.choice(PEOPLE)
    org = rng.choice(GOVERNMENT)
    out = [("و", "O"), ("قال", "O"), ("الرئيس", "O"), (person[0], "B-Politician"), (person[1], "I-Politician"),
           ("في", "O"), (rng.choice(CITIES), "B-Population-Center"), ("ان", "O"), ("ه", "O"), ("زار", "O")]
    out += [(org[0], "B-Government"), (org[1], "I-Government"), ("ب", "O"), (rng.choice(NATIONS), "B-Nation")]
    return out[rng.randrange(2):] + [("امس", "O"), (".", "O")]


def write_synthetic(path, n: int = 60, seed: int = 0):
    rng = random.Random(seed)
    blocks = ["".join(f"\u200e{tok}\t{tag}\r\n" for tok, tag in synthetic_sentence(rng)) for _ in range(n)]
    path.write_text("\ufeff" + "\t\r\n".join(blocks) + "\t\r\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_synthetic(tmp_path_factory.mktemp("newsfane") / "NewsFANE_synthetic.txt")


@pytest.fixture
def tiny(monkeypatch):
    monkeypatch.setattr(neural, "HPARAMS", {**neural.HPARAMS, **TINY})


# --- the CRF against brute force over every tag path ---------------------------------------------------------------

LABELS = ["O", "B-PERS", "I-PERS", "B-GPE", "I-GPE"]


def random_crf(seed: int, lengths: list[int]):
    g = torch.Generator().manual_seed(seed)
    n_tags, width = len(LABELS), max(lengths)
    emissions = torch.randn(len(lengths), width, n_tags, generator=g, dtype=torch.float64) * 2
    allowed, may_start = neural.allowed_transitions(LABELS)
    forbid = torch.tensor([[0.0 if a else neural.FORBIDDEN for a in row] for row in allowed], dtype=torch.float64)
    transitions = torch.randn(n_tags, n_tags, generator=g, dtype=torch.float64) + forbid
    start = torch.randn(n_tags, generator=g, dtype=torch.float64)
    start = start + torch.tensor([0.0 if a else neural.FORBIDDEN for a in may_start], dtype=torch.float64)
    end = torch.randn(n_tags, generator=g, dtype=torch.float64)
    mask = torch.arange(width).unsqueeze(0) < torch.tensor(lengths).unsqueeze(1)
    return emissions, mask, transitions, start, end


def brute_force(emissions, n, transitions, start, end):
    """Every tag path of one sentence of length n, with its score (plain Python floats)."""
    scores = {}
    for path in itertools.product(range(len(LABELS)), repeat=n):
        s = float(start[path[0]]) + float(end[path[-1]]) + sum(float(emissions[i, t]) for i, t in enumerate(path))
        s += sum(float(transitions[a, b]) for a, b in zip(path, path[1:]))
        scores[path] = s
    return scores


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_crf_forward_algorithm_and_viterbi_equal_brute_force(seed):
    lengths = [5, 3, 1, 4]
    emissions, mask, transitions, start, end = random_crf(seed, lengths)
    log_z = neural.crf_log_partition(emissions, mask, transitions, start, end)
    paths = neural.crf_viterbi(emissions, mask, transitions, start, end)
    allowed, may_start = neural.allowed_transitions(LABELS)
    for b, n in enumerate(lengths):
        scores = brute_force(emissions[b], n, transitions, start, end)
        top = max(scores.values())
        assert float(log_z[b]) == pytest.approx(top + math.log(sum(math.exp(s - top) for s in scores.values())),
                                                abs=1e-9)
        best = max(scores, key=scores.get)
        assert tuple(paths[b]) == best
        assert may_start[best[0]] and all(allowed[x][y] for x, y in zip(best, best[1:]))
    # the gold-path score, padded positions ignored
    g = random.Random(seed)
    tags = torch.zeros(len(lengths), max(lengths), dtype=torch.long)
    for b, n in enumerate(lengths):
        tags[b, :n] = torch.tensor([g.randrange(len(LABELS)) for _ in range(n)])
        tags[b, n:] = g.randrange(len(LABELS))  # padding holds anything
    got = neural.crf_path_score(emissions, tags, mask, transitions, start, end)
    for b, n in enumerate(lengths):
        path = tuple(tags[b, :n].tolist())
        assert float(got[b]) == pytest.approx(brute_force(emissions[b], n, transitions, start, end)[path], abs=1e-9)


def test_allowed_transitions_forbid_what_iob2_forbids():
    allowed, may_start = neural.allowed_transitions(LABELS)
    ok = {(a, b) for i, a in enumerate(LABELS) for j, b in enumerate(LABELS) if allowed[i][j]}
    assert ("O", "I-PERS") not in ok and ("B-GPE", "I-PERS") not in ok and ("I-GPE", "I-PERS") not in ok
    assert ("B-PERS", "I-PERS") in ok and ("I-PERS", "I-PERS") in ok and ("I-PERS", "B-PERS") in ok
    assert [label for label, s in zip(LABELS, may_start) if not s] == ["I-PERS", "I-GPE"]


# --- training: deterministic, learning, leaving the process as it was ---------------------------------------------

def test_training_twice_gives_identical_weights_and_predictions(corpus):
    words, tags = prepare(corpus, "newsfane")
    torch.manual_seed(1)
    random.seed(1)
    first = neural.train_tagger(words, tags, TINY)
    torch.manual_seed(2)  # whatever state the process's generators are in
    random.seed(2)
    torch.rand(3)
    again = neural.train_tagger(words, tags, TINY)
    a, b = first.model.state_dict(), again.model.state_dict()
    assert list(a) == list(b)
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert first.tag(words) == again.tag(words)
    other = neural.train_tagger(words, tags, {**TINY, "seed": 14}).model.state_dict()
    assert not all(torch.equal(a[k], other[k]) for k in a)  # the seed is what fixes the weights


def test_it_learns_and_its_labels_are_the_benchmarks(corpus, tmp_path):
    words, tags = prepare(corpus, "newsfane")
    tagger = neural.train_tagger(words, tags, {**TINY, "epochs": 12, "batch_size": 4})
    assert set(tagger.labels) <= set(iob2_labels(sorted(TYPES)))
    assert {"B-PERS", "I-PERS", "B-GPE", "B-ORG", "I-ORG"} <= set(tagger.labels)  # NewsFANE's classes mapped
    held_words, held_tags = prepare(write_synthetic(tmp_path / "held.txt", 20, seed=1), "newsfane")
    predicted = tagger.tag(held_words)
    hits = sum(p == g for ps, gs in zip(predicted, held_tags) for p, g in zip(ps, gs))
    assert hits / sum(map(len, held_tags)) > 0.9
    from harness.core.types import Token

    for sentence, labels in zip(held_words, predicted):
        toks, at = [], 0
        for w in sentence:
            toks.append(Token(w, at, at + len(w)))
            at += len(w) + 1
        assert {s.type for s in tags_to_spans(toks, labels, lambda t: t)} <= TYPES


def test_training_leaves_the_process_settings_as_they_were(corpus):
    words, tags = prepare(corpus, "newsfane")
    threads, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    rng, py = torch.get_rng_state(), random.getstate()
    neural.train_tagger(words[:10], tags[:10], {**TINY, "epochs": 1})
    assert torch.get_num_threads() == threads
    assert torch.are_deterministic_algorithms_enabled() == deterministic
    assert torch.equal(torch.get_rng_state(), rng) and random.getstate() == py


# --- the system: trained once, cached, reloaded --------------------------------------------------------------------

def test_bilstm_crf_trains_caches_and_reloads_the_same_model(corpus, tmp_path, monkeypatch, tiny):
    monkeypatch.setenv("TAHALOF_CACHE", str(tmp_path / "cache"))
    system = neural.BiLstmCrfNewsfane(train=str(corpus), epochs=2, seed=5)
    system.prepare()
    first = system.predict(without_gold(DOCS[:2]))
    cached = list((tmp_path / "cache").glob("bilstm-crf-*.pt"))
    assert cached == [system.cache_path()]
    assert system.training["sentences"] == 60 and system.training["epochs"] == 2
    again = neural.BiLstmCrfNewsfane(train=str(corpus), epochs=2, seed=5)
    assert again.predict(without_gold(DOCS[:2])) == first
    assert again.training is None  # loaded, not trained
    a, b = system.tagger().model.state_dict(), again.tagger().model.state_dict()
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert neural.BiLstmCrfNewsfane(train=str(corpus), epochs=3, seed=5).cache_path() != system.cache_path()
    assert [p.doc_id for p in first] == [d.id for d in DOCS[:2]]
    starts = {t.start for d in DOCS[:2] for t in d.tokens}
    assert all(s.start in starts and s.type in TYPES for p in first for s in p.spans)
    meta = system.record_meta
    assert meta["bilstm_crf"] == {**neural.HPARAMS, "epochs": 2, "seed": 5}
    assert meta["bilstm_crf"]["threads"] == 2 and meta["torch"] == torch.__version__
    assert "trained from scratch" in meta["note"]
    assert not any("time" in k or "second" in k for k in meta)  # a record must not change between trainings


@pytest.mark.skipif(not NEWSFANE.is_file(), reason="NewsFANE is not beside the checkout")
def test_bilstm_crf_trains_on_the_real_corpus(tmp_path, monkeypatch, tiny):
    lines = NEWSFANE.read_text(encoding="utf-8-sig").split("\n")
    subset = tmp_path / "subset.txt"
    subset.write_text("\n".join(lines[:6000]), encoding="utf-8")  # about 170 sentences
    monkeypatch.setenv("TAHALOF_CACHE", str(tmp_path / "cache"))
    system = neural.BiLstmCrfNewsfane(train=str(subset), epochs=1)
    preds = system.predict(without_gold(DOCS[:1]))
    assert system.training["tokens"] > 4000
    starts = {t.start for t in DOCS[0].tokens}
    assert all(s.start in starts and s.type in TYPES for p in preds for s in p.spans)


def test_the_entry_point_names_this_class():
    from harness.systems.registry import registry

    assert registry().load("bilstm-crf") is neural.BiLstmCrfNewsfane


# --- failures: clear errors, never a traceback ---------------------------------------------------------------------

def test_missing_corpus_says_how_to_fix(tmp_path):
    absent = tmp_path / "absent.txt"
    ready = neural.BiLstmCrfNewsfane.readiness(train=str(absent))
    assert not ready.ready and str(absent) in ready.missing and "--system-arg train=PATH" in ready.fix
    with pytest.raises(InputError, match="--system-arg train=PATH"):
        neural.BiLstmCrfNewsfane(train=str(absent)).predict(without_gold(DOCS[:1]))


def test_missing_torch_says_how_to_install(corpus, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    ready = neural.BiLstmCrfNewsfane.readiness(train=str(corpus))
    assert not ready.ready and "torch" in ready.missing and ready.fix == "pip install 'tahalof[neural]'"
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now fails
    with pytest.raises(InputError, match=r"tahalof\[neural\]"):
        neural.BiLstmCrfNewsfane(train=str(corpus)).predict(without_gold(DOCS[:1]))


@pytest.mark.parametrize("args", [{"epochs": 0}, {"epochs": "many"}, {"seed": -1}, {"seed": True}])
def test_bad_system_args_are_refused(args):
    with pytest.raises(InputError, match="--system-arg"):
        neural.BiLstmCrfNewsfane(**args)


def test_the_module_imports_without_torch():
    code = ("import sys; sys.modules['torch'] = None; import baselines.neural as n; "
            "print(n.BiLstmCrfNewsfane.info.kind)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "neural (BiLSTM-CRF, trained from scratch)"
