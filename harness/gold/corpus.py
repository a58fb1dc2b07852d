"""Any Arabic NER corpus as benchmark documents, so every view, baseline and report applies.

A corpus file becomes one document named after the file: each sentence's
text is its tokens joined by single spaces, sentences are joined by line
breaks, the canonical tokens are the file's own, and every tag column gives
token-aligned mentions (several columns: nested mentions). Labels go through
a label map and must then be benchmark types (so the coarse view is defined).
Corpora carry no relations and no zones: every sentence is ``body`` and the
relation views are left out.
"""

from __future__ import annotations

import os
from pathlib import Path

from harness.io.digest import file_digest
from harness.io.conll import TaggedSentence, read_conll
from harness.core.errors import InputError, Problem
from harness.io.labelmap import IDENTITY, LabelMap
from harness.io.iob import decode
from harness.io.predictions import LabelCollector, check_type
from harness.core.types import Document, Sentence, Span, Token, with_columns


def sentences_to_document(doc_id: str, sentences: list[TaggedSentence], label_map: LabelMap, source: str,
                          version: str) -> Document:
    """One document from tagged sentences (see the module docstring)."""
    problems = LabelCollector(source)
    tokens: list[Token] = []
    sents: list[Sentence] = []
    spans: set[Span] = set()
    offset = 0
    parts = []
    for s in sentences:
        first_token = len(tokens)
        start = offset
        for word in s.tokens:
            tokens.append(Token(word, offset, offset + len(word)))
            offset += len(word) + 1
        sents.append(Sentence(start, offset - 1, "body", first_token, len(tokens)))
        parts.append(" ".join(s.tokens))
        for layer in s.layers:
            found, _ = decode(list(layer), "IOB2")  # the reader has already validated the tags, as IOB2
            for first, last, label in found:
                ok, mapped = check_type(label, s.lines[first] if s.lines else s.line, None, "label", label_map,
                                        problems)
                if ok and mapped is not None:
                    spans.add(Span(tokens[first_token + first].start, tokens[first_token + last - 1].end, mapped))
    problems.raise_if_any()
    text = "\n".join(parts)
    return with_columns(Document(doc_id, text, tuple(tokens), tuple(sents), tuple(sorted(spans)), (), version))


def load_corpus(path: str | os.PathLike, layout: str = "conll", scheme: str = "IOB2",
                label_map: LabelMap = IDENTITY) -> tuple[list[Document], str]:
    """A corpus file as documents, and the file's SHA-256 (the data's identity).

    Raises:
        InputError: for malformed lines and labels outside the benchmark's types.
    """
    path = Path(path)
    sentences = read_conll(path, layout=layout, scheme=scheme)
    if not sentences:
        raise InputError(Problem(str(path), None, None, "file", "at least one tagged sentence", "<none>"))
    checksum = file_digest(path)
    doc = sentences_to_document(path.stem, sentences, label_map, str(path), f"file:{path.name}")
    return [doc], checksum


def inventory(label_map: LabelMap, documents) -> tuple[str, ...]:
    """A corpus's entity types: what its label map can produce, else the types its gold holds."""
    targets = {t for t in label_map.mapping.values() if t} if not label_map.identity else set()
    return tuple(sorted(targets or {s.type for d in documents for s in d.spans}))
