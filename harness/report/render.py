"""Rendering result records and comparisons: plain table, Markdown, LaTeX, JSON.

Scores are shown as percentages with one decimal, intervals in brackets; the
JSON form is the record itself, with full-precision floats.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PureWindowsPath

from harness.records.results import ResultRecord, Score
from harness.scoring.viewspec import VIEWS

def pct(x: float) -> str:
    """A score as a percentage with one decimal.

    >>> pct(0.7234)
    '72.3'
    """
    return f"{100 * x:.1f}"


ABSENT = "–"


def with_ci(score: Score | None, key: str = "f1") -> str:
    """A score with its interval: '72.3 [68.0, 76.1]'; "–" for a view the input cannot hold."""
    if score is None:
        return ABSENT
    value = getattr(score, key)
    if not score.ci:
        return pct(value)
    lo, hi = score.ci[key]
    return f"{pct(value)} [{pct(lo)}, {pct(hi)}]"


def ordered_views(record: ResultRecord) -> list[str]:
    """The record's views in display order (views this installation does not declare last)."""
    return VIEWS.ordered(record.views)


def label(record: ResultRecord, view: str) -> str:
    """A view's label: the declaration's, else the one the record stored, else its name."""
    spec = VIEWS.get(view)
    info = record.views.get(view)
    return spec.label if spec else (info.label if info and info.label else view)


def _other(zone: str) -> str:
    return "body" if zone == "all" else "all"


def _rows(record: ResultRecord, zone: str) -> list[list[str]]:
    rows = []
    for view in ordered_views(record):
        s = record.score(zone, view)
        other = record.score(_other(zone), view)
        macro = record.macro.get(zone, {}).get(view)
        rows.append([
            label(record, view), pct(s.precision) if s else ABSENT, pct(s.recall) if s else ABSENT,
            with_ci(s), pct(macro.f1) if macro else ABSENT, with_ci(other),
        ])
    return rows


def absence_notes(record: ResultRecord) -> list[str]:
    """Why some cells are "–": one line per reason."""
    reasons: dict[str, list[str]] = {}
    for view in ordered_views(record):
        if record.views[view].absent:
            reasons.setdefault(record.views[view].absent, []).append(label(record, view))
    notes = [f"– {', '.join(views)}: {reason}" for reason, views in reasons.items()]
    notes += [f"– {zone} zone: {reason}" for zone, reason in sorted(record.absent_zones.items())]
    return notes


def _header(zone: str) -> list[str]:
    return ["view", "P", "R", "F1 [95% CI]", "macro F1", f"F1 {_other(zone)} [95% CI]"]


def _plain(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths)))  # noqa: E731
    return "\n".join([fmt(header), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)])


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]], text_columns: int = 1) -> str:
    """A GitHub Markdown table; the first ``text_columns`` are left-aligned, numbers right."""
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---" if i < text_columns else "---:" for i in range(len(header))) + "|"]
    return "\n".join(out + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows])


def _latex_escape(text: str) -> str:
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("_", r"\_"), ("#", r"\#")):
        text = text.replace(a, b)
    return text


def latex_table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> str:
    """A booktabs table (needs \\usepackage{booktabs})."""
    cols = "l" + "r" * (len(header) - 1)
    lines = [r"\begin{table}[t]", r"\centering", rf"\begin{{tabular}}{{{cols}}}", r"\toprule",
             " & ".join(_latex_escape(h) for h in header) + r" \\", r"\midrule"]
    lines += [" & ".join(_latex_escape(str(c)) for c in row) + r" \\" for row in rows]
    lines += [r"\bottomrule", r"\end{tabular}", rf"\caption{{{_latex_escape(caption)}}}", r"\end{table}"]
    return "\n".join(lines)


def gold_title(record: ResultRecord) -> str:
    """What the record was scored against: "Tahalof 1.0.0", or the corpus file's name and scheme."""
    prov = record.provenance
    corpus = prov.gold_source
    if corpus:
        return f"{PureWindowsPath(corpus['path']).name} (a {corpus['format']} corpus, {corpus['scheme']})"
    return f"Tahalof {prov.dataset_version or '?'}"


def _title(record: ResultRecord, zone: str) -> str:
    zones = "all sentences" if record.absent_zones else f"{zone} zones"
    return (f"{record.name} on {gold_title(record)}: {zones}; "
            f"{record.bootstrap.resamples} bootstrap resamples, seed {record.bootstrap.seed}")


def _per_type_rows(record: ResultRecord, zone: str, view: str = "ner_strict") -> list[list[str]]:
    typed = record.per_type.get(zone, {}).get(view, {})
    return [[t, pct(s.precision), pct(s.recall), pct(s.f1), str(s.counts.get("tp", 0) + s.counts.get("fn", 0))]
            for t, s in sorted(typed.items())]


PER_DOCUMENT = "Per document, F1 [95% CI] (each interval resamples that document's sentences)"


def per_document_table(record: ResultRecord, zone: str) -> tuple[list[str], list[list[str]]] | None:
    """(header, rows) of every view's F1 per document, or None with fewer than two documents."""
    docs = record.per_document.get(zone, {})
    if len(docs) < 2:
        return None
    names = sorted(docs)
    header = ["view", *names]
    rows = [[label(record, view), *(with_ci(docs[d].get(view)) for d in names)] for view in ordered_views(record)]
    return header, rows


def render_table(record: ResultRecord, zone: str = "all") -> str:
    """Plain-text tables: every view, NER strict per type, every view per document."""
    parts = [_title(record, zone), "", _plain(_header(zone), _rows(record, zone)), *absence_notes(record)]
    per_type = _per_type_rows(record, zone)
    if per_type:
        parts += ["", "NER strict per type", _plain(["type", "P", "R", "F1", "gold"], per_type)]
    per_doc = per_document_table(record, zone)
    if per_doc:
        parts += ["", PER_DOCUMENT, _plain(*per_doc)]
    return "\n".join(parts) + "\n"


def render_markdown(record: ResultRecord, zone: str = "all") -> str:
    """Markdown: every view, NER strict per type, every view per document."""
    notes = absence_notes(record)
    parts = [f"**{_title(record, zone)}**", "", markdown_table(_header(zone), _rows(record, zone)),
             *([""] + notes if notes else [])]
    per_type = _per_type_rows(record, zone)
    if per_type:
        parts += ["", "NER strict per type:", "", markdown_table(["type", "P", "R", "F1", "gold"], per_type)]
    per_doc = per_document_table(record, zone)
    if per_doc:
        parts += ["", f"{PER_DOCUMENT}:", "", markdown_table(*per_doc)]
    return "\n".join(parts) + "\n"


def render_latex(record: ResultRecord, zone: str = "all") -> str:
    """A booktabs table of every view with intervals."""
    notes = absence_notes(record)
    caption = _title(record, zone) + (". " + "; ".join(n.removeprefix("– ") for n in notes) if notes else "")
    return latex_table(_header(zone), _rows(record, zone), caption) + "\n"


def render_json(record: ResultRecord, zone: str = "all") -> str:
    """The record itself."""
    return record.to_json()


RENDERERS: dict[str, Callable[[ResultRecord, str], str]] = {
    "table": render_table, "markdown": render_markdown, "latex": render_latex, "json": render_json,
}


def p_value(p: float, resolution: float) -> str:
    """A bootstrap p-value as printed: below the resamples' resolution it is only known to be small.

    >>> p_value(0.0, 1e-4), p_value(0.0312, 1e-4), p_value(0.0, 0.005)
    ('< 0.0001', '0.0312', '< 0.005')
    """
    if p < resolution:
        return f"< {resolution:.10f}".rstrip("0")
    return f"{p:.4f}"


def comparison_rows(comparison: dict, zone: str) -> list[list[str]]:
    """Rows of a comparison: view, F1 A, F1 B, delta [CI], p, Holm-adjusted p, significant."""
    rows = []
    resolution = comparison.get("resolution", 1 / max(comparison["resamples"], 1))
    for view in VIEWS.ordered(comparison[zone]):
        c = comparison[zone][view]
        lo, hi = c["interval"]
        rows.append([VIEWS.label(view), pct(c["f1_a"]), pct(c["f1_b"]),
                     f"{100 * c['delta']:+.1f} [{100 * lo:+.1f}, {100 * hi:+.1f}]", p_value(c["p_value"], resolution),
                     p_value(c["p_holm"], resolution), "yes" if c["significant"] else "no"])
    for view in comparison.get("absent", []):
        rows.append([VIEWS.label(view), *[ABSENT] * 6])
    return rows


def render_comparison(comparison: dict, fmt: str) -> str:
    """A comparison in the chosen format."""
    import json

    if fmt == "json":
        return json.dumps(comparison, indent=2, sort_keys=True) + "\n"
    header = ["view", f"F1 {comparison['a']}", f"F1 {comparison['b']}", "Δ F1 [95% CI]", "p", "p (Holm)",
              f"p (Holm) < {comparison['alpha']:g}"]
    parts = []
    for zone in ("all", "body"):
        if not comparison[zone]:
            continue
        rows = comparison_rows(comparison, zone)
        title = (f"{comparison['a']} vs {comparison['b']}, {zone} zones (paired bootstrap, "
                 f"{comparison['resamples']} resamples, seed {comparison['seed']})")
        if fmt == "latex":
            parts.append(latex_table(header, rows, title))
        elif fmt == "markdown":
            parts.append(f"**{title}**\n\n{markdown_table(header, rows)}")
        else:
            parts.append(f"{title}\n{_plain(header, rows)}")
    note = (f"p: two-sided paired bootstrap; p (Holm): adjusted over the {len(comparison['all'])} views of a zone "
            f"(Holm's step-down), which decides significance at alpha = {comparison['alpha']:g}; '< x': below the "
            f"resolution of {comparison['resamples']} resamples.")
    if comparison.get("absent"):
        note += f" –: a view one of the records cannot hold ({', '.join(comparison['absent'])})."
    return "\n\n".join(parts) + "\n\n" + note + "\n"
