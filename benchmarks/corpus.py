"""Corpus throughput: reading and scoring NewsFANE (170K tokens) as a gold file.

    python -m benchmarks.corpus [--corpus PATH] [--repeat 3]

Prints sentences per second for (1) reading and validating the file into a
document, (2) scoring every NER view of a prediction as good as the gold
(the gold itself) and of the rules baseline's predictions, without bootstrap,
and (3) the same with 10,000 bootstrap resamples.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"


def best(repeat: int, fn):
    """Best wall time and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from baselines.rules import RuleSystem
    from harness.gold.source import corpus
    from harness.io.labelmap import load_label_map
    from harness.records.score import Options, score
    from harness.systems.run import without_gold
    from harness.core.types import Prediction

    label_map = load_label_map("newsfane")
    t_read, gold = best(args.repeat, lambda: corpus(args.corpus, "conll", "IOB1", label_map))
    docs = gold.documents
    n = sum(len(d.sentences) for d in docs)
    print(f"corpus: {n:,} sentences, {sum(len(d.tokens) for d in docs):,} tokens, "
          f"{sum(len(d.spans) for d in docs):,} mentions")
    print(f"read and validate:               {n / t_read:10,.0f} sentences/s ({t_read:.2f} s)")
    gold_preds = [Prediction(d.id, d.spans) for d in docs]
    t_rules, rules = best(1, lambda: RuleSystem().predict(without_gold(docs)))
    rules = gold.scored(rules)
    print(f"rules baseline (predicting):     {n / t_rules:10,.0f} sentences/s ({t_rules:.2f} s)")
    for name, preds in (("gold", gold_preds), ("rules", rules)):
        opts = Options(resamples=0)
        t_score, _ = best(args.repeat, lambda: score(name, gold, preds, options=opts))
        print(f"score all views, {name:5} (no CI): {n / t_score:10,.0f} sentences/s ({t_score:.2f} s)")
    t_boot, record = best(1, lambda: score("rules", gold, rules, options=Options()))
    print(f"score all views with 10,000-resample intervals: {n / t_boot:,.0f} sentences/s ({t_boot:.2f} s); "
          f"rules NER strict F1 {100 * record.overall['all']['ner_strict'].f1:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
