"""The rule system's resources: gazetteers read from ``resources/*.yaml``.

Entries are matched token by token on a normalised form (diacritics and
tatweel removed, alef variants, alef maqsura and teh marbuta unified), and the
first token of an entry may carry the proclitics و ف ب ل ك (with ``ل + ال``
written ``لل``), since canonical tokens keep clitics attached.

>>> normalise("الأميركيّة")
'الاميركيه'
>>> sorted(with_proclitics("الولايات"))[:4]
['الولايات', 'بالولايات', 'فالولايات', 'فبالولايات']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from harness.core.text import tokenize

RESOURCES = Path(__file__).with_name("resources")
_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك")


def normalise(word: str) -> str:
    """The matching form of a word."""
    word = _DIACRITICS.sub("", word)
    return word.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"}))


def with_proclitics(word: str) -> set[str]:
    """The normalised forms of a word with every proclitic attached."""
    base = normalise(word)
    forms = {p + base for p in _PROCLITICS}
    if base.startswith("ال"):
        forms |= {p + "ل" + base[1:] for p in ("", "و", "ف")}  # ل + ال → لل
    return forms


def strip_proclitics(word: str) -> set[str]:
    """Every normalised form of ``word`` with a possible proclitic removed."""
    norm = normalise(word)
    forms = {norm}
    for p in _PROCLITICS[1:]:
        if norm.startswith(p) and len(norm) > len(p) + 1:
            rest = norm[len(p):]
            forms.add(rest)
            if p.endswith("ل") and rest.startswith("ل"):
                forms.add("ا" + rest)  # لل... → ال...
    return forms


def _load(name: str) -> dict:
    return yaml.safe_load((RESOURCES / f"{name}.yaml").read_text(encoding="utf-8"))


@dataclass
class Gazetteer:
    """Multi-word entries by the matching forms of their first token."""

    entries: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)

    def add(self, phrase: str, label: str, proclitics: bool = True) -> None:
        """Add a phrase (tokenised like the text) under ``label``."""
        words = [t.text for t in tokenize(phrase)]
        if not words:
            return
        rest = tuple(normalise(w) for w in words[1:])
        firsts = with_proclitics(words[0]) if proclitics else {normalise(words[0])}
        for first in firsts:
            bucket = self.entries.setdefault(first, [])
            if (rest, label) not in bucket:
                bucket.append((rest, label))

    def longest(self, tokens: list[str], i: int) -> tuple[int, str] | None:
        """The longest entry starting at token ``i``: (end index, label)."""
        best = None
        for rest, label in self.entries.get(normalise(tokens[i]), ()):
            end = i + 1 + len(rest)
            if end <= len(tokens) and all(normalise(tokens[i + 1 + k]) == w for k, w in enumerate(rest)):
                if best is None or end > best[0]:
                    best = (end, label)
        return best


NISBA_SUFFIXES = ("ي", "يه", "يون", "يين", "يات", "يان", "يتان", "يتين")


@dataclass
class Lexicon:
    """Everything the rules look words up in."""

    names: Gazetteer
    nisba: set[str]
    title_heads: set[str]
    title_complements: set[str]
    org_keywords: set[str]
    months: Gazetteer
    weekdays: set[str]
    periods: set[str]
    relatives: set[str]
    day_words: set[str]
    parts_of_day: set[str]
    currencies: set[str]
    scales: set[str]
    units: set[str]
    percent_words: Gazetteer
    number_words: set[str]
    ordinals: set[str]
    given_names: set[str]

    def is_nisba(self, word: str) -> bool:
        """Whether ``word`` is a nationality/group adjective in any inflection."""
        return bool(strip_proclitics(word) & self.nisba)


def _forms(words, proclitics: bool = True) -> set[str]:
    out: set[str] = set()
    for w in words:
        out |= with_proclitics(w) if proclitics else {normalise(w)}
    return out


def _nisba_forms(stems: list[str], exclude: list[str]) -> set[str]:
    excluded = {normalise(e)[:-1] for e in exclude}
    forms = set()
    for stem in stems:
        base = normalise(stem)[:-1]  # drop the final ي
        if base in excluded:
            continue
        for suffix in NISBA_SUFFIXES:
            forms.add(base + suffix)
            forms.add("ال" + base + suffix)
    return forms


@cache
def load_lexicon() -> Lexicon:
    """Read every resource file once."""
    places, orgs = _load("places"), _load("organisations")
    titles, time, numbers = _load("titles"), _load("time"), _load("numbers")
    nationalities, names = _load("nationalities"), _load("names")
    gaz = Gazetteer()
    for country in places["GPE"]["countries"] + places["GPE"]["cities"]:
        gaz.add(country, "GPE")
    for region in places["LOC"]:
        gaz.add(region, "LOC")
    for org in orgs["names"]:
        gaz.add(org, "ORG")
    for site in numbers["websites"]:
        gaz.add(site, "WEBSITE")
    for cur in numbers["currency_names"]:
        gaz.add(cur, "CURR")
    months = Gazetteer()
    for month in time["months"]:
        months.add(month, "DATE")
    percent = Gazetteer()
    for phrase in numbers["percent_words"]:
        percent.add(phrase, "PERCENT", proclitics=False)
    return Lexicon(
        names=gaz,
        nisba=_nisba_forms(nationalities["stems"], nationalities["exclude"]),
        title_heads=_forms(titles["heads"]),
        title_complements=_forms(titles["complements"]),
        org_keywords=_forms(orgs["keywords"]),
        months=months,
        weekdays=_forms(time["weekdays"]),
        periods=_forms(time["periods"]),
        relatives=_forms(time["relatives"], proclitics=False),
        day_words=_forms(time["day_words"], proclitics=False),
        parts_of_day=_forms(time["parts_of_day"]),
        currencies=_forms(numbers["currencies"], proclitics=False),
        scales=_forms(numbers["scales"], proclitics=False),
        units=_forms(numbers["units"], proclitics=False),
        percent_words=percent,
        number_words=_forms(numbers["number_words"], proclitics=False),
        ordinals=_forms(numbers["ordinals"], proclitics=False),
        given_names=_forms(names["given_names"]),
    )
