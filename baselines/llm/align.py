"""Mention strings to character offsets in their sentence.

A model returns the text of each mention (and optionally which occurrence of
it), not offsets. Each string is looked for in three stages, the first that
finds it wins: exactly as written; after the declared Arabic normalisation
(alef forms, alef maqsura, taa marbuta, diacritics and tatweel), on both
sides; clitic-tolerant, where the text's token carries a proclitic the string
lacks (``اليابان`` for ``واليابان``), the span then starting at the token's
start as the gold's spans do. A found span must start and end on the
canonical tokens (after the clitic stage). The occurrences found by any
stage are taken in text order (each with the first stage that found it);
among several the model's ``occurrence`` (1-based, counting the string's
appearances as written, inside longer words too) chooses; without it, the n-th mention of the
same string and type takes the n-th occurrence. What cannot be aligned is
returned with its reason, never dropped silently.

>>> from harness.core.text import tokenize
>>> text = "التقى وزير اليابان بنظيره، واليابان تدعم الحلف"
>>> tokens = tokenize(text)
>>> a = align_mentions(text, 0, tokens, [("اليابان", "GPE", None), ("اليابان", "GPE", None), ("كوريا", "GPE", None)])
>>> [(m.start, m.end, m.stage) for m in a.aligned], [(f.text, f.reason) for f in a.failed]
([(11, 18, 'exact'), (27, 35, 'clitic')], [('كوريا', 'not in the sentence')])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from harness.core.arabic import PROCLITIC_PREFIX, normalize_table
from harness.core.types import Token

_DROPPED = set("\u0640") | {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670"}
STAGES = ("exact", "normalised", "clitic")


def normalised_with_map(text: str) -> tuple[str, list[int]]:
    """The declared normalisation of ``text`` and, per output character, its index in ``text``.

    >>> normalised_with_map("أَمـريكا")
    ('امريكا', [0, 2, 4, 5, 6, 7])
    """
    out, index = [], []
    for i, c in enumerate(text):
        if c in _DROPPED:
            continue
        out.append(normalize_table(c) if c.strip() else c)
        index.append(i)
    return "".join(out), index


@dataclass(frozen=True)
class Aligned:
    """One aligned mention: document offsets, its type, how it was found, its index in the model's list."""

    start: int
    end: int
    type: str
    stage: str
    index: int


@dataclass(frozen=True)
class Failed:
    """One mention that could not be aligned, and why."""

    text: str
    type: str
    reason: str
    index: int


@dataclass
class Alignment:
    aligned: list[Aligned] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)


def _occurrences(text: str, needle: str, offset: int, starts: set[int], ends: set[int]) -> dict[str, list]:
    """Candidate spans of ``needle`` per stage, in text order (document offsets)."""
    found: dict[str, list] = {s: [] for s in STAGES}
    if not needle:
        return found
    pos = text.find(needle)
    while pos >= 0:
        s, e = offset + pos, offset + pos + len(needle)
        if s in starts and e in ends:
            found["exact"].append((s, e))
        pos = text.find(needle, pos + 1)
    norm_text, index = normalised_with_map(text)
    norm_needle, _ = normalised_with_map(needle)
    if norm_needle:
        pos = norm_text.find(norm_needle)
        while pos >= 0:
            s = offset + index[pos]
            e = offset + index[pos + len(norm_needle) - 1] + 1
            while e - offset < len(text) and text[e - offset] in _DROPPED:
                e += 1  # a tatweel or mark after the last letter belongs to the word
            if e in ends:
                if s in starts:
                    found["normalised"].append((s, e))
                else:
                    head = max(t for t in starts if t <= s)
                    if PROCLITIC_PREFIX.match(normalize_table(text[head - offset:s - offset])):
                        found["clitic"].append((head, e))
            pos = norm_text.find(norm_needle, pos + 1)
    return found


def _by_occurrence(text: str, string: str, offset: int, occurrence: int, candidates: list) -> int | None:
    """Which candidate the model's 1-based ``occurrence`` means.

    A model counts the string's appearances in the text as written, inside longer words too; the n-th
    appearance picks the candidate that ends where it ends (a clitic-extended span included). When the
    n-th appearance is inside a word that no candidate covers, or the string was found only after
    normalisation, the n-th candidate is taken.
    """
    hits, pos = [], text.find(string)
    while pos >= 0 and string:
        hits.append(pos)
        pos = text.find(string, pos + 1)
    if 1 <= occurrence <= len(hits):
        end = offset + hits[occurrence - 1] + len(string)
        match = [k for k, (s, e) in enumerate(candidates) if e == end and s <= end - len(string)]
        if match:
            return match[0]
    return occurrence - 1 if 1 <= occurrence <= len(candidates) else None


def align_mentions(text: str, offset: int, tokens: Sequence[Token],
                   mentions: Sequence[tuple[str, str, int | None]]) -> Alignment:
    """Align ``(string, type, occurrence)`` mentions to the sentence ``text`` starting at document ``offset``.

    Args:
        text: the sentence's raw text.
        offset: where it starts in the document.
        tokens: the sentence's canonical tokens (document offsets).
        mentions: the model's mentions in its order; ``occurrence`` is 1-based or None.
    """
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    out, seen = Alignment(), Counter()
    for i, (string, typ, occurrence) in enumerate(mentions):
        string = string.strip()
        found = _occurrences(text, string, offset, starts, ends)
        stage_of: dict[tuple[int, int], str] = {}
        for stage in STAGES:
            for span in found[stage]:
                stage_of.setdefault(span, stage)
        candidates = sorted(stage_of)
        if not candidates:
            inside = string and (string in text or normalised_with_map(string)[0] in normalised_with_map(text)[0])
            out.failed.append(Failed(string, typ, "not word-aligned in the sentence" if inside
                                     else "not in the sentence", i))
            continue
        if occurrence is not None:
            k = _by_occurrence(text, string, offset, occurrence, candidates)
            if k is None:
                out.failed.append(Failed(string, typ, f"occurrence {occurrence} of {len(candidates)}", i))
                continue
        else:
            k = seen[string, typ]
            if k >= len(candidates):
                out.failed.append(Failed(string, typ, f"mention {k + 1} of a string found {len(candidates)} time(s)",
                                         i))
                continue
        seen[string, typ] = k + 1
        s, e = candidates[k]
        out.aligned.append(Aligned(s, e, typ, stage_of[s, e], i))
    return out
