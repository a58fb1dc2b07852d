"""``evaluate ... --report DIR``: an error report a model author can read.

Writes, into DIR:

- ``errors.md``: error counts by class and type, then every false positive
  and false negative mention in its sentence (gold span in ⟦ ⟧, predicted in
  ⟨ ⟩), grouped by type, then every missed and spurious relation;
- ``per_type.png``: precision, recall and F1 per entity type (NER strict);
- ``confusion.png`` and ``confusion.csv``: gold type × predicted type over
  mentions of the same extent (∅: no mention there).

The PNGs need matplotlib (``pip install 'tahalof[report]'``); without it the
Markdown and CSV are written and the command says what is missing.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from harness.report.analysis import ERROR_CLASSES, confusion, mention_errors, relation_errors
from harness.report.render import PER_DOCUMENT, markdown_table, pct, per_document_table
from harness.records.results import ResultRecord
from harness.core.atomic import write_atomic
from harness.core.types import Document, Prediction, Span


def _marked(doc: Document, sentence: int, gold: Span | None, pred: Span | None) -> str:
    s = doc.sentences[sentence]
    marks = []
    if gold:
        marks += [(gold.start, "⟦"), (gold.end, "⟧")]
    if pred:
        marks += [(pred.start, "⟨"), (pred.end, "⟩")]
    text = doc.text[s.start:s.end]
    for offset, mark in sorted(marks, key=lambda m: (m[0], m[1] in "⟧⟩"), reverse=True):
        k = offset - s.start
        text = text[:k] + mark + text[k:]
    return " ".join(text.split())


def _quote(doc: Document, span: Span | None) -> str:
    return f"{span.type} «{doc.text[span.start:span.end]}»" if span else "–"


def alignment_section(record: ResultRecord) -> list[str]:
    """The mentions a system returned as strings but could not place in the text (``system.alignment``).

    A system that maps strings to offsets (the ``llm`` system) records every failure; none of them is scored,
    so the report lists them beside the errors the scores count.
    """
    info = record.system.get("alignment")
    if not isinstance(info, dict) or "failures" not in info:
        return []
    rows = [[f.get("doc_id", ""), str(f.get("sentence", "")), f"`{f.get('text', '')}`" if f.get("text") else "",
             f.get("type", ""), f.get("reason", "")] for f in info["failures"]]
    reasons = ", ".join(f"{n} {r}" for r, n in info.get("by_reason", {}).items()) or "none"
    dropped = ", ".join(f"{n} {r}" for r, n in info.get("relations_dropped", {}).items()) or "none"
    return [f"## Mentions the system could not place ({info.get('unaligned', 0)} of {info.get('mentions', 0)}, "
            f"{pct(info.get('rate', 0.0))}%)\n",
            f"Reasons: {reasons}. Aligned by stage: "
            + ", ".join(f"{s} {n}" for s, n in info.get("by_stage", {}).items())
            + f". Relations returned {info.get('relations', 0)}, dropped: {dropped}.\n",
            (markdown_table(["document", "sentence", "text", "type", "reason"], rows) + "\n") if rows else ""]


def render_errors(record: ResultRecord, documents: Sequence[Document], predictions: Sequence[Prediction]) -> str:
    """The Markdown error report."""
    errors = [e for d, p in zip(documents, predictions) for e in mention_errors(d, p)]
    holds_relations = record.holds("re_strict")
    rel_errors = [e for d, p in zip(documents, predictions) for e in relation_errors(d, p)] if holds_relations else []
    by_doc = {d.id: d for d in documents}
    counts: Counter = Counter((e.error, (e.gold or e.pred).type) for e in errors)
    types = sorted({t for _, t in counts})
    strict = record.overall["all"]["ner_strict"]
    parts = [
        f"# Error report: {record.name}\n",
        f"NER strict F1 {pct(strict.f1)} (P {pct(strict.precision)}, R {pct(strict.recall)}); "
        f"{len(errors)} mention errors ({sum(e.false_positive for e in errors)} false positives, "
        f"{sum(e.false_negative for e in errors)} false negatives, as the record counts them)"
        + (f", {len(rel_errors)} relation errors" if holds_relations else
                                           f" (relations: {getattr(record.views.get('re_strict'), 'absent', '') or 'not scored'})")
        + ". Gold spans are marked ⟦ ⟧, "
        "predicted spans ⟨ ⟩. A prediction is explained by the gold mention it overlaps most "
        "(same type first); `clitic` means the extents differ only by leading و ف ب ل ك or ال.\n",
        "## Mention errors by class and type\n",
        markdown_table(["class", *types, "total"],
                       [[c, *(str(counts[c, t]) for t in types), str(sum(counts[c, t] for t in types))]
                        for c in ERROR_CLASSES]) + "\n",
    ]
    per_doc = per_document_table(record, "all")
    if per_doc:  # whether one article carries the result
        parts += [f"## {PER_DOCUMENT}\n", markdown_table(*per_doc) + "\n"]
    parts += alignment_section(record)
    grouped = defaultdict(list)
    for e in errors:
        grouped[(e.gold or e.pred).type].append(e)
    for typ in sorted(grouped):
        parts.append(f"\n## {typ}\n")
        for e in grouped[typ]:
            doc = by_doc[e.doc_id]
            parts.append(f"- `{e.doc_id}-{e.sentence:03d}` **{e.error}** · gold {_quote(doc, e.gold)} · "
                         f"predicted {_quote(doc, e.pred)}  \n  {_marked(doc, e.sentence, e.gold, e.pred)}")
    if not holds_relations:
        return "\n".join(parts) + "\n"  # relations absent (a corpus, a format or system without them): no section
    parts.append("\n## Relation errors\n")
    if not rel_errors:
        parts.append("None.")
    for e in rel_errors:
        doc = by_doc[e.doc_id]
        r = e.relation
        parts.append(f"- `{e.doc_id}-{e.sentence:03d}` **{e.kind}** {r.type}: {_quote(doc, r.head)} → "
                     f"{_quote(doc, r.tail)}  \n  {_marked(doc, e.sentence, r.head, r.tail)}")
    return "\n".join(parts) + "\n"


def _confusion_csv(matrix: Counter) -> tuple[str, list[str]]:
    labels = sorted({g for g, _ in matrix} | {p for _, p in matrix}, key=lambda t: (t == "∅", t))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["gold \\ predicted", *labels])
    for g in labels:
        writer.writerow([g, *(matrix[g, p] for p in labels)])
    return out.getvalue(), labels


def write_report(record: ResultRecord, documents: Sequence[Document], predictions: Sequence[Prediction],
                 out_dir: str | Path) -> list[str]:
    """Write the report files; returns notes for the user (e.g. a missing extra)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(out_dir / "errors.md", render_errors(record, documents, predictions))
    from harness.report.html import render_html

    write_atomic(out_dir / "report.html", render_html(record, documents, predictions))
    matrix = confusion(documents, predictions)
    text, labels = _confusion_csv(matrix)
    write_atomic(out_dir / "confusion.csv", text)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return ["PNG charts skipped: pip install 'tahalof[report]' (matplotlib)"]
    _bar_chart(plt, record, out_dir / "per_type.png")
    _heatmap(plt, matrix, labels, out_dir / "confusion.png")
    return []


def _bar_chart(plt, record: ResultRecord, path: Path) -> None:
    typed = record.per_type["all"].get("ner_strict", {})
    names = sorted(typed)
    fig, ax = plt.subplots(figsize=(max(6, 0.6 * len(names) + 2), 4), dpi=120)
    width = 0.27
    for k, (key, label) in enumerate((("precision", "P"), ("recall", "R"), ("f1", "F1"))):
        ax.bar([i + (k - 1) * width for i in range(len(names))], [100 * getattr(typed[n], key) for n in names],
               width, label=label)
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.set_title(f"{record.name}: NER strict per type")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def _heatmap(plt, matrix: Counter, labels: list[str], path: Path) -> None:
    grid = [[matrix[g, p] for p in labels] for g in labels]
    size = max(5, 0.45 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size), dpi=120)
    ax.imshow(grid, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7)
    ax.set_title("Entity types over mentions of the same extent")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
