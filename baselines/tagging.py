"""Turning a tagger's per-token labels into benchmark mentions.

Taggers emit IOB-style labels (``B-LOC``, ``I-LOC``, ``O``; some emit ``I-``
at a mention's start). Mentions are read as conlleval reads them: a ``B-``,
or an ``I-`` whose type differs from the previous token's, starts a mention.
Types then go through a label map (``None`` drops the mention).

>>> from harness.core.types import Token
>>> toks = [Token("في", 0, 2), Token("طوكيو", 3, 8), Token("اليوم", 9, 14)]
>>> tags_to_spans(toks, ["O", "I-LOC", "O"], {"LOC": "GPE"}.get)
[Span(start=3, end=8, type='GPE')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from harness.io.iob import decode
from harness.core.types import Span, Token
from harness.core.views import repair_iob2


def tags_to_spans(tokens: Sequence[Token], labels: Sequence[str], label_map: Callable[[str], str | None]) -> list[Span]:
    """Mentions of one sentence from its tokens and their labels (same length)."""
    if len(tokens) != len(labels):
        raise ValueError(f"{len(labels)} labels for {len(tokens)} tokens")
    bare = [label if label == "O" or label[:2] in ("B-", "I-") else f"B-{label}" for label in labels]
    found, _ = decode(repair_iob2(bare), "IOB2")
    spans = []
    for first, last, typ in found:
        mapped = label_map(typ)
        if mapped is not None:
            spans.append(Span(tokens[first].start, tokens[last - 1].end, mapped))
    return spans
