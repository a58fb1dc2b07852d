"""``report.html``: one self-contained right-to-left page of a record's errors, for a person to look at.

Every sentence is shown twice, gold above predictions, in Arabic (``dir="rtl"``,
``lang="ar"``). Mentions are drawn as stacked underlines, one step lower per
nesting level (the outermost lowest), each with its type as a small label;
mentions of one side that cross are drawn on separate lines. A mention is
marked by outcome (``tp``, ``fp``, ``fn``) and, when wrong, by the error class
the Markdown report uses (:mod:`harness.report.analysis`), so a page's false
positives and false negatives are exactly the record's NER strict counts.
Relations are listed under their sentence (matched, spurious, missed). At the
top: the record's headline numbers with intervals, and the per-type P/R/F1 as
an inline SVG chart. Filters (type, error class, document, zone, only
sentences with errors) are a few lines of JavaScript in the page. No network,
no external file, fonts from the system.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from harness.core.types import Document, Prediction, Span
from harness.records.results import ResultRecord
from harness.report.analysis import ERROR_CLASSES, mention_errors, relation_errors
from harness.report.render import gold_title, label, ordered_views, pct, with_ci

HEADLINE_VIEWS = ("ner_strict", "ner_flat", "ner_coarse", "ner_wojood", "re_strict", "re_given_gold")

CSS = """
:root { --fp: #c0392b; --fn: #d68910; --tp: #1e8449; }
body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "DejaVu Sans", sans-serif; margin: 1.5rem;
       color: #222; background: #fdfdfb; }
header, .controls, .chart { direction: ltr; text-align: left; font-family: "DejaVu Sans", sans-serif; }
h1 { font-size: 1.3rem; margin: 0 0 .4rem; } table.head { border-collapse: collapse; margin: .5rem 0; }
table.head td, table.head th { border: 1px solid #ccc; padding: .2rem .5rem; font-size: .85rem; }
.controls { position: sticky; top: 0; background: #fdfdfbee; padding: .5rem 0; border-bottom: 1px solid #ddd;
            z-index: 2; font-size: .85rem; }
.controls label { margin-right: 1rem; }
.sentence { border-bottom: 1px solid #eee; padding: .6rem 0; }
.sentence[hidden] { display: none; }
.meta { direction: ltr; text-align: left; font-size: .75rem; color: #777; font-family: "DejaVu Sans", sans-serif; }
.line { line-height: 2.9; font-size: 1.15rem; text-align: right; }
.side { display: inline-block; width: 5.5rem; font-size: .7rem; color: #777; direction: ltr; }
.m { border-bottom: 2px solid var(--tp); padding-bottom: calc(2px + var(--h) * 6px); position: relative; }
.m.fp { border-bottom-color: var(--fp); background: #c0392b14; }
.m.fn { border-bottom-color: var(--fn); background: #d6891014; }
.m.dim { opacity: .25; }
.lab { font-size: .55rem; font-family: "DejaVu Sans", sans-serif; vertical-align: super; color: #555;
       direction: ltr; unicode-bidi: isolate; }
.m.fp > .lab { color: var(--fp); } .m.fn > .lab { color: var(--fn); }
ul.rels { font-size: .85rem; margin: .2rem 0; } li.fp { color: var(--fp); } li.fn { color: var(--fn); }
.legend span { margin-right: 1rem; } .chart svg { max-width: 100%; }
"""

SCRIPT = """
(function () {
  const q = (s, r) => Array.from((r || document).querySelectorAll(s));
  function apply() {
    const v = id => document.getElementById(id).value;
    const type = v("f-type"), cls = v("f-class"), doc = v("f-doc"), zone = v("f-zone");
    const errorsOnly = document.getElementById("f-errors").checked;
    let shown = 0;
    q(".sentence").forEach(s => {
      const marks = q(".m", s);
      const match = m => (!type || m.dataset.type === type) && (!cls || m.dataset.class === cls);
      marks.forEach(m => m.classList.toggle("dim", !match(m)));
      const wanted = marks.filter(match).filter(m => !errorsOnly || m.dataset.outcome !== "tp");
      const rels = q("li.fp, li.fn", s).length;
      const ok = (!doc || s.dataset.doc === doc) && (!zone || s.dataset.zone === zone)
        && (wanted.length > 0 || (!type && !cls && (!errorsOnly || rels > 0)));
      s.hidden = !ok;
      if (ok) shown++;
    });
    document.getElementById("shown").textContent = shown;
  }
  q(".controls select, .controls input").forEach(e => e.addEventListener("change", apply));
  apply();
})();
"""


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def layers(spans: Sequence[Span]) -> list[list[Span]]:
    """Spans in lines: each line properly nested (no partial overlaps), spans in text order.

    >>> [[(s.start, s.end) for s in line] for line in layers([Span(0, 9, "A"), Span(0, 3, "B"), Span(2, 5, "C")])]
    [[(0, 9), (0, 3)], [(2, 5)]]
    """
    out: list[list[Span]] = []
    for s in sorted(set(spans), key=lambda x: (x.start, -x.end, x.type)):
        for line in out:
            if all(o.end <= s.start or s.end <= o.start or (o.start <= s.start and s.end <= o.end)
                   or (s.start <= o.start and o.end <= s.end) for o in line):
                line.append(s)
                break
        else:
            out.append([s])
    return out


def _tree(text: str, offset: int, spans: list[Span], marks: dict) -> str:
    """One line of a sentence with its (properly nested) mentions as nested elements."""
    ordered = sorted(spans, key=lambda x: (x.start, -x.end, x.type))
    children: dict[int, list[int]] = {i: [] for i in range(len(ordered))}
    roots, stack = [], []
    for i, s in enumerate(ordered):
        while stack and not (ordered[stack[-1]].start <= s.start and s.end <= ordered[stack[-1]].end):
            stack.pop()
        (children[stack[-1]] if stack else roots).append(i)
        stack.append(i)
    below = [0] * len(ordered)  # levels nested below each mention (children come after their parent)
    for i in reversed(range(len(ordered))):
        below[i] = max((below[c] + 1 for c in children[i]), default=0)

    def render(lo: int, hi: int, items: list[int]) -> str:
        parts, pos = [], lo
        for i in items:
            s = ordered[i]
            parts.append(_esc(text[pos - offset:s.start - offset]))
            outcome, cls = marks[s]
            inner = render(s.start, s.end, children[i])
            title = f"{s.type} {s.start}–{s.end}" + (f": {cls}" if cls else "")
            parts.append(f'<span class="m {outcome}" style="--h:{below[i]}" data-type="{_esc(s.type)}"'
                         f' data-outcome="{outcome}" data-class="{_esc(cls)}" data-start="{s.start}"'
                         f' data-end="{s.end}" title="{_esc(title)}">{inner}<span class="lab">{_esc(s.type)}</span>'
                         f'</span>')
            pos = s.end
        parts.append(_esc(text[pos - offset:hi - offset]))
        return "".join(parts)

    return render(offset, offset + len(text), roots)


def sentence_lines(label_: str, text: str, offset: int, spans: list[Span], marks: dict, side: str) -> str:
    """A sentence's lines for one side (gold or predicted): its mentions drawn, marked by ``marks``."""
    lines = layers(spans) or [[]]
    return "".join(f'<div class="line" data-side="{side}"><span class="side">{label_}{"" if k == 0 else f" ({k + 1})"}'
                   f'</span>{_tree(text, offset, line, marks)}</div>' for k, line in enumerate(lines))


def _chart(record: ResultRecord) -> str:
    typed = record.per_type.get("all", {}).get("ner_strict", {})
    names = sorted(typed)
    if not names:
        return ""
    bar, gap, height = 9, 14, 160
    width = len(names) * (3 * bar + gap) + 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 70}" role="img" '
             f'aria-label="NER strict P, R and F1 per type">']
    for y in (0, 25, 50, 75, 100):
        yy = 10 + height - y * height / 100
        parts.append(f'<line x1="40" x2="{width}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#ddd"/>'
                     f'<text x="34" y="{yy + 3:.1f}" font-size="9" text-anchor="end">{y}</text>')
    colours = {"precision": "#2e86c1", "recall": "#d68910", "f1": "#1e8449"}
    for k, name in enumerate(names):
        x0 = 44 + k * (3 * bar + gap)
        for j, key in enumerate(("precision", "recall", "f1")):
            value = 100 * getattr(typed[name], key)
            h = value * height / 100
            parts.append(f'<rect class="bar" data-type="{_esc(name)}" data-metric="{key}" x="{x0 + j * bar}" '
                         f'y="{10 + height - h:.1f}" width="{bar - 1}" height="{h:.1f}" fill="{colours[key]}">'
                         f'<title>{_esc(name)} {key} {value:.1f}</title></rect>')
        parts.append(f'<text x="{x0 + 1.5 * bar}" y="{height + 22}" font-size="9" text-anchor="end" '
                     f'transform="rotate(-45 {x0 + 1.5 * bar} {height + 22})">{_esc(name)}</text>')
    legend = "".join(f'<rect x="{50 + i * 80}" y="{height + 52}" width="9" height="9" fill="{c}"/>'
                     f'<text x="{62 + i * 80}" y="{height + 60}" font-size="10">{k}</text>'
                     for i, (k, c) in enumerate(colours.items()))
    return "".join(parts) + legend + "</svg>"


def _headline(record: ResultRecord) -> str:
    views = [v for v in ordered_views(record) if v in HEADLINE_VIEWS]
    zones = [z for z in ("all", "body") if z in record.overall]
    rows = []
    for v in views:
        cells = []
        for z in zones:
            score = record.score(z, v)
            cells.append(f'<td data-view="{v}" data-zone="{z}">{_esc(with_ci(score))}</td>')
        rows.append(f"<tr><th>{_esc(label(record, v))}</th>{''.join(cells)}</tr>")
    head = "".join(f"<th>F1 {z} [95% CI]</th>" for z in zones)
    return f'<table class="head"><tr><th>view</th>{head}</tr>{"".join(rows)}</table>'


def _options(name: str, label_: str, values: Sequence[str]) -> str:
    opts = "".join(f'<option value="{_esc(v)}">{_esc(v)}</option>' for v in values)
    return f'<label>{label_} <select id="{name}"><option value="">all</option>{opts}</select></label>'


def _relation(r, text: str) -> str:
    arrow = "↔" if r.symmetric else "→"
    return f"{r.type}: {text[r.head.start:r.head.end]} {arrow} {text[r.tail.start:r.tail.end]}"


def render_html(record: ResultRecord, documents: Sequence[Document], predictions: Sequence[Prediction]) -> str:
    """The whole page."""
    strict = record.overall["all"]["ner_strict"]
    holds_relations = record.holds("re_strict")
    blocks, types, n_fp, n_fn = [], set(), 0, 0
    for doc, pred in zip(documents, predictions):
        errors = mention_errors(doc, pred)
        gold_marks = {s: ("tp", "") for s in doc.spans}
        pred_marks = {s: ("tp", "") for s in pred.spans}
        for e in errors:
            if e.pred is not None:
                pred_marks[e.pred] = ("fp", e.error)
            if e.gold is not None and e.counts_gold:
                gold_marks[e.gold] = ("fn", e.error)
        n_fp += sum(o == "fp" for o, _ in pred_marks.values())
        n_fn += sum(o == "fn" for o, _ in gold_marks.values())
        rel_err = relation_errors(doc, pred) if holds_relations else []
        gold_keys = {r.key() for r in doc.relations}
        for i, s in enumerate(doc.sentences):
            inside = lambda x: s.start <= x.start < s.end  # noqa: E731
            g = [x for x in doc.spans if inside(x)]
            p = [x for x in pred.spans if inside(x)]
            if not g and not p:
                continue
            types.update(x.type for x in g + p)
            text = doc.text[s.start:s.end]
            rels = [f'<li class="tp">{_esc(_relation(r, doc.text))}</li>' for r in pred.relations
                    if inside(r.head) and r.key() in gold_keys] if holds_relations else []
            rels += [f'<li class="{"fp" if e.kind == "spurious" else "fn"}">{_esc(e.kind)} '
                     f'{_esc(_relation(e.relation, doc.text))}</li>' for e in rel_err if e.sentence == i]
            blocks.append(
                f'<section class="sentence" data-doc="{_esc(doc.id)}" data-zone="{_esc(s.zone)}" data-sentence="{i}">'
                f'<div class="meta">{_esc(doc.id)} · sentence {i} · {_esc(s.zone)}</div>'
                f'<div dir="rtl" lang="ar">{sentence_lines("gold", text, s.start, g, gold_marks, "gold")}'
                f'{sentence_lines("predicted", text, s.start, p, pred_marks, "pred")}</div>'
                + (f'<ul class="rels" dir="rtl" lang="ar">{"".join(rels)}</ul>' if rels else "") + "</section>")
    docs = sorted({d.id for d in documents})
    zones = sorted({s.zone for d in documents for s in d.sentences if s.zone})
    return (
        '<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_esc(record.name)}: errors'
        f'</title><style>{CSS}</style></head><body>'
        f'<header dir="ltr" lang="en"><h1>{_esc(record.name)} on {_esc(gold_title(record))}</h1>'
        f'<p id="counts">NER strict F1 {pct(strict.f1)} (P {pct(strict.precision)}, R {pct(strict.recall)}): '
        f'<span id="n-fp">{n_fp}</span> false positives and <span id="n-fn">{n_fn}</span> false negatives, '
        f'as the record counts them ({strict.counts["fp"]} and {strict.counts["fn"]}).</p>'
        f'{_headline(record)}<p class="legend"><span style="color:var(--tp)">▁ matched</span>'
        f'<span style="color:var(--fp)">▁ false positive</span><span style="color:var(--fn)">▁ false negative'
        f'</span> Stacked underlines show nesting; hover a mention for its offsets and error class.</p></header>'
        f'<div class="chart" dir="ltr">{_chart(record)}</div>'
        f'<div class="controls" dir="ltr" lang="en">{_options("f-type", "type", sorted(types))}'
        f'{_options("f-class", "error class", ERROR_CLASSES)}{_options("f-doc", "document", docs)}'
        f'{_options("f-zone", "zone", zones)}<label><input type="checkbox" id="f-errors"> only errors</label>'
        f'<span><span id="shown">{len(blocks)}</span> of {len(blocks)} sentences</span></div>'
        f'<main>{"".join(blocks)}</main><script>{SCRIPT}</script></body></html>\n'
    )
