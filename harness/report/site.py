"""``evaluate site --out DIR``: the benchmark's static pages, from the committed records and the gold.

- ``index.html``: the leaderboard, one table per gold as ``leaderboard.md``
  has them (the same columns, the same tie groups from the paired bootstrap),
  each F1 drawn with its interval as a bar, sortable by any column (a click on
  its header), each row linking to its system's report page and showing the
  command that reproduces it;
- ``systems/NAME.html``: the system's ``report.html`` (:mod:`harness.report.html`),
  made by running the system again on the gold, for every record on the
  newest benchmark gold whose system is registered and ready here (a row
  without one says why);
- ``gold.html``: every document, sentence by sentence with its zone, its
  nested mentions and its relations;
- ``card.html``: the dataset card.

Plain HTML, CSS and a few lines of JavaScript, no build step and nothing to
download; every page is a pure function of the records and the gold, so
building twice gives byte-identical files.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from harness.core.atomic import write_atomic
from harness.report.html import CSS, render_html, sentence_lines
from harness.report.leaderboard import ALPHA, Entry, ordered_groups, rank_text, ranked, read_entries
from harness.report.render import ABSENT, with_ci
from harness.scoring.viewspec import VIEWS

SITE_CSS = CSS + """
nav { direction: ltr; font-family: "DejaVu Sans", sans-serif; margin-bottom: 1rem; }
nav a { margin-right: 1rem; }
table.board { border-collapse: collapse; direction: ltr; font-family: "DejaVu Sans", sans-serif; font-size: .8rem; }
table.board th, table.board td { border: 1px solid #ddd; padding: .25rem .4rem; vertical-align: top; }
table.board th.sortable { cursor: pointer; background: #f3f3ef; } table.board th.sorted { background: #e3ecf5; }
.ci { display: block; position: relative; height: 5px; background: #eee; margin-top: 2px; width: 8rem; }
.ci > i { position: absolute; top: 0; bottom: 0; background: #85a9c9; }
.ci > b { position: absolute; top: -2px; bottom: -2px; width: 2px; background: #1a4f7a; }
code { font-size: .75rem; }
article.card { direction: ltr; text-align: left; font-family: "DejaVu Sans", sans-serif; font-size: .9rem;
               max-width: 60rem; }
article.card table { border-collapse: collapse; } article.card td, article.card th { border: 1px solid #ddd;
               padding: .15rem .4rem; }
"""

SORT_SCRIPT = """
document.querySelectorAll("table.board").forEach(table => {
  table.querySelectorAll("th.sortable").forEach(th => th.addEventListener("click", () => {
    const col = Number(th.dataset.col), body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const key = r => { const v = r.cells[col].dataset.value; return v === undefined || v === "" ? -Infinity : Number(v); };
    const dir = th.classList.contains("sorted") && th.dataset.dir === "desc" ? 1 : -1;
    rows.sort((a, b) => dir * (key(a) - key(b)) || a.dataset.system.localeCompare(b.dataset.system));
    rows.forEach(r => body.appendChild(r));
    table.querySelectorAll("th").forEach(h => h.classList.remove("sorted"));
    th.classList.add("sorted"); th.dataset.dir = dir < 0 ? "desc" : "asc";
  }));
});
"""

NAV = ('<nav><a href="{root}index.html">Leaderboard</a><a href="{root}gold.html">Gold browser</a>'
       '<a href="{root}card.html">Dataset card</a></nav>')


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(title: str, body: str, root: str = "", script: str = "") -> str:
    return ('<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_esc(title)}</title>'
            f'<style>{SITE_CSS}</style></head><body><header dir="ltr" lang="en">{NAV.format(root=root)}'
            f'<h1>{_esc(title)}</h1></header>{body}' + (f"<script>{script}</script>" if script else "")
            + "</body></html>\n")


def _score_cell(col: int, score) -> str:
    if score is None:
        return f'<td data-col="{col}" data-value="">{ABSENT}</td>'
    f1 = 100 * score.f1
    bar = ""
    if score.ci:
        lo, hi = (100 * x for x in score.ci["f1"])
        bar = f'<span class="ci"><i style="left:{lo:.2f}%;width:{hi - lo:.2f}%"></i><b style="left:{f1:.2f}%"></b></span>'
    return f'<td data-col="{col}" data-value="{score.f1:.6f}">{_esc(with_ci(score))}{bar}</td>'


def _table(title: str, entries: Sequence[Entry], reports: dict[str, str], pending: Sequence[dict]) -> str:
    columns = VIEWS.leaderboard_columns()
    first = 5
    head = ['<th>#</th><th>system</th><th>kind</th><th>training data</th><th>verified</th>']
    head += [f'<th class="sortable" data-col="{first + k}">{_esc(c[0])}</th>' for k, c in enumerate(columns)]
    head.append("<th>report</th><th>reproduce</th>")
    rows = []
    for entry, (lo, hi) in ranked(entries, ALPHA):
        r = entry.record
        name = r.name
        link = (f'<a class="system" href="{reports[name]}">{_esc(name)}</a>' if name in reports else _esc(name))
        cells = [f"<td>{rank_text(lo, hi)}</td>", f"<td>{link}</td>",
                 f"<td>{_esc(r.system.get('kind', '?'))}</td>", f"<td>{_esc(r.system.get('training_data', '?'))}</td>",
                 f"<td>{_esc(entry.verified)}</td>"]
        cells += [_score_cell(first + k, r.score(zone, view) if view in r.views else None)
                  for k, (_, zone, view) in enumerate(columns)]
        cells.append(f"<td>{'page' if name in reports else _esc(reports.get('!' + name, 'none'))}</td>")
        cells.append(f"<td><code>{_esc(entry.command)}</code></td>")
        rows.append(f'<tr data-system="{_esc(name)}">{"".join(cells)}</tr>')
    for p in pending:
        rows.append(f'<tr data-system="{_esc(p["name"])}" class="pending"><td>–</td><td>{_esc(p["name"])}</td>'
                    f'<td>{_esc(p["kind"])}</td><td>{_esc(p["training_data"])}</td><td>pending</td>'
                    + "".join(f'<td data-col="{first + k}" data-value="">pending</td>' for k in range(len(columns)))
                    + f'<td>{_esc(p["reason"])}</td><td><code>{_esc(p["command"])}</code></td></tr>')
    return (f'<section dir="ltr" lang="en"><h2>{_esc(title)}</h2><p>Sorted by NER strict F1; systems a paired '
            f'bootstrap cannot separate at α = {ALPHA:g} share a rank range. Click a column to sort by it.</p>'
            f'<table class="board"><thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f'</table></section>')


def _gold_page(documents) -> str:
    parts = []
    for doc in documents:
        parts.append(f'<h2 dir="ltr" id="{_esc(doc.id)}">{_esc(doc.id)}: {len(doc.spans)} mentions, '
                     f'{len(doc.relations)} relations</h2>')
        for i, s in enumerate(doc.sentences):
            spans = [x for x in doc.spans if s.start <= x.start < s.end]
            text = doc.text[s.start:s.end]
            rels = [r for r in doc.relations if s.start <= r.head.start < s.end]
            items = "".join(f'<li>{_esc(r.type)}: {_esc(doc.text[r.head.start:r.head.end])} '
                            f'{"↔" if r.symmetric else "→"} {_esc(doc.text[r.tail.start:r.tail.end])}</li>'
                            for r in rels)
            parts.append(f'<section class="sentence" data-doc="{_esc(doc.id)}" data-zone="{_esc(s.zone)}">'
                         f'<div class="meta">sentence {i} · {_esc(s.zone)}</div><div dir="rtl" lang="ar">'
                         + sentence_lines("gold", text, s.start, spans, {x: ("tp", "") for x in spans}, "gold") + "</div>"
                         + (f'<ul class="rels" dir="rtl" lang="ar">{items}</ul>' if items else "") + "</section>")
    return "".join(parts)


def _system_report(entry: Entry, gold) -> tuple[str | None, str]:
    """The report page of a system run again here, or None and why not."""
    from harness.core.errors import InputError
    from harness.records.score import Options, system_record
    from harness.systems.registry import registry

    reg = registry()
    record = entry.record
    if record.name not in reg.names() or record.system.get("kind") == "submitted predictions":
        return None, "not a registered system"
    args = record.system.get("system_args") or {}
    try:
        if not reg.info(record.name).reproducible:
            return None, "needs weights that are not bundled"
        again, predictions = system_record(record.name, gold, options=Options.of_record(record), system_args=args)
    except InputError as err:
        return None, str(err.problems[0])[:200]
    return render_html(again, gold.documents, predictions), ""


def card_html(card: str) -> str:
    """The dataset card's Markdown as HTML (its YAML metadata block left out), by markdown-it-py.

    Raises:
        InputError: when markdown-it-py is not installed (``pip install 'tahalof[site]'``).
    """
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        from harness.core.errors import InputError, Problem

        raise InputError(Problem("<evaluate site>", None, None, "dependency", "markdown-it-py (for the card page)",
                                 "<not installed>", "pip install 'tahalof[site]'")) from None
    if card.startswith("---\n"):
        card = card[card.index("\n---\n", 4) + 5:]
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(card)


def build_site(results_dir: Path, out: Path, submissions_dir: Path | None = None) -> list[str]:
    """Write the site into ``out``; returns one line per page written."""
    from harness.gold.data import dataset_dir
    from harness.gold.source import benchmark

    entries, pending = read_entries(results_dir, submissions_dir)
    gold = benchmark()
    out = Path(out)
    written = []
    tables = []
    for k, (key, group, newest) in enumerate(ordered_groups(entries)):
        reports: dict[str, str] = {}
        if newest and key[1] == gold.checksum:
            for entry in sorted(group, key=lambda e: e.record.name):
                page, why = _system_report(entry, gold)
                if page is None:
                    reports["!" + entry.record.name] = why
                    continue
                path = f"systems/{entry.record.name}.html"
                write_atomic(out / path, page.replace("<body>", "<body>" + NAV.format(root="../"), 1))
                reports[entry.record.name] = path
                written.append(path)
        title = key[0] if newest else f"{key[0]} (another gold: not ranked beside the newest)"
        tables.append(_table(title, group, reports, pending if k == 0 and newest else ()))
    if not tables:
        tables.append("<p>No result records yet.</p>")
    write_atomic(out / "index.html", _page("Leaderboard", "".join(tables), script=SORT_SCRIPT))
    write_atomic(out / "gold.html", _page(f"Gold {gold.version}", _gold_page(gold.documents)))
    card = (dataset_dir() / "README.md").read_text(encoding="utf-8")
    write_atomic(out / "card.html", _page("Dataset card", f'<article class="card" dir="ltr" lang="en">'
                                                           f'{card_html(card)}</article>'))
    return ["index.html", "gold.html", "card.html", *written]
