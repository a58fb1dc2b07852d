"""Reading CoNLL-style tagged corpora.

Two layouts:

- ``conll``: ``token<TAB or space>tag`` per line (ANERcorp, NewsFANE);
- ``wojood``: ``token TAG [TAG ...]`` with one IOB2 column per nesting level
  (Wojood's nested files); every line of a file has the same number of tag
  columns.

Sentences are separated by blank lines or lines holding only whitespace (as
NewsFANE's lone tab). A UTF-8 byte-order mark, Windows line ends and the
invisible direction marks some corpora prefix to tokens (U+200E, U+200F) are
removed; ``# …`` comment lines (and ``-DOCSTART-``) are skipped. Tags must be
``O`` or ``B-TYPE``/``I-TYPE``; under IOB2 an ``I-`` must continue a mention
of its type, under IOB1 it may start one. Every problem names the file and
line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from harness.core.progress import progress
from harness.io.iob import decode
from harness.io.paths import check_input
from harness.core.errors import InputError, Problem

INVISIBLE = "\u200e\u200f\ufeff"
MAX_PROBLEMS = 50
LAYOUTS = ("conll", "wojood")
SCHEMES = ("IOB1", "IOB2")


@dataclass(frozen=True)
class TaggedSentence:
    """One sentence of a tagged corpus; ``layers`` holds one tag column per nesting level."""

    tokens: tuple[str, ...]
    layers: tuple[tuple[str, ...], ...]
    line: int  # the line of its first token
    lines: tuple[int, ...] = ()  # the line of each token

    @property
    def tags(self) -> tuple[str, ...]:
        """The first (outermost) tag column."""
        return self.layers[0]


def read_conll(path: str | os.PathLike, *, layout: str = "conll", scheme: str = "IOB2",
               repair: bool = False) -> list[TaggedSentence]:
    """Read a tagged corpus.

    Args:
        path: the file.
        layout: ``conll`` (one tag column) or ``wojood`` (one or more).
        scheme: ``IOB2`` or ``IOB1`` (tags are returned in IOB2 either way).
        repair: read an ``I-`` that starts a mention as ``B-`` instead of
            reporting it (conlleval's reading; for training data only).

    Raises:
        InputError: for malformed lines, naming each.
    """
    if layout not in LAYOUTS or scheme not in SCHEMES:
        raise ValueError(f"layout in {LAYOUTS}, scheme in {SCHEMES}")
    path = check_input(path, "corpus")
    problems: list[Problem] = []

    def problem(line: int, field: str, expected: str, found: object) -> None:
        problems.append(Problem(str(path), line, None, field, expected, found))
        if len(problems) >= MAX_PROBLEMS:
            raise InputError(problems)

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(Problem(str(path), None, None, "file", "a readable corpus file", f"<{exc.strerror}>")) from None
    except UnicodeDecodeError as exc:
        raise InputError(Problem(str(path), None, None, "encoding", "UTF-8", f"<byte at offset {exc.start}>")) from None
    sentences: list[TaggedSentence] = []
    tokens: list[str] = []
    columns: list[list[str]] = []
    lines: list[int] = []
    width: tuple[int, int] | None = None  # (number of tag columns, line that set it)

    def flush() -> None:
        if not tokens:
            return
        iob2 = []
        for k, column in enumerate(columns):  # one decoder for every scheme; the tags come back as IOB2
            found, violation = decode(column, "IOB1" if repair else scheme, conlleval=True)
            if violation:
                problem(lines[violation[0]], "tag" if len(columns) == 1 else f"tag column {k + 1}",
                        f"valid {scheme} (under IOB2, I-TYPE continues a mention of its type)", f"<{violation[1]}>")
                return
            tags = ["O"] * len(column)
            for first, last, typ in found:
                tags[first:last] = [f"B-{typ}"] + [f"I-{typ}"] * (last - first - 1)
            iob2.append(tuple(tags))
        sentences.append(TaggedSentence(tuple(tokens), tuple(iob2), lines[0], tuple(lines)))

    rows = text.split("\n")
    for lineno, raw in enumerate(progress(rows, f"reading {path.name}", unit="line", min_items=50_000), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            flush()
            tokens, columns, lines = [], [], []
            continue
        if line.startswith("# ") or line.startswith("-DOCSTART-"):
            continue
        parts = [p for p in (line.split("\t") if "\t" in line else line.split(" ")) if p != ""]
        token = parts[0].strip(INVISIBLE) if parts else ""
        tags = [p.strip() for p in parts[1:]]
        if not token:
            problem(lineno, "token", "a non-empty token", "<empty>")
            continue
        if layout == "conll" and len(tags) != 1:
            problem(lineno, "columns", "2 columns: token and tag", f"<{len(parts)} columns>")
            continue
        if layout == "wojood":
            if not tags:
                problem(lineno, "columns", "a token and at least one tag column", "<1 column>")
                continue
            if width is None:
                width = (len(tags), lineno)
            elif len(tags) != width[0]:
                problem(lineno, "columns", f"{width[0] + 1} columns, as on line {width[1]}", f"<{len(tags) + 1} columns>")
                continue
        if not columns:
            columns = [[] for _ in tags]
        bad = False
        for k, tag in enumerate(tags):
            prefix, _, typ = tag.partition("-")
            if tag != "O" and (prefix not in ("B", "I") or not typ):
                problem(lineno, "tag" if len(tags) == 1 else f"tag column {k + 1}", "O, B-TYPE or I-TYPE", tag)
                bad = True
                continue
        if bad:
            continue
        tokens.append(token)
        lines.append(lineno)
        for k, tag in enumerate(tags):
            columns[k].append(tag)
    flush()
    if problems:
        raise InputError(problems)
    return sentences
