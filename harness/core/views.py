"""Derived views of a set of nested mentions: outermost, coarse, IOB2 tags.

Mentions here are ``(start, end, type)`` tuples with half-open character
offsets; tokens are anything with ``start`` and ``end`` attributes.

>>> spans = [(0, 20, "OCC"), (12, 20, "NORP"), (21, 26, "PERS")]
>>> outermost(spans)
[(0, 20, 'OCC'), (21, 26, 'PERS')]
>>> coarse(spans, {"NORP": "MISC", "PERS": "PERS"})
[(12, 20, 'MISC'), (21, 26, 'PERS')]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

Mention = tuple[int, int, str]


def outermost(spans: Iterable[Mention]) -> list[Mention]:
    """Keep the mentions that no other mention contains, sorted by offset.

    The gold never has two mentions of one extent nor partial overlaps. For
    predictions that do, mentions are taken in (start, -end, type) order and
    one that overlaps any mention before it is dropped, so the result is flat:
    of one extent the alphabetically first type is kept, and of two partially
    overlapping mentions the earlier one.

    >>> outermost([(0, 5, "ORG"), (3, 9, "GPE"), (0, 5, "LOC"), (6, 8, "PERS")])
    [(0, 5, 'LOC')]
    """
    kept: list[Mention] = []
    reach = None
    for span in sorted(set(spans), key=lambda s: (s[0], -s[1], s[2])):
        if reach is None or span[0] >= reach:
            kept.append(span)
        reach = span[1] if reach is None else max(reach, span[1])
    return kept


def coarse(spans: Iterable[Mention], coarse_map: Mapping[str, str]) -> list[Mention]:
    """Map types through ``coarse_map``, drop unmapped ones, keep the outermost."""
    return outermost((s, e, coarse_map[t]) for s, e, t in spans if t in coarse_map)


def to_iob2(spans: Iterable[Mention], tokens: Sequence) -> list[str]:
    """IOB2 tags over ``tokens`` for non-overlapping, token-aligned mentions.

    Args:
        spans: flat mentions (e.g. the output of :func:`outermost`).
        tokens: the sentence's tokens, with ``start``/``end`` offsets.

    Returns:
        One tag per token.

    Raises:
        ValueError: if a mention is not aligned to the tokens.

    >>> from harness.core.text import tokenize
    >>> to_iob2([(0, 7, "GPE")], tokenize("اليابان والصين"))
    ['B-GPE', 'O']
    """
    index_of_start = {t.start: i for i, t in enumerate(tokens)}
    index_of_end = {t.end: i for i, t in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    for start, end, typ in spans:
        if start not in index_of_start or end not in index_of_end:
            raise ValueError(f"mention {(start, end, typ)} is not aligned to the tokens")
        first, last = index_of_start[start], index_of_end[end]
        tags[first] = f"B-{typ}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{typ}"
    return tags


def iob2_labels(types: Sequence[str]) -> list[str]:
    """The IOB2 label list for a type inventory: O, then B-/I- per type.

    >>> iob2_labels(["PERS", "LOC"])
    ['O', 'B-PERS', 'I-PERS', 'B-LOC', 'I-LOC']
    """
    return ["O"] + [f"{p}-{t}" for t in types for p in "BI"]


def repair_iob2(tags: Sequence[str]) -> list[str]:
    """Read tags as conlleval does: an ``I-`` that does not continue its type starts a mention.

    For a tagger's raw output or training data, never for scoring a submitted
    file (whose invalid IOB2 is reported instead).

    >>> repair_iob2(["O", "I-GPE", "I-ORG", "I-ORG"])
    ['O', 'B-GPE', 'B-ORG', 'I-ORG']
    """
    out, previous = [], "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        previous = tag
    return out
