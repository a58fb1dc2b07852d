"""Baseline speed: tokens per second of each CPU baseline, and the cold start of evaluate.

    python -m benchmarks.baselines [--repeat 3]

1. Each CPU baseline predicts the whole benchmark (2,716 tokens); the best of
   ``--repeat`` runs gives tokens per second (CRF training time included where
   the baseline trains at prediction time: crf-lodo, re-logreg; crf-newsfane
   uses its cached model, trained once).
2. The wall time of a cold ``evaluate run rules`` (a new process:
   imports, loading and verifying the gold, running, scoring with 10,000
   resamples) as a ratio to a cold ``python -c "import datasets"`` measured in
   the same run (target: at most 2x).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time


def cold(cmd: list[str], repeat: int) -> float:
    """Best wall time of a command in a fresh process."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--systems", nargs="*", default=["rules", "crf-newsfane", "crf-lodo", "re-logreg"])
    args = parser.parse_args(argv)

    from harness.gold.source import benchmark
    from harness.core.errors import InputError
    from harness.systems.registry import registry
    from harness.systems.run import run_system

    gold = benchmark()
    documents = gold.documents
    n_tokens = sum(len(d.tokens) for d in documents)
    print(f"benchmark: {len(documents)} documents, {n_tokens:,} tokens")
    for name in args.systems:
        try:
            reg = registry()
            system = reg.create(name, gold=documents)
            if hasattr(system, "prepare"):
                system.prepare()
            run_system(system, documents)  # warm-up (trains and caches crf-newsfane once)
        except InputError as err:
            print(f"{name:14} skipped: {err.problems[0]}")
            continue
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            run_system(system, documents)
            best = min(best, time.perf_counter() - t)
        print(f"{name:14} {n_tokens / best:10,.0f} tokens/s  ({best:.2f} s per run)")

    t_import = cold([sys.executable, "-c", "import datasets"], args.repeat)
    t_rules = cold([sys.executable, "-m", "harness.cli.main", "run", "rules"], args.repeat)
    print(f"cold python -c 'import datasets': {t_import:.2f} s")
    print(f"cold evaluate run rules:          {t_rules:.2f} s")
    print(f"ratio: {t_rules / t_import:.2f}x (target: at most 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
