"""Baseline speed: tokens per second of each CPU baseline, and the cold start of evaluate.

    python -m benchmarks.baselines [--repeat 3]
    python -m benchmarks.baselines --systems bilstm-crf [--no-peer-training]

1. Each CPU baseline predicts the whole benchmark (2,716 tokens); the best of
   ``--repeat`` runs gives tokens per second (CRF training time included where
   the baseline trains at prediction time: crf-lodo, re-logreg; crf-newsfane
   uses its cached model, trained once).
   bilstm-crf is trained first, cold, into a temporary cache folder (its
   cached model is neither used nor touched): the training time and the
   training tokens per second (corpus tokens times epochs, over that time)
   are printed, and the ratio to a cold training of crf-newsfane measured
   the same way in the same run (``--no-peer-training`` skips that one, about
   two minutes, and gives the ratio to crf-newsfane's predict time instead,
   when it was measured in this run). Its predict speed is then measured as
   for the others.
2. The wall time of a cold ``evaluate run rules`` (a new process:
   imports, loading and verifying the gold, running, scoring with 10,000
   resamples) as a ratio to a cold ``python -c "import datasets"`` measured in
   the same run (target: at most 2x).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

TRAINED_COLD = {"bilstm-crf": "crf-newsfane"}  # systems whose training is measured, and the peer measured alike


def cold(cmd: list[str], repeat: int) -> float:
    """Best wall time of a command in a fresh process."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - t)
    return best


@contextmanager
def temporary_cache():
    """``TAHALOF_CACHE`` pointed at a new empty folder (removed afterwards), so that a model trains cold."""
    before = os.environ.get("TAHALOF_CACHE")
    with tempfile.TemporaryDirectory(prefix="tahalof-cold-") as folder:
        os.environ["TAHALOF_CACHE"] = folder
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("TAHALOF_CACHE", None)
            else:
                os.environ["TAHALOF_CACHE"] = before


def cold_training(name: str):
    """Train ``name`` from nothing into a temporary cache: the system, seconds, corpus tokens and epochs."""
    from baselines.finetune import prepare
    from harness.systems.registry import registry

    with temporary_cache():
        system = registry().create(name)
        t = time.perf_counter()
        system.prepare()
        seconds = time.perf_counter() - t
    stats = getattr(system, "training", None)
    if stats:
        return system, seconds, stats["tokens"], stats["epochs"]
    words, _ = prepare(system.train, "newsfane")
    return system, seconds, sum(map(len, words)), 1


def report_training(name: str, seconds: float, tokens: int, epochs: int) -> None:
    per = f"{tokens:,} tokens x {epochs} epochs" if epochs > 1 else f"{tokens:,} tokens"
    print(f"{name:14} training {seconds:8.1f} s cold  ({per}: {tokens * epochs / seconds:,.0f} training tokens/s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--systems", nargs="*",
                        default=["rules", "crf-newsfane", "crf-lodo", "re-logreg", "bilstm-crf"])
    parser.add_argument("--no-peer-training", dest="peer_training", action="store_false",
                        help="do not train the peer (crf-newsfane) cold; compare with its predict time instead")
    args = parser.parse_args(argv)

    from harness.gold.source import benchmark
    from harness.core.errors import InputError
    from harness.systems.registry import registry
    from harness.systems.run import run_system

    gold = benchmark()
    documents = gold.documents
    n_tokens = sum(len(d.tokens) for d in documents)
    print(f"benchmark: {len(documents)} documents, {n_tokens:,} tokens")
    predict_time: dict[str, float] = {}
    peer_training: dict[str, float] = {}
    for name in args.systems:
        try:
            reg = registry()
            if name in TRAINED_COLD:
                system, seconds, tokens, epochs = cold_training(name)
                report_training(name, seconds, tokens, epochs)
                peer = TRAINED_COLD[name]
                if args.peer_training and peer not in peer_training:
                    try:
                        _, peer_training[peer], peer_tokens, peer_epochs = cold_training(peer)
                        report_training(peer, peer_training[peer], peer_tokens, peer_epochs)
                    except InputError as err:
                        print(f"{peer:14} training not measured: {err.problems[0]}")
                if peer in peer_training:
                    print(f"{'':14} training ratio to {peer}'s cold training: {seconds / peer_training[peer]:.2f}x")
                elif peer in predict_time:
                    print(f"{'':14} training ratio to {peer}'s predict time: {seconds / predict_time[peer]:,.0f}x")
            else:
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
        predict_time[name] = best
        print(f"{name:14} {n_tokens / best:10,.0f} tokens/s  ({best:.2f} s per run)")

    t_import = cold([sys.executable, "-c", "import datasets"], args.repeat)
    t_rules = cold([sys.executable, "-m", "harness.cli.main", "run", "rules"], args.repeat)
    print(f"cold python -c 'import datasets': {t_import:.2f} s")
    print(f"cold evaluate run rules:          {t_rules:.2f} s")
    print(f"ratio: {t_rules / t_import:.2f}x (target: at most 2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
