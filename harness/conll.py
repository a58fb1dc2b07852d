"""Reading CoNLL-style tagged corpora (``token<TAB or space>tag`` per line).

Sentences are separated by blank lines or lines holding only whitespace (as
NewsFANE's lone tab). A UTF-8 byte-order mark, Windows line ends and the
invisible direction marks some corpora prefix to tokens (U+200E, U+200F) are
removed. Tags must be ``O`` or ``B-TYPE``/``I-TYPE``; under IOB2 an ``I-``
must continue a mention of its type. Every problem names the file and line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from harness.errors import InputError, Problem

INVISIBLE = "\u200e\u200f\ufeff"
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class TaggedSentence:
    """One sentence of a tagged corpus."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    line: int  # the line of its first token


def read_conll(path: str | os.PathLike, *, scheme: str = "IOB2", repair: bool = False) -> list[TaggedSentence]:
    """Read a two-column tagged corpus.

    Args:
        path: the file.
        scheme: ``IOB2`` (an ``I-`` must follow its type) or ``IOB1`` (an
            ``I-`` may start a mention).
        repair: read an ``I-`` that starts a mention as ``B-`` instead of
            reporting it (conlleval's reading; for training data only).

    Returns:
        The sentences, tags in IOB2.

    Raises:
        InputError: for malformed lines, naming each.
    """
    path = Path(path)
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
    tags: list[str] = []
    first_line = 0
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            if tokens:
                sentences.append(TaggedSentence(tuple(tokens), tuple(tags), first_line))
            tokens, tags = [], []
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        parts = [p.strip(" ") for p in parts]
        if len(parts) != 2:
            problem(lineno, "columns", "2 columns: token and tag", f"<{len(parts)} columns>")
            continue
        token, tag = parts[0].strip(INVISIBLE), parts[1].strip()
        if not token:
            problem(lineno, "token", "a non-empty token", "<empty>")
            continue
        prefix, _, typ = tag.partition("-")
        if tag != "O" and (prefix not in ("B", "I") or not typ):
            problem(lineno, "tag", "O, B-TYPE or I-TYPE", tag)
            continue
        if prefix == "I" and (not tags or tags[-1] == "O" or tags[-1][2:] != typ):
            if repair or scheme == "IOB1":
                tag = f"B-{typ}"
            else:
                problem(lineno, "tag", f"I-{typ} to continue a {typ} mention (IOB2)",
                        f"<{tag} after {tags[-1] if tags else 'the sentence start'}>")
        if not tokens:
            first_line = lineno
        tokens.append(token)
        tags.append(tag)
    if tokens:
        sentences.append(TaggedSentence(tuple(tokens), tuple(tags), first_line))
    if problems:
        raise InputError(problems)
    return sentences
