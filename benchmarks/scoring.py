"""Scoring speed: every NER view of the harness against seqeval, and the bootstrap.

    python -m benchmarks.scoring [--tokens 1000000] [--seed 0]

1. A synthetic corpus of about ``--tokens`` tokens (random nested mentions,
   predictions that partly agree with the gold) is scored with all NER views
   together (strict, boundary, flat, coarse and the four SemEval schemes, per
   type and per sentence) and, on the same tag sequences, with seqeval's
   strict IOB2 ``classification_report``. It prints both times, their ratio
   and both flat F1 scores (which must be identical).
2. A 10,000-resample bootstrap of every view on the benchmark itself (gold
   against a perturbed copy of the gold), timed end to end.

Reported times are the best of ``--repeat`` runs (default 3), measured in the
same process, so the ratio compares like with like.
"""

from __future__ import annotations

import argparse
import random
import time

from seqeval.metrics import classification_report
from seqeval.scheme import IOB2


def best_of(repeat: int, fn):
    """(best wall time in seconds, last result) of ``repeat`` calls."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from harness.records.results import build_record
    from harness.scoring.suite import fast_ner
    from tests.synthetic import make_corpus

    sentences_per_doc, max_len = 50, 20  # about 10.5 tokens per sentence
    n_docs = max(1, round(args.tokens / (sentences_per_doc * (max_len + 1) / 2)))
    t = time.perf_counter()
    documents, predictions, gold_tags, pred_tags = make_corpus(random.Random(args.seed), n_docs, sentences_per_doc, max_len)
    n_tokens = sum(len(d.tokens) for d in documents)
    n_sentences = sum(len(d.sentences) for d in documents)
    print(f"corpus: {n_tokens:,} tokens, {n_sentences:,} sentences, "
          f"{sum(len(d.spans) for d in documents):,} gold mentions (built in {time.perf_counter() - t:.1f} s)")

    t_ours, views = best_of(args.repeat, lambda: fast_ner(documents, predictions))
    t_seqeval, report = best_of(
        args.repeat, lambda: classification_report(gold_tags, pred_tags, mode="strict", scheme=IOB2, output_dict=True,
                                                   zero_division=0))
    from harness.scoring.suite import units_of

    record = build_record("bench", units_of(documents), views, system={}, resamples=0, seed=0)
    ours_f1 = record.overall["all"]["ner_flat"].f1
    seqeval_f1 = report["micro avg"]["f1-score"]
    print(f"all NER views (8 views, per sentence and type): {t_ours:.3f} s")
    print(f"seqeval classification_report, strict IOB2:      {t_seqeval:.3f} s")
    print(f"ratio seqeval / harness: {t_seqeval / t_ours:.1f}x (target: at least 10x)")
    print(f"flat F1: harness {ours_f1:.15f}, seqeval {seqeval_f1:.15f}, identical: {abs(ours_f1 - seqeval_f1) < 1e-12}")

    from harness.gold.source import benchmark
    from harness.records.score import Options, score
    from harness.core.types import Prediction, Span

    bench = benchmark()
    gold = bench.documents
    rng = random.Random(args.seed)
    perturbed = [
        Prediction(d.id, tuple(s if rng.random() < 0.8 else Span(s.start, s.end, "ORG") for s in d.spans
                               if rng.random() < 0.9), d.relations[: len(d.relations) // 2])
        for d in gold
    ]
    t_boot, rec = best_of(1, lambda: score("perturbed", bench, perturbed, given_gold=perturbed,
                                           options=Options(resamples=10_000)))
    n_views = len(rec.views)
    print(f"benchmark bootstrap: 10,000 resamples x {n_views} views x 2 zones in {t_boot:.2f} s "
          f"(NER strict F1 {100 * rec.overall['all']['ner_strict'].f1:.1f} "
          f"[{100 * rec.overall['all']['ner_strict'].ci['f1'][0]:.1f}, {100 * rec.overall['all']['ner_strict'].ci['f1'][1]:.1f}])")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
