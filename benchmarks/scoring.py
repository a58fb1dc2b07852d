"""Scoring speed and memory: every default NER view against seqeval and nervaluate, in one run.

    python -m benchmarks.scoring [--tokens 1000000] [--growth 5] [--repeat 3] [--seed 0]
    python benchmarks/scoring.py ...

1. A synthetic corpus of about ``--tokens`` tokens (random nested mentions,
   predictions that partly agree with the gold), handed over as readers hand
   them: documents and predictions holding their mention columns. Timed on it,
   each the best of ``--repeat`` runs in this process:

   - the harness: every default NER view (strict, boundary, flat, coarse, Wojood,
     the four SemEval schemes; per sentence, per type, per document) and the
     record built from them, without resamples;
   - seqeval's strict IOB2 ``classification_report`` and its default (lenient)
     ``f1_score`` on the same sentences' tags (the outermost mentions);
   - nervaluate's ``Evaluator`` (its four schemes) on the same nested mentions.

   The contenders run interleaved (each round times all four), so a change
   of load on the machine meets them alike. The numbers are asserted identical (flat = seqeval, strict and lenient, per
   type too; the SemEval counts = nervaluate's) and the ratios printed against
   the targets (at least 20x seqeval's report, 4x its f1_score).
2. Growth: the same corpus repeated ``--growth`` times, scored the same way
   (near-linear: the time ratio close to the size ratio).
3. Memory: the peak of the harness's allocations (``tracemalloc``) while
   scoring, per gold mention (target: under 150 bytes).
4. Column extraction: the time to read the columns out of Span objects, for
   a system that hands over only Spans (not counted in 1).
5. NewsFANE (``../shared/corpora``, when present) with 10,000 resamples (target:
   under 2 s), and the benchmark's own gold with 10,000 resamples.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a file: the checkout's packages first
    sys.path.insert(0, str(ROOT))

NEWSFANE = ROOT.parent / "shared" / "corpora" / "newsfane" / "NewsFANE_Gold_2014_170K.txt"
TOL = 1e-12


def best_of(repeat: int, fn):
    """(best wall time in seconds, last result) of ``repeat`` calls."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def ner_views():
    from harness.scoring.viewspec import VIEWS, Needs

    return [s for s in VIEWS.defaults() if Needs.RELATIONS not in s.needs]


def harness_record(documents, predictions):
    """Every default NER view and the record, without resamples."""
    from harness.records.results import Bootstrap, build_record
    from harness.scoring.engine import count

    scored = count(documents, predictions, views=ner_views())
    return build_record("bench", scored, system={}, bootstrap=Bootstrap(0, 0))


def nervaluate_lists(documents, by_doc):
    true, pred = [], []
    for doc in documents:
        spans = sorted(by_doc[doc.id].spans)
        gold = doc.spans
        for s in doc.sentences:
            true.append([{"label": x.type, "start": x.start, "end": x.end - 1} for x in gold if s.start <= x.start < s.end])
            pred.append([{"label": x.type, "start": x.start, "end": x.end - 1} for x in spans if s.start <= x.start < s.end])
    return true, pred


def repeated(documents, predictions, times: int):
    """The corpus ``times`` over, as new documents (their tokens, mentions and columns shared)."""
    docs, preds = [], []
    for k in range(times):
        for d, p in zip(documents, predictions):
            doc = dataclasses.replace(d, id=f"{d.id}-{k}")
            doc.__dict__["columns"] = d.columns
            pred = dataclasses.replace(p, doc_id=doc.id)
            pred.__dict__["columns"] = p.columns
            docs.append(doc)
            preds.append(pred)
    return docs, preds


def peak_bytes(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tokens", type=int, default=1_000_000)
    parser.add_argument("--growth", type=int, default=5, help="the growth run's size, in copies of the corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import nervaluate
    from seqeval.metrics import classification_report, f1_score
    from seqeval.scheme import IOB2

    from harness.core.types import MentionColumns
    from tests.synthetic import TYPES, make_corpus

    results = []  # (what, value, target, met)
    sentences_per_doc, max_len = 50, 20  # about 10.5 tokens per sentence
    n_docs = max(1, round(args.tokens / (sentences_per_doc * (max_len + 1) / 2)))
    t = time.perf_counter()
    documents, predictions, gold_tags, pred_tags = make_corpus(random.Random(args.seed), n_docs, sentences_per_doc,
                                                               max_len)
    n_tokens = sum(len(d.tokens) for d in documents)
    n_gold = sum(len(d.spans) for d in documents)
    print(f"corpus: {n_tokens:,} tokens, {sum(len(d.sentences) for d in documents):,} sentences, {n_gold:,} gold and "
          f"{sum(len(p.spans) for p in predictions):,} predicted mentions, {len(documents):,} documents "
          f"(built in {time.perf_counter() - t:.1f} s)\n")

    harness_record(documents[:2], predictions[:2])  # once first, as the references' imports are done already
    by_doc = {p.doc_id: p for p in predictions}
    true_l, pred_l = nervaluate_lists(documents, by_doc)
    contenders = {
        "ours": lambda: harness_record(documents, predictions),
        "report": lambda: classification_report(gold_tags, pred_tags, mode="strict", scheme=IOB2, output_dict=True,
                                                zero_division=0),
        "lenient": lambda: f1_score(gold_tags, pred_tags),
        "nervaluate": lambda: nervaluate.Evaluator(true_l, pred_l, tags=list(TYPES), loader="dict").evaluate(),
    }
    best = {name: float("inf") for name in contenders}
    out = {}
    for _ in range(args.repeat):  # interleaved, so that every contender meets the same load on the machine
        for name, fn in contenders.items():
            t = time.perf_counter()
            out[name] = fn()
            best[name] = min(best[name], time.perf_counter() - t)
    t_ours, t_report, t_lenient, t_nerv = (best[k] for k in ("ours", "report", "lenient", "nervaluate"))
    record, report, lenient, nerv = (out[k] for k in ("ours", "report", "lenient", "nervaluate"))

    flat = record.overall["all"]["ner_flat"]
    assert abs(flat.f1 - report["micro avg"]["f1-score"]) < TOL, (flat.f1, report["micro avg"])
    assert abs(flat.f1 - lenient) < TOL, (flat.f1, lenient)
    for typ, ref in report.items():
        if typ in TYPES:
            assert abs(record.per_type["all"]["ner_flat"][typ].f1 - ref["f1-score"]) < TOL, typ
    for scheme in ("strict", "exact", "partial", "ent_type"):
        c, ref = record.overall["all"][f"ner_partial_{scheme}"].counts, nerv["overall"][scheme]
        assert (c["cor"], c["inc"], c["par"], c["mis"], c["spu"]) == (
            ref.correct, ref.incorrect, ref.partial, ref.missed, ref.spurious), scheme
    n_views = len(record.views)
    print(f"harness, {n_views} NER views and the record (no resamples): {t_ours:7.3f} s")
    print(f"seqeval classification_report, strict IOB2:        {t_report:7.3f} s")
    print(f"seqeval f1_score, default (lenient) mode:          {t_lenient:7.3f} s")
    print(f"nervaluate Evaluator, four schemes:                {t_nerv:7.3f} s")
    print(f"identical: flat F1 {flat.f1:.15f} = seqeval strict and lenient, per type too; "
          "SemEval counts = nervaluate's, all four schemes")
    for what, ratio, target in (("x seqeval classification_report (strict)", t_report / t_ours, 20),
                                ("x seqeval f1_score (lenient)", t_lenient / t_ours, 4),
                                ("x nervaluate (four schemes)", t_nerv / t_ours, None)):
        results.append((what, f"{ratio:.1f}", f">= {target}" if target else "-", ratio >= target if target else None))

    t = time.perf_counter()
    for owner in [*documents, *predictions]:
        MentionColumns.of(owner.spans)
    t_extract = time.perf_counter() - t
    print(f"\ncolumns read out of Span objects (a system handing over Spans only): {t_extract:.3f} s; "
          f"with it, {t_report / (t_ours + t_extract):.1f}x the report and {t_lenient / (t_ours + t_extract):.1f}x "
          "f1_score")

    big_docs, big_preds = repeated(documents, predictions, args.growth)
    t_big, big = best_of(args.repeat, lambda: harness_record(big_docs, big_preds))
    assert big.overall["all"]["ner_flat"].counts["tp"] == args.growth * flat.counts["tp"]
    growth = t_big / t_ours
    print(f"growth: {args.growth}x the corpus ({args.growth * n_tokens:,} tokens) in {t_big:.3f} s, "
          f"{growth:.2f}x the time")
    results.append((f"time ratio at {args.growth}x the tokens", f"{growth:.2f}", f"<= {args.growth * 1.25:g}",
                    growth <= args.growth * 1.25))

    peak = peak_bytes(lambda: harness_record(documents, predictions))
    per_mention = peak / n_gold
    print(f"memory: peak {peak / 2**20:.1f} MiB while scoring, {per_mention:.0f} bytes per gold mention")
    results.append(("bytes of peak memory per gold mention", f"{per_mention:.0f}", "< 150", per_mention < 150))

    if NEWSFANE.is_file():
        from harness.core.types import Prediction, Span
        from harness.gold.source import corpus
        from harness.io.labelmap import load_label_map
        from harness.records.score import Options, score

        gold = corpus(NEWSFANE, "conll", "IOB1", load_label_map("newsfane"))
        rng = random.Random(args.seed)
        perturbed = [Prediction(d.id, tuple(s if rng.random() < 0.8 else Span(s.start, s.end, "ORG") for s in d.spans
                                            if rng.random() < 0.9)) for d in gold.documents]
        t_nf, rec = best_of(1, lambda: score("perturbed", gold, perturbed, options=Options(resamples=10_000)))
        units = sum(len(d.sentences) for d in gold.documents)
        print(f"NewsFANE: {units:,} sentences, every view with 10,000-resample intervals in {t_nf:.2f} s "
              f"(draw: {rec.bootstrap.draw}; NER strict F1 {100 * rec.score('all', 'ner_strict').f1:.1f})")
        results.append(("s for NewsFANE with 10,000 resamples", f"{t_nf:.2f}", "< 2", t_nf < 2))
    else:
        print(f"NewsFANE: {NEWSFANE} is not here; skipped")

    from harness.core.types import Prediction, Span
    from harness.gold.source import benchmark
    from harness.records.score import Options, score

    bench = benchmark()
    rng = random.Random(args.seed)
    perturbed = [Prediction(d.id, tuple(s if rng.random() < 0.8 else Span(s.start, s.end, "ORG") for s in d.spans
                                        if rng.random() < 0.9), d.relations[: len(d.relations) // 2])
                 for d in bench.documents]
    t_boot, rec = best_of(1, lambda: score("perturbed", bench, perturbed, options=Options(resamples=10_000)))
    strict = rec.score("all", "ner_strict")
    print(f"benchmark gold: every view, both zones and five documents with 10,000-resample intervals in "
          f"{t_boot:.2f} s (NER strict F1 {100 * strict.f1:.1f} [{100 * strict.ci['f1'][0]:.1f}, "
          f"{100 * strict.ci['f1'][1]:.1f}])")

    print("\nresult                                        value   target   met")
    for what, value, target, met in results:
        print(f"{what:44} {value:>7}   {target:>6}   {'-' if met is None else ('yes' if met else 'NO')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
