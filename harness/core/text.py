"""The frozen tokenisation and sentence splitting of the benchmark.

Tokens follow CAMeL Tools' ``simple_word_tokenize``: every punctuation or
symbol character (Unicode categories ``P*`` and ``S*``) is a token of its own,
every maximal run of letters, marks and numbers (``L*``, ``M*``, ``N*``) is a
token, and everything else (whitespace, format characters) separates tokens.
Clitics stay attached (``واليابان`` is one token). Unlike CAMeL's function,
this one also returns each token's character offsets into the text.

Sentences split at line breaks and after a run of sentence-final punctuation
(``.`` ``!`` ``?`` ``؟`` ``…``) that is followed by whitespace or the end of
the line. A sentence is trimmed of surrounding whitespace and holds at least
one token.

>>> [t.text for t in tokenize("واليابان، إف-35")]
['واليابان', '،', 'إف', '-', '35']
>>> [(s.start, s.end) for s in split_sentences("قال. ثم\\n\\nذهب")]
[(0, 4), (5, 7), (9, 12)]
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache

from harness.core.atomic import write_atomic
from harness.core.paths import cache_dir
from harness.core.types import Token

SENTENCE_FINAL = ".!?؟…"


@dataclass(frozen=True, slots=True)
class SentenceSpan:
    """A sentence: half-open character offsets into the document."""

    start: int
    end: int


def _ranges(predicate) -> str:
    """Build a regex character class body for code points matching predicate."""
    parts: list[str] = []
    run_start = None
    for cp in range(sys.maxunicode + 2):
        inside = cp <= sys.maxunicode and predicate(unicodedata.category(chr(cp)))
        if inside and run_start is None:
            run_start = cp
        elif not inside and run_start is not None:
            lo, hi = re.escape(chr(run_start)), re.escape(chr(cp - 1))
            parts.append(lo if run_start == cp - 1 else f"{lo}-{hi}")
            run_start = None
    return "".join(parts)


@cache
def _token_re() -> re.Pattern[str]:
    """The token pattern; its character classes are cached on disk per Unicode version,
    since deriving them walks every code point (about half a second)."""
    cache_file = cache_dir() / (
        f"token-classes-{unicodedata.unidata_version}-{sys.maxunicode}.json")
    try:
        punct, word = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        punct = _ranges(lambda c: c[0] in "PS")
        word = _ranges(lambda c: c[0] in "LMN")
        try:
            write_atomic(cache_file, json.dumps([punct, word]))
        except OSError:
            pass  # a read-only home: rebuild next time
    return re.compile(f"[{punct}]|[{word}]+")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens with offsets (shifted by ``offset``).

    Args:
        text: the text to tokenise.
        offset: added to every offset, for tokenising a slice of a document.

    Returns:
        The tokens in text order.
    """
    return [
        Token(m.group(), m.start() + offset, m.end() + offset)
        for m in _token_re().finditer(text)
    ]


_BOUNDARY_RE = re.compile(f"[{re.escape(SENTENCE_FINAL)}]+(?=\\s|$)")


def split_sentences(text: str) -> list[SentenceSpan]:
    """Split a document into sentences (see the module docstring).

    Args:
        text: the raw document text.

    Returns:
        Sentence spans in text order; segments without tokens are dropped.
    """
    sentences: list[SentenceSpan] = []
    line_start = 0
    for line in text.split("\n"):
        cuts = [0] + [m.end() for m in _BOUNDARY_RE.finditer(line)] + [len(line)]
        for lo, hi in zip(cuts, cuts[1:]):
            segment = line[lo:hi]
            stripped = segment.strip()
            if not stripped or not _token_re().search(stripped):
                continue
            start = line_start + lo + (len(segment) - len(segment.lstrip()))
            sentences.append(SentenceSpan(start, start + len(stripped)))
        line_start += len(line) + 1
    return sentences
