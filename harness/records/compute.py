"""Scoring inside a training loop: one call, predictions in, the record's numbers out.

The way Hugging Face ``evaluate`` users call ``metric.compute(predictions=...,
references=...)``: predictions are checked exactly as a file would be (the
same readers, the same errors), scored on every view, and the micro scores of
one zone come back as plain floats and integers.

>>> from harness.gold.data import load_config
>>> ner = load_config("ner")
>>> tags = [[ner.features["ner_tags"].feature.int2str(t) for t in row] for row in ner["ner_tags"]]
>>> scores = compute(predictions=tags)
>>> scores["ner_flat"]
{'precision': 1.0, 'recall': 1.0, 'f1': 1.0, 'tp': 390, 'fp': 0, 'fn': 0}
>>> compute(predictions=ner["ner_tags"])["ner_flat"]["f1"]   # ClassLabel ids, as datasets hands them
1.0
>>> round(compute(predictions=[["O"] * len(t) for t in tags])["ner_flat"]["recall"], 3)
0.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from harness.core.errors import InputError, Problem
from harness.core.types import Prediction
from harness.gold.source import Gold, benchmark
from harness.io.labelmap import IDENTITY, LabelMap
from harness.records.score import Options, score

SOURCE = "<predictions>"


def _as_records(predictions, gold: Gold) -> tuple[str, list]:
    """('tags' | 'jsonl' | 'objects', line-like records) for any accepted form of predictions."""
    from harness.io.predictions import sentence_id

    ids = [sentence_id(d.id, i) for d in gold.documents for i in range(len(d.sentences))]
    if isinstance(predictions, Mapping):
        return "tags", [{"id": k, "tags": list(v)} for k, v in predictions.items()]
    items = list(predictions)
    if items and all(isinstance(p, Prediction) for p in items):
        return "objects", items
    if items and all(isinstance(p, Mapping) for p in items):
        return ("jsonl" if "doc_id" in items[0] else "tags"), [dict(p) for p in items]
    if all(isinstance(p, Sequence) and not isinstance(p, str) for p in items):
        if len(items) != len(ids):
            raise InputError(Problem(SOURCE, None, None, "predictions",
                                     f"one tag sequence per sentence of the ner config ({len(ids)})",
                                     f"<{len(items)} sequences>", "or pass a mapping of sentence id to tags"))
        return "tags", [{"id": i, "tags": list(t)} for i, t in zip(ids, items)]
    raise InputError(Problem(SOURCE, None, None, "predictions",
                             "tag sequences (one per sentence), a mapping of sentence id to tags, JSONL-style dicts "
                             "or Prediction objects", f"<{type(items[0]).__name__ if items else 'nothing'}>"))


def compute(
    *,
    predictions,
    references: Gold | None = None,
    zone: str = "all",
    label_map: LabelMap = IDENTITY,
    allow_missing: bool = False,
    resamples: int = 0,
    views: Sequence[str] = (),
    min_overlap: float = 1.0,
) -> dict[str, dict[str, float | int] | None]:
    """Score predictions on every view; return one zone's micro scores.

    Args:
        predictions: any of: one tag sequence per sentence of the ``ner`` config,
            in its order (strings, or the config's integer ClassLabel ids); a mapping
            of sentence id to tags; dicts in the JSONL layout (``doc_id``,
            ``entities``, ``relations``) or the tags layout (``id``, ``tags``);
            :class:`~harness.core.types.Prediction` objects.
        references: the gold (default: the benchmark's; a corpus from
            :func:`harness.gold.source.corpus`).
        zone: ``all`` or ``body``.
        label_map: maps the predictions' labels to the benchmark's types.
        allow_missing: score absent documents or sentences as empty.
        resamples: bootstrap resamples for 95% intervals (0: none, the fast default).
        views: opt-in views to add (``ner_normalized``, ``ner_clitic_tolerant``).
        min_overlap: the SemEval views' minimum overlap, in percent of the gold mention (1 to 100).

    Returns:
        ``{view: {"precision", "recall", "f1", and the counts}}``, with
        ``f1_low``/``f1_high`` when ``resamples`` > 0; None for a view the
        predictions cannot hold (relation views, from tags).

    Raises:
        InputError: for predictions that a file reader would refuse, with the same messages.
    """
    from harness.io.predictions import read_jsonl, read_tags

    gold = references if references is not None else benchmark()
    kind, records = _as_records(predictions, gold)
    readers = {"tags": read_tags, "jsonl": read_jsonl}
    if kind == "objects":
        parsed = records
    else:
        parsed = readers[kind](SOURCE, gold.documents, label_map, allow_missing, records=records)
    from harness.scoring.engine import Parameters

    options = Options(resamples=resamples, label_map=label_map, views=tuple(views),
                      parameters=Parameters(min_overlap=min_overlap))
    record = score("compute", gold, parsed, options=options, argv=[])
    out: dict[str, dict[str, float | int]] = {}
    for view, s in record.overall[zone].items():
        if s is None:  # a view the predictions cannot hold (relations from tags), or a zone the gold lacks
            out[view] = None
            continue
        out[view] = {"precision": s.precision, "recall": s.recall, "f1": s.f1, **s.counts}
        if s.ci:
            out[view]["f1_low"], out[view]["f1_high"] = s.ci["f1"]
    return out
