"""Tag sequences to mentions, under every tagging scheme a system may declare, with strict rules.

Each scheme is one :class:`Scheme` in :data:`SCHEMES`: which prefixes it uses
and, for each prefix, whether it may open a mention, continue one, and
whether the mention must go on after it. A sequence that breaks its scheme is
reported (the index and what was wrong), never repaired. IOB1 is read as
conlleval reads it: ``I-X`` opens a mention after anything but ``X``, and
``B-X`` is only needed (and only allowed) right after an ``X``.

>>> decode(["B-PERS", "I-PERS", "O", "B-GPE"], "IOB2")
([(0, 2, 'PERS'), (3, 4, 'GPE')], None)
>>> decode(["I-PERS", "I-PERS", "B-PERS"], "IOB1")
([(0, 2, 'PERS'), (2, 3, 'PERS')], None)
>>> decode(["B-PERS", "E-PERS", "S-GPE"], "IOBES")
([(0, 2, 'PERS'), (2, 3, 'GPE')], None)
>>> decode(["I-ORG", "E-ORG", "E-GPE"], "IOE2")
([(0, 2, 'ORG'), (2, 3, 'GPE')], None)
>>> decode(["O", "B-PERS", "I-GPE"], "IOB1", conlleval=True)
([(1, 2, 'PERS'), (2, 3, 'GPE')], None)
>>> decode(["O", "I-PERS"], "IOB2")
([], (1, 'I-PERS after O'))
>>> decode(["B-PERS", "I-PERS"], "IOBES")[1]
(1, 'I-PERS at the end (under IOBES a mention ends with E- or S-)')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Prefix:
    """What a tag prefix does in a scheme.

    Attributes:
        opens: it starts a mention ("B" in IOB2) - always, or only after another type ("I" in IOB1: "other").
        continues: it may extend the mention before it, of the same type.
        closes: the mention ends at this token (the next token cannot continue it).
        must_open_after_same: only allowed right after a token of the same type (IOB1's "B").
    """

    opens: str  # "always", "never", "other" (opens unless it continues the same type)
    continues: bool
    closes: bool
    must_open_after_same: bool = False


@dataclass(frozen=True)
class Scheme:
    """A tagging scheme: its prefixes and the prefix a mention must end on (if any)."""

    name: str
    prefixes: dict[str, Prefix]
    last: tuple[str, ...] = ()  # prefixes a mention may end on; () means any


SCHEMES: dict[str, Scheme] = {s.name: s for s in (
    Scheme("IOB2", {"B": Prefix("always", False, False), "I": Prefix("never", True, False)}),
    Scheme("IOB1", {"B": Prefix("always", False, False, must_open_after_same=True),
                    "I": Prefix("other", True, False)}),
    Scheme("IOE2", {"I": Prefix("other", True, False), "E": Prefix("other", True, True)}, last=("E",)),
    Scheme("IOBES", {"B": Prefix("always", False, False), "I": Prefix("never", True, False),
                     "E": Prefix("never", True, True), "S": Prefix("always", False, True)}, last=("E", "S")),
    Scheme("BILOU", {"B": Prefix("always", False, False), "I": Prefix("never", True, False),
                     "L": Prefix("never", True, True), "U": Prefix("always", False, True)}, last=("L", "U")),
)}


def split_tag(tag: str) -> tuple[str, str]:
    """('B', 'PERS') for 'B-PERS'; ('O', '') for 'O'; (tag, '') when there is no prefix."""
    if tag == "O":
        return "O", ""
    prefix, sep, typ = tag.partition("-")
    return (prefix, typ) if sep and typ else (tag, "")


def decode(tags: Sequence[str], scheme: str = "IOB2", *,
           conlleval: bool = False) -> tuple[list[tuple[int, int, str]], tuple[int, str] | None]:
    """Token-index mentions ``(first, last_exclusive, type)`` of a tag sequence under ``scheme``.

    Args:
        tags: the tags.
        scheme: a name in :data:`SCHEMES`.
        conlleval: read IOB1 as conlleval reads corpora (``B-`` may open a mention
            anywhere), not strictly (``B-`` only right after the same type).

    Returns:
        The mentions, and None, or the first violation as ``(index, what is wrong)``
        (the mentions are then those before it).
    """
    rules = SCHEMES[scheme]
    ends = " or ".join(f"{p}-" for p in rules.last)
    spans: list[tuple[int, int, str]] = []
    current: list | None = None  # [first, type, closed]
    for i, tag in enumerate(tags):
        prefix, typ = split_tag(tag)
        previous = tags[i - 1] if i else "the start"
        if prefix == "O":
            if current is not None and rules.last and not current[2]:
                return spans, (i - 1, f"{previous} before O (under {scheme} a mention ends with {ends})")
            if current is not None:
                spans.append((current[0], i, current[1]))
                current = None
            continue
        rule = rules.prefixes.get(prefix)
        if rule is None or not typ:
            allowed = " or ".join(f"{p}-TYPE" for p in rules.prefixes)
            return spans, (i, f"{tag!r} is not O, {allowed}")
        same = current is not None and current[1] == typ and not current[2]
        if rule.must_open_after_same and not conlleval and not (current is not None and current[1] == typ):
            return spans, (i, f"{tag} after {previous} (IOB1: B- only separates two mentions of one type)")
        if rule.opens == "always" or (rule.opens == "other" and not same):
            if current is not None:
                if rules.last and not current[2]:
                    return spans, (i - 1, f"{previous} before {tag} (under {scheme} a mention ends with {ends})")
                spans.append((current[0], i, current[1]))
            current = [i, typ, rule.closes]
            continue
        if not same:  # a continuation with nothing (of its type) to continue
            return spans, (i, f"{tag} after {previous}")
        current[2] = rule.closes
    if current is not None:
        if rules.last and not current[2]:
            return spans, (len(tags) - 1, f"{tags[-1]} at the end (under {scheme} a mention ends with {ends})")
        spans.append((current[0], len(tags), current[1]))
    return spans, None
