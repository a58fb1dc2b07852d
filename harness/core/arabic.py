"""Arabic-aware matching: the declared normalisation and proclitic stripping.

Used by two opt-in views, reported beside the strict ones and never instead:

- ``ner_normalized`` (``--normalize``): mentions match when their texts are
  equal after :func:`normalize` (same sentence, same type), for systems that
  predict on normalised text and map offsets back imperfectly.
- ``ner_clitic_tolerant`` (``--clitic-tolerant``): a mention also matches one
  that differs from it only by leading proclitics (و ف ب ل ك, ال, لل: see
  :func:`clitic_only`), with the same end and type; exact
  matches are taken first, then such pairs, one to one.

The normalisation, exactly: alef with hamza above or below, with madda, and
alef wasla (أ إ آ ٱ) → bare alef ا; alef maqsura ى → ي; teh marbuta ة → ه;
Arabic diacritics (U+064B–U+0652: tanween, fatha, damma, kasra, shadda,
sukun) and the superscript alef U+0670 removed; tatweel ـ removed; runs of
whitespace → one space. With camel-tools installed its normalisers
(``normalize_alef_ar``, ``normalize_alef_maksura_ar``,
``normalize_teh_marbuta_ar``, ``dediacritize_ar``) do the letter work; the
table below is the equivalent used otherwise, and the tests hold them equal
on the benchmark.

>>> normalize("الأمريكيّة  الجديدة")
'الامريكيه الجديده'
"""

from __future__ import annotations

import re
from functools import cache

_TABLE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_MARKS = re.compile("[\u064b-\u0652\u0670]")
_TATWEEL = "\u0640"


@cache
def _camel():
    try:
        from camel_tools.utils import dediac, normalize as camel_normalize
    except ImportError:
        return None
    return (camel_normalize.normalize_alef_ar, camel_normalize.normalize_alef_maksura_ar,
            camel_normalize.normalize_teh_marbuta_ar, dediac.dediac_ar)


def normalize_table(text: str) -> str:
    """The normalisation by the built-in table."""
    text = _MARKS.sub("", text.replace(_TATWEEL, "")).translate(_TABLE)
    return " ".join(text.split())


def normalize(text: str) -> str:
    """The declared normalisation (camel-tools' normalisers when installed)."""
    funcs = _camel()
    if funcs is None:
        return normalize_table(text)
    alef, maksura, teh, dediacritize = funcs
    text = dediacritize(teh(maksura(alef(text.replace(_TATWEEL, "")))))
    return " ".join(text.split())


PROCLITIC_PREFIX = re.compile(r"^(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)$")


def clitic_only(a, b, text: str) -> bool:
    """Whether two mentions have the same type and end, and starts that differ by proclitics or the article only.

    >>> from harness.core.types import Span
    >>> clitic_only(Span(0, 8, "GPE"), Span(1, 8, "GPE"), "واليابان")
    True
    """
    if a.type != b.type or a.end != b.end or a.start == b.start:
        return False
    lo, hi = sorted((a.start, b.start))
    return bool(PROCLITIC_PREFIX.match(text[lo:hi])) and hi - lo <= 4
