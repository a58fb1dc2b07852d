"""Bridging NewsFANE's text to the benchmark's raw text.

NewsFANE is normalised (hamzated alefs written ا, final ى written ي) and
clitic-segmented (``و الرئيس``, ``ان ه``); the benchmark keeps raw text with
clitics attached. Models trained on NewsFANE here see it re-joined and see
the benchmark normalised the same way:

- :func:`rejoin` attaches a lone proclitic (و ف ب ل ك, and their pairs) to the
  next word and a lone enclitic pronoun to the previous word, so tokens look
  like the benchmark's canonical tokens; a proclitic joined to the first word
  of a mention falls inside it, as the benchmark's spans include clitics.
- :func:`normalise` maps أ إ آ to ا and ى to ي and drops diacritics and
  tatweel; it is applied to training and test words alike.

>>> rejoin(["و", "قال", "ان", "ه", "في", "المانيا"], ["O", "O", "O", "O", "O", "B-Nation"])
(['وقال', 'انه', 'في', 'المانيا'], ['O', 'O', 'O', 'B-Nation'])
>>> normalise("إلى")
'الي'
"""

from __future__ import annotations

import re

PROCLITICS = {"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "س", "وس"}
ENCLITICS = {"ه", "ها", "هم", "هما", "هن", "ي", "ك", "كم", "كما", "نا", "ني"}
_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")


def normalise(word: str) -> str:
    """The shared normal form of training and test words."""
    return _MARKS.sub("", word).translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي"}))


def rejoin(tokens: list[str], tags: list[str]) -> tuple[list[str], list[str]]:
    """Attach segmented clitics to their hosts; a host keeps its own tag."""
    out_tokens: list[str] = []
    out_tags: list[str] = []
    pending = ""
    for i, (token, tag) in enumerate(zip(tokens, tags)):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        nxt_tag = tags[i + 1] if i + 1 < len(tags) else "O"
        inside = tag.startswith("I-")  # a clitic within a mention joins words of that mention only
        if token in PROCLITICS and nxt[:1].isalpha() and (tag == "O" or (inside and nxt_tag == tag)):
            pending += token
            continue
        if (token in ENCLITICS and out_tokens and out_tokens[-1][-1:].isalpha() and not pending
                and (tag == "O" or (inside and out_tags[-1][2:] == tag[2:]))):
            out_tokens[-1] += token
            continue
        out_tokens.append(pending + token)
        out_tags.append(tag)
        pending = ""
    if pending:
        out_tokens.append(pending)
        out_tags.append("O")
    return out_tokens, out_tags
