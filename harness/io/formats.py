"""The prediction formats, declared once: what each holds and how it is read, for the readers, the CLI,
export and the record. :func:`read_predictions` dispatches on this table and :func:`sniff_format`
recognises each format from its first line.

>>> FORMATS["tags"].holds_relations, FORMATS["jsonl"].holds_relations
(False, True)
>>> CHOICES
('auto', 'jsonl', 'tags', 'conll', 'brat')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from harness.core.errors import InputError, Problem
from harness.io.labelmap import IDENTITY, LabelMap


@dataclass(frozen=True)
class Format:
    """A predictions format."""

    name: str
    description: str
    holds_relations: bool
    offsets: bool  # spans as character offsets (checked against the tokens), not token tags
    reader: str  # "module:function"
    exportable: bool = False  # evaluate export --to NAME

    def read(self, path, documents, label_map: LabelMap, allow_missing: bool, allow_unaligned: bool, scheme: str):
        """Read predictions in this format (token formats take a tagging scheme, offset formats may be unaligned)."""
        import importlib

        module, _, name = self.reader.partition(":")
        reader = getattr(importlib.import_module(module), name)
        if self.offsets:
            return reader(path, documents, label_map, allow_missing, allow_unaligned=allow_unaligned)
        return reader(path, documents, label_map, allow_missing, scheme=scheme)


FORMATS = {f.name: f for f in (
    Format("jsonl", "one JSON line per document: character offsets, types, relations", True, True,
           "harness.io.predictions:read_jsonl"),
    Format("tags", "one JSON line per sentence of the ner config: IOB2 tags over its tokens", False, False,
           "harness.io.predictions:read_tags"),
    Format("conll", "'# sent_id' comments, token and one IOB2 column per nesting level", False, False,
           "harness.io.interchange:read_conll_predictions", exportable=True),
    Format("brat", "a folder of NAME.ann standoff files (and NAME.txt)", True, True,
           "harness.io.interchange:read_brat", exportable=True),
)}
CHOICES = ("auto", *FORMATS)
EXPORTS = tuple(name for name, f in FORMATS.items() if f.exportable)


def sniff_format(path: str | os.PathLike) -> str:
    """'brat' for a folder; 'conll' for tab-separated or '# sent_id' lines;
    else 'jsonl' or 'tags' from the keys of the first non-blank line.

    Raises:
        InputError: when the first line is none of these.
    """
    from harness.io.paths import check_input
    from harness.io.predictions import LabelCollector, _lines

    path = check_input(path, "predictions", folder=True)
    if path.is_dir():
        return "brat"
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8-sig", errors="replace").lstrip()
    except OSError as exc:
        raise InputError(Problem(str(path), None, None, "file", "a readable file", f"<{exc.strerror}>")) from None
    first = head.split("\n", 1)[0]
    if first and not first.startswith(("{", "[")):
        return "conll"  # JSON lines start with an object; anything else is read (and checked) as CoNLL
    errors = LabelCollector(str(path))
    for lineno, obj in _lines(Path(path), errors):
        if isinstance(obj, dict) and "doc_id" in obj:
            return "jsonl"
        if isinstance(obj, dict) and "id" in obj and "tags" in obj:
            return "tags"
        errors.add(lineno, None, "line", "a document line {'doc_id', 'entities', ...} or a sentence line {'id', 'tags'}",
                   f"<keys {sorted(obj)}>" if isinstance(obj, dict) else f"<{type(obj).__name__}>")
        break
    errors.raise_if_any()
    raise InputError(Problem(str(path), None, None, "file", "at least one prediction line", "<empty file>"))


def read_predictions(path, documents, fmt: str = "auto", label_map: LabelMap = IDENTITY, allow_missing: bool = False,
                     allow_unaligned: bool = False, scheme: str = "IOB2"):
    """Read predictions in any format of :data:`FORMATS`; ``auto`` sniffs it.

    ``scheme`` is the tagging scheme of tags and CoNLL predictions (see :data:`harness.io.iob.SCHEMES`);
    ``allow_unaligned`` applies to the offset formats (JSONL, brat).
    """
    fmt = sniff_format(path) if fmt == "auto" else fmt
    return FORMATS[fmt].read(path, documents, label_map, allow_missing, allow_unaligned, scheme)
