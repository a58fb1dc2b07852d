"""Reading and writing prediction files, with precise errors.

Two formats:

- **JSONL** (primary), one line per document::

    {"doc_id": "000_a13afac072b68dd1",
     "entities": [{"start": 141, "end": 147, "type": "GPE"}, ...],
     "relations": [{"head": 0, "tail": 1, "type": "MEET"}]}

  ``head``/``tail`` index the line's ``entities``. An entity may carry a
  ``text`` field; if it does, it must equal the raw text slice.
- **Token tags**, one line per sentence of the ``ner`` config::

    {"id": "000_a13afac072b68dd1-010", "tags": ["B-GPE", "B-GPE", "O", ...]}

  IOB2 over the canonical tokens; converted to character spans.

Every problem is a :class:`~harness.core.errors.Problem` naming the file, line,
field, what was expected and what was found; all problems of a file are
raised together as one :class:`~harness.core.errors.InputError` (the first 50).
Nothing is silently repaired or dropped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from harness.core.errors import InputError, Problem, ProblemCollector, did_you_mean
from harness.io.alignment import Offset
from harness.io.iob import decode
from harness.io.paths import check_input
from harness.io.alignment import check as check_alignment
from harness.io.labelmap import IDENTITY, LabelMap
from harness.core.schema import load_schema
from harness.core.types import Document, Prediction, Relation, Span, with_columns

MAX_LINE_BYTES = 100 * 1024 * 1024
MAX_PROBLEMS = 50
LABEL_MAP_HINT = "a system with another inventory can pass --label-map FILE.yaml"


def sentence_id(doc_id: str, index: int) -> str:
    """The ``ner``/``re`` config's id of a sentence.

    >>> sentence_id("000_a", 7)
    '000_a-007'
    """
    return f"{doc_id}-{index:03d}"


class LabelCollector(ProblemCollector):
    """The readers' collector: the project's one collector, with this module's cap, that also names
    a shipped label map fitting the labels of another inventory."""

    def __init__(self, path: str):
        super().__init__(path, MAX_PROBLEMS)
        self.unknown_labels: set[str] = set()

    def raise_if_any(self) -> None:
        """Raise, first naming a shipped label map that fits when the labels are another inventory's."""
        if self.unknown_labels:
            fits = fitting_label_maps(self.unknown_labels)
            if fits:
                self.add(None, None, "labels", "the benchmark's entity types",
                         f"<another inventory: {', '.join(sorted(self.unknown_labels)[:8])}>",
                         f"the shipped label map{'s' if len(fits) > 1 else ''} {' or '.join(fits)} "
                         f"map{'' if len(fits) > 1 else 's'} these labels: pass --label-map {fits[0]}")
        super().raise_if_any()


def fitting_label_maps(labels) -> list[str]:
    """The shipped label maps that map every one of ``labels`` (an inventory's labels, seen in a file)."""
    from harness.io.labelmap import load_label_map, shipped_maps

    return [name for name in shipped_maps()
            if all(label in load_label_map(name).mapping for label in labels)]


def _lines(path: Path, errors: LabelCollector) -> Iterator[tuple[int, object]]:
    """Yield (line number, parsed JSON) for every non-blank line."""
    check_input(path, "predictions")
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(Problem(str(path), None, None, "file", "a readable file", f"<{exc.strerror}>")) from None
    with handle:
        for lineno, raw in enumerate(iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b""), start=1):
            if len(raw) > MAX_LINE_BYTES:
                errors.add(lineno, None, "line", f"at most {MAX_LINE_BYTES} bytes", "<a longer line>")
                errors.raise_if_any()
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                errors.add(lineno, None, "encoding", "UTF-8", f"<byte 0x{raw[exc.start]:02x} at column {exc.start + 1}>")
                continue
            if not text.strip():
                continue
            try:
                value = json.loads(text, object_pairs_hook=_no_duplicate_keys)
            except _DuplicateKey as exc:
                errors.add(lineno, None, "JSON", "an object without repeated keys", f"<key {exc.key!r} twice>")
                continue
            except (json.JSONDecodeError, RecursionError) as exc:
                message = exc.msg if isinstance(exc, json.JSONDecodeError) else "nesting too deep"
                column = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
                errors.add(lineno, None, "JSON", "one JSON object per line", f"<invalid JSON: {message}{column}>")
                continue
            except ValueError as exc:  # an integer beyond Python's digit limit for conversions
                errors.add(lineno, None, "JSON", "numbers of a sensible size", f"<{str(exc).split(';')[0]}>")
                continue
            yield lineno, value


def ner_tag_names() -> list[str]:
    """The ``ner`` config's ClassLabel names: id ``i`` is tag ``ner_tag_names()[i]``."""
    from harness.core.views import iob2_labels

    return iob2_labels(load_schema().entity_types)


def _items(path: Path, errors: LabelCollector, records: Iterable[object] | None) -> Iterator[tuple[int, object]]:
    """The file's lines, or in-memory ``records`` numbered from 1 as if they were lines."""
    return _lines(path, errors) if records is None else enumerate(records, start=1)


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_doc_id(value: object, lineno: int, field: str, known, seen: dict, errors: LabelCollector) -> str | None:
    if not isinstance(value, str):
        errors.add(lineno, None, field, "a string", value if value is None or _is_int(value) else f"<{type(value).__name__}>")
        return None
    if value not in known:
        first = next(iter(known), "")
        errors.add(lineno, value[:200], field, f"an id of the gold being scored (ids like {first!r})", value,
                   did_you_mean(value, known) or "evaluate export gold (with the same --gold) lists every id")
        return None
    if value in seen:
        errors.add(lineno, value, field, f"each id once (first on line {seen[value]})", value)
        return None
    seen[value] = lineno
    return value


def check_type(label: object, lineno: int | None, where: str | None, field: str, label_map: LabelMap, errors):
    """The one entity-type check of every reader: map a label and validate it; returns (ok, mapped type or None).

    ``errors`` is anything with ``add(line, where, field, expected, found, hint)`` (a
    :class:`~harness.core.errors.ProblemCollector`); labels of another inventory are also
    remembered on it (``unknown_labels``) when it keeps them, to name a label map that fits.
    """
    types = load_schema().entity_types
    if not isinstance(label, str):
        errors.add(lineno, where, field, "a string label", f"<{type(label).__name__}>")
        return False, None
    mapped = label_map.apply(label)
    if mapped is not None and mapped not in types:
        hint = did_you_mean(label, types)
        hint = f"{hint} {LABEL_MAP_HINT}" if hint else LABEL_MAP_HINT
        errors.add(lineno, where, field, "one of the benchmark's 21 entity types", label, hint)
        if hasattr(errors, "unknown_labels"):
            errors.unknown_labels.add(label)
        return False, None
    return True, mapped


def _missing(known: Sequence[str], seen: dict, allow_missing: bool, what: str, errors: LabelCollector) -> None:
    absent = [k for k in known if k not in seen]
    if absent and not allow_missing:
        errors.add(
            None, None, what, f"every {what} of the benchmark ({len(known)})",
            f"<{len(absent)} missing, first {absent[0]!r}>",
            "pass --allow-missing to score missing ones as empty predictions",
        )


def read_jsonl(
    path: str | os.PathLike,
    documents: Sequence[Document],
    label_map: LabelMap = IDENTITY,
    allow_missing: bool = False,
    *,
    records: Iterable[object] | None = None,
    allow_unaligned: bool = False,
) -> list[Prediction]:
    """Read a JSONL predictions file.

    Args:
        path: the file (with ``records``: the name problems are reported under).
        documents: the gold documents (for ids and text lengths).
        label_map: maps the system's labels to the benchmark's types.
        allow_missing: score documents absent from the file as empty.
        records: parsed line objects to check instead of reading ``path``
            (problems then name their position, counted from 1, as the line).
        allow_unaligned: score spans that do not start and end on the canonical
            tokens (a character-level system) instead of refusing a file made mostly of them.

    Returns:
        One prediction per gold document, in the documents' order.

    Raises:
        InputError: with every problem found.
    """
    path = Path(path)
    errors = LabelCollector(str(path))
    schema = load_schema()
    by_id = {d.id: d for d in documents}
    seen: dict[str, int] = {}
    out: dict[str, Prediction] = {}
    offsets: list[Offset] = []  # every span as read, for the alignment check
    out_of_range: list[tuple] = []  # reported after it, so that a diagnosis comes first
    for lineno, obj in _items(path, errors, records):
        if not isinstance(obj, dict):
            errors.add(lineno, None, "line", "a JSON object", f"<{type(obj).__name__}>")
            continue
        doc_id = _check_doc_id(obj.get("doc_id"), lineno, "doc_id", by_id, seen, errors)
        if doc_id is None:
            continue
        text = by_id[doc_id].text
        entities = obj.get("entities", [])
        relations = obj.get("relations", [])
        if not isinstance(entities, list):
            errors.add(lineno, doc_id, "entities", "a list", f"<{type(entities).__name__}>")
            continue
        if not isinstance(relations, list):
            errors.add(lineno, doc_id, "relations", "a list", f"<{type(relations).__name__}>")
            continue
        spans: list[Span | None] = []
        keys: dict[tuple, int] = {}
        for i, ent in enumerate(entities):
            where = f"{doc_id} entities[{i}]"
            spans.append(None)
            if not isinstance(ent, dict):
                errors.add(lineno, where, "entity", "an object with start, end, type", f"<{type(ent).__name__}>")
                continue
            start, end = ent.get("start"), ent.get("end")
            if not (_is_int(start) and _is_int(end)):
                errors.add(lineno, where, "start/end", "integers", f"<{start!r}, {end!r}>")
                continue
            offsets.append(Offset(lineno, where, doc_id, start, end))
            if not 0 <= start < end <= len(text):
                out_of_range.append((lineno, where, "start/end", f"0 <= start < end <= {len(text)}", f"<{start}, {end}>"))
                continue
            if "text" in ent and ent["text"] != text[start:end]:
                errors.add(lineno, where, "text", f"raw[{start}:{end}] = {text[start:end]!r}", ent["text"])
                continue
            ok, mapped = check_type(ent.get("type"), lineno, where, "type", label_map, errors)
            if not ok:
                continue
            if mapped is None:
                spans[-1] = _DROPPED
                continue
            key = (start, end, mapped)
            if key in keys:
                errors.add(lineno, where, "entity", f"each entity once (same as entities[{keys[key]}])", f"<{start}, {end}, {mapped}>")
                continue
            keys[key] = i
            spans[-1] = Span(start, end, mapped)
        rels: list[Relation] = []
        rel_keys: dict[tuple, int] = {}
        for i, rel in enumerate(relations):
            where = f"{doc_id} relations[{i}]"
            if not isinstance(rel, dict):
                errors.add(lineno, where, "relation", "an object with head, tail, type", f"<{type(rel).__name__}>")
                continue
            head, tail, typ = rel.get("head"), rel.get("tail"), rel.get("type")
            if not isinstance(typ, str) or typ not in schema.relations:
                errors.add(lineno, where, "type", f"one of {list(schema.relation_types)}",
                           typ if isinstance(typ, str) or typ is None else f"<{type(typ).__name__}>",
                           did_you_mean(typ, schema.relation_types) if isinstance(typ, str) else "")
                continue
            bad = [(n, v) for n, v in (("head", head), ("tail", tail)) if not (_is_int(v) and 0 <= v < len(entities))]
            if bad:
                name, value = bad[0]
                errors.add(lineno, where, name, f"an index into this line's {len(entities)} entities", value if _is_int(value) else f"<{value!r}>")
                continue
            if head == tail:
                errors.add(lineno, where, "head/tail", "two different entities", f"<{head} twice>")
                continue
            if spans[head] is _DROPPED or spans[tail] is _DROPPED:
                continue  # an argument's label maps to null: the relation goes with it
            if spans[head] is None or spans[tail] is None:
                continue  # the entity itself was reported
            relation = Relation(spans[head], spans[tail], typ, schema.relation(typ).symmetric)
            key = relation.key()
            if key in rel_keys:
                errors.add(lineno, where, "relation", f"each relation once (same as relations[{rel_keys[key]}])", f"<{typ} {head} {tail}>")
                continue
            rel_keys[key] = i
            rels.append(relation)
        kept = tuple(sorted(s for s in spans if isinstance(s, Span)))
        out[doc_id] = with_columns(Prediction(doc_id, kept, tuple(rels)))
    check_alignment(documents, offsets, str(path), allow_unaligned)
    for problem in out_of_range:
        errors.add(*problem)
    _missing([d.id for d in documents], seen, allow_missing, "doc_id", errors)
    errors.raise_if_any()
    return [out.get(d.id, Prediction(d.id)) for d in documents]


class _Dropped:
    """Marks an entity whose label the label map drops."""


_DROPPED = _Dropped()


def read_tags(
    path: str | os.PathLike,
    documents: Sequence[Document],
    label_map: LabelMap = IDENTITY,
    allow_missing: bool = False,
    *,
    records: Iterable[object] | None = None,
    scheme: str = "IOB2",
) -> list[Prediction]:
    """Read a token-tags predictions file (one line of tags per sentence, IOB2 unless ``scheme`` says otherwise).

    Returns:
        One prediction per gold document (entities only), in order.

    Raises:
        InputError: with every problem found; invalid IOB2 is reported, never repaired.
    """
    path = Path(path)
    errors = LabelCollector(str(path))
    sentences = {
        sentence_id(d.id, i): (d, i) for d in documents for i in range(len(d.sentences))
    }
    seen: dict[str, int] = {}
    spans: dict[str, list[Span]] = {d.id: [] for d in documents}
    for lineno, obj in _items(path, errors, records):
        if not isinstance(obj, dict):
            errors.add(lineno, None, "line", "a JSON object", f"<{type(obj).__name__}>")
            continue
        sid = _check_doc_id(obj.get("id"), lineno, "id", sentences, seen, errors)
        if sid is None:
            continue
        doc, index = sentences[sid]
        tokens = doc.sentence_tokens(index)
        tags = obj.get("tags")
        if isinstance(tags, list) and tags and all(_is_int(t) for t in tags):
            names = ner_tag_names()
            if scheme != "IOB2" or not all(0 <= t < len(names) for t in tags):
                errors.add(lineno, sid, "tags", f"tag strings, or the ner config's ClassLabel ids 0-{len(names) - 1} "
                           "(IOB2)", f"<ids {min(tags)}-{max(tags)}>" if scheme == "IOB2" else "<integer ids>",
                           "convert ids with ner.features['ner_tags'].feature.int2str(ids)")
                continue
            tags = [names[t] for t in tags]  # what datasets hands a user: the ner config's ClassLabel ids
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            errors.add(lineno, sid, "tags", "a list of strings (or the ner config's ClassLabel ids)",
                       f"<{type(tags).__name__}>")
            continue
        if len(tags) != len(tokens):
            errors.add(lineno, sid, "tags", f"{len(tokens)} tags, one per canonical token", f"<{len(tags)} tags>")
            continue
        found, violation = decode(tags, scheme)
        if violation:
            errors.add(lineno, sid, f"tags[{violation[0]}]", f"valid {scheme}", f"<{violation[1]}>",
                       "the file is not repaired: fix the system's output, or declare its scheme with "
                       "--predictions-scheme" if scheme == "IOB2" else "the file is not repaired")
            continue
        for first, last, label in found:
            ok, mapped = check_type(label, lineno, sid, f"tags[{first}]", label_map, errors)
            if ok and mapped is not None:
                spans[doc.id].append(Span(tokens[first].start, tokens[last - 1].end, mapped))
    _missing(list(sentences), seen, allow_missing, "sentence id", errors)
    errors.raise_if_any()
    return [with_columns(Prediction(d.id, tuple(sorted(set(spans[d.id]))))) for d in documents]


def write_jsonl(path: str | os.PathLike, predictions: Sequence[Prediction]) -> None:
    """Write predictions as JSONL (entities sorted; relations index them)."""
    lines = []
    for p in predictions:
        spans = sorted(set(p.spans) | {a for r in p.relations for a in (r.head, r.tail)})
        index = {s: i for i, s in enumerate(spans)}
        rels = sorted((index[r.head], index[r.tail], r.type) for r in p.relations)
        lines.append(json.dumps({
            "doc_id": p.doc_id,
            "entities": [{"start": s.start, "end": s.end, "type": s.type} for s in spans],
            "relations": [{"head": h, "tail": t, "type": ty} for h, t, ty in rels],
        }, ensure_ascii=False))
    Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
