"""Exchange formats: CoNLL with nested tag columns, and brat standoff.

Export (the gold or any predictions):

- **CoNLL**: one ``token<TAB>TAG1<TAB>TAG2…`` line per canonical token, one
  IOB2 column per nesting level as Wojood's files do (column 1: outermost
  mentions; column 2: mentions inside them; …), a blank line after each
  sentence, and ``# doc_id = …`` / ``# sent_id = …`` comment lines. Relations
  have no place in CoNLL and are not written.
- **brat**: a folder with ``NAME.txt`` (the raw text) and ``NAME.ann`` (``T``
  and ``R`` lines) per document, ready for brat or INCEpTION.

Import (as predictions): the same two formats; CoNLL tokens must equal the
benchmark's canonical tokens, brat spans must equal the raw text. Every
problem names the file and line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from harness.io.alignment import Offset
from harness.io.alignment import check as check_alignment
from harness.io.brat import AnnFile, format_ann, parse_ann
from harness.io.paths import check_input
from harness.core.errors import InputError, Problem, did_you_mean
from harness.io.labelmap import IDENTITY, LabelMap
from harness.io.iob import decode
from harness.io.predictions import LabelCollector, check_type, sentence_id
from harness.core.schema import load_schema
from harness.core.types import Document, Prediction, Relation, Span, with_columns
from harness.core.views import to_iob2


def nesting_levels(spans: Sequence[Span]) -> list[list[Span]]:
    """Spans split into levels: each level flat, level k+1 inside level k where nested.

    >>> a, b, c = Span(0, 9, "OCC"), Span(5, 9, "NORP"), Span(10, 12, "PERS")
    >>> nesting_levels([b, c, a])
    [[Span(start=0, end=9, type='OCC'), Span(start=10, end=12, type='PERS')], [Span(start=5, end=9, type='NORP')]]
    """
    levels: list[list[Span]] = []
    for span in sorted(set(spans), key=lambda s: (s.start, -s.end, s.type)):
        for level in levels:
            if level[-1].end <= span.start:
                level.append(span)
                break
        else:
            levels.append([span])
    return levels


def to_conll(documents: Sequence[Document], predictions: Sequence[Prediction] | None = None) -> str:
    """CoNLL text of the gold (or of predictions over the gold's tokens)."""
    spans_of = {p.doc_id: p.spans for p in predictions} if predictions is not None else {d.id: d.spans for d in documents}
    depth = max((len(nesting_levels(spans_of[d.id])) for d in documents), default=1) or 1
    lines = []
    for doc in documents:
        levels = nesting_levels(spans_of[doc.id])
        lines.append(f"# doc_id = {doc.id}")
        for i, sentence in enumerate(doc.sentences):
            tokens = doc.sentence_tokens(i)
            columns = []
            for k in range(depth):
                inside = [(s.start, s.end, s.type) for s in (levels[k] if k < len(levels) else [])
                          if sentence.start <= s.start < sentence.end]
                columns.append(to_iob2(inside, tokens))
            lines.append(f"# sent_id = {sentence_id(doc.id, i)}")
            lines += ["\t".join([t.text, *(col[j] for col in columns)]) for j, t in enumerate(tokens)]
            lines.append("")
    return "\n".join(lines) + "\n"


def write_brat(out_dir: str | os.PathLike, documents: Sequence[Document],
               predictions: Sequence[Prediction] | None = None) -> None:
    """A brat folder: NAME.txt and NAME.ann per document."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    by_id = {p.doc_id: p for p in predictions} if predictions is not None else None
    for doc in documents:
        spans = by_id[doc.id].spans if by_id else doc.spans
        relations = by_id[doc.id].relations if by_id else doc.relations
        ids = {s: f"T{i}" for i, s in enumerate(sorted(set(spans) | {a for r in relations for a in (r.head, r.tail)}), 1)}
        entities = [(ids[s], s.type, s.start, s.end, doc.text[s.start:s.end]) for s in ids]
        rels = [(f"R{i}", r.type, ids[r.head], ids[r.tail]) for i, r in enumerate(relations, 1)]
        (out / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8", newline="")
        (out / f"{doc.id}.ann").write_text(format_ann(entities, rels), encoding="utf-8")


class _Into:
    """Adds problems of one file to a shared list, as :func:`check_type` expects of a collector."""

    def __init__(self, problems: list[Problem], path: str):
        self.problems, self.path = problems, path

    def add(self, line, where, field, expected, found=None, hint=""):
        self.problems.append(Problem(self.path, line, where, field, expected, found, hint))


def read_brat(path: str | os.PathLike, documents: Sequence[Document], label_map: LabelMap = IDENTITY,
              allow_missing: bool = False, allow_unaligned: bool = False) -> list[Prediction]:
    """Predictions from a brat folder (``NAME.ann``, optional ``NAME.txt`` checked against the raw text)."""
    folder = check_input(path, "brat predictions", folder=True)
    if not folder.is_dir():
        raise InputError(Problem(str(folder), None, None, "brat predictions", "a folder of NAME.ann files", "<a file>"))
    schema = load_schema()
    problems: list[Problem] = []
    out = {}
    offsets: list[Offset] = []
    known = {d.id: d for d in documents}
    for ann_path in sorted(folder.glob("*.ann")):
        doc = known.get(ann_path.stem)
        if doc is None:
            problems.append(Problem(str(ann_path), None, None, "file name", "a benchmark document id",
                                    ann_path.stem, did_you_mean(ann_path.stem, known)))
            continue
        try:
            check_input(ann_path, "brat annotations")
        except InputError as err:
            problems += err.problems
            continue
        txt = ann_path.with_suffix(".txt")
        if txt.is_file() and txt.read_text(encoding="utf-8", errors="replace") != doc.text:
            problems.append(Problem(str(txt), None, None, "text", "the benchmark's raw text of the document",
                                    "<different text>"))
            continue
        try:
            ann: AnnFile = parse_ann(ann_path.read_text(encoding="utf-8"), str(ann_path))
        except InputError as err:
            problems += err.problems
            continue
        except UnicodeDecodeError:
            problems.append(Problem(str(ann_path), None, None, "encoding", "UTF-8", "<invalid bytes>"))
            continue
        spans: dict[str, Span | None] = {}
        for e in ann.entities:
            offsets.append(Offset(e.line, e.id, doc.id, e.start, e.end))
            if not 0 <= e.start < e.end <= len(doc.text) or doc.text[e.start:e.end] != e.text:
                problems.append(Problem(str(ann_path), e.line, e.id, "offsets/text",
                                        f"text equal to the raw slice (0 <= start < end <= {len(doc.text)})",
                                        f"<{e.start} {e.end} {e.text!r}>"))
                continue
            ok, mapped = check_type(e.type, e.line, e.id, "type", label_map, _Into(problems, str(ann_path)))
            if ok:
                spans[e.id] = Span(e.start, e.end, mapped) if mapped else None
        relations = []
        for r in ann.relations:
            if r.type not in schema.relations:
                problems.append(Problem(str(ann_path), r.line, r.id, "type", f"one of {list(schema.relation_types)}",
                                        r.type, did_you_mean(r.type, schema.relation_types)))
                continue
            if r.head not in spans or r.tail not in spans:
                if r.head not in {e.id for e in ann.entities} or r.tail not in {e.id for e in ann.entities}:
                    problems.append(Problem(str(ann_path), r.line, r.id, "argument", "the id of a T line", f"{r.head}/{r.tail}"))
                continue
            if spans[r.head] and spans[r.tail]:
                relations.append(Relation(spans[r.head], spans[r.tail], r.type, schema.relation(r.type).symmetric))
        out[doc.id] = with_columns(Prediction(doc.id, tuple(sorted({s for s in spans.values() if s})), tuple(relations)))
    present = {p.stem for p in folder.glob("*.ann")}
    missing = [d.id for d in documents if d.id not in out and d.id not in present]  # a bad file is reported, not missing
    if missing and not allow_missing:
        problems.append(Problem(str(folder), None, None, "files", f"one NAME.ann per document ({len(documents)})",
                                f"<{len(missing)} missing, first {missing[0]!r}>", "pass --allow-missing"))
    check_alignment(documents, offsets, str(folder), allow_unaligned)
    if problems:
        raise InputError(problems)
    return [out.get(d.id, Prediction(d.id)) for d in documents]


def read_conll_predictions(path: str | os.PathLike, documents: Sequence[Document], label_map: LabelMap = IDENTITY,
                           allow_missing: bool = False, scheme: str = "IOB2") -> list[Prediction]:
    """Predictions from a CoNLL file with ``# sent_id`` comments and one or more IOB2 columns."""
    path = Path(path)
    sentences = {sentence_id(d.id, i): (d, i) for d in documents for i in range(len(d.sentences))}
    problems = LabelCollector(str(path))
    spans: dict[str, set[Span]] = {d.id: set() for d in documents}
    seen: dict[str, int] = {}
    try:
        lines = path.read_bytes().decode("utf-8-sig").split("\n")
    except OSError as exc:
        raise InputError(Problem(str(path), None, None, "file", "a readable CoNLL file", f"<{exc.strerror}>")) from None
    except UnicodeDecodeError:
        raise InputError(Problem(str(path), None, None, "encoding", "UTF-8", "<invalid bytes>")) from None
    current, rows = None, []

    def flush():
        if current is None:
            return
        sid, start_line = current
        doc, index = sentences[sid]
        tokens = doc.sentence_tokens(index)
        if [r[1][0] for r in rows] != [t.text for t in tokens]:
            bad = next((k for k, (r, t) in enumerate(zip(rows, tokens)) if r[1][0] != t.text), min(len(rows), len(tokens)))
            line = rows[bad][0] if bad < len(rows) else start_line
            problems.add(line, sid, "token", f"the canonical tokens of {sid} ({len(tokens)})",
                                    rows[bad][1][0] if bad < len(rows) else "<end of sentence>")
            return
        width = {len(r[1]) for r in rows}
        if len(width) > 1:
            problems.add(rows[0][0], sid, "columns", "the same number of columns on every line",
                                    f"<{sorted(width)}>")
            return
        for col in range(1, width.pop() if width else 1):
            found, violation = decode([r[1][col] for r in rows], scheme)
            if violation:
                problems.add(rows[violation[0]][0], sid, f"column {col + 1}", f"valid {scheme}",
                                        f"<{violation[1]}>")
                continue
            for first, last, label in found:
                ok, mapped = check_type(label, rows[first][0], sid, "type", label_map, problems)
                if ok and mapped:
                    spans[doc.id].add(Span(tokens[first].start, tokens[last - 1].end, mapped))

    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r")
        if line.startswith("# sent_id = "):
            flush()
            sid = line.removeprefix("# sent_id = ").strip()
            if sid not in sentences:
                problems.add(lineno, None, "sent_id", "a sentence id of the ner config", sid,
                                        did_you_mean(sid, sentences))
                current, rows = None, []
                continue
            if sid in seen:
                problems.add(lineno, sid, "sent_id", f"each id once (first on line {seen[sid]})", sid)
            seen[sid] = lineno
            current, rows = (sid, lineno), []
        elif line.startswith("# ") or not line.strip():
            continue
        elif current is None:
            problems.add(lineno, None, "line", "a token line after a '# sent_id = …' comment",
                                    line[:60])
        else:
            rows.append((lineno, line.split("\t")))
    flush()
    missing = [s for s in sentences if s not in seen]
    if missing and not allow_missing:
        problems.add(None, None, "sent_id", f"every sentence ({len(sentences)})",
                                f"<{len(missing)} missing, first {missing[0]!r}>", "pass --allow-missing")
    problems.raise_if_any()
    return [with_columns(Prediction(d.id, tuple(sorted(spans[d.id])))) for d in documents]
