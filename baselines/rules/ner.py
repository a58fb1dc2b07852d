"""Entity rules: gazetteer lookups and token patterns over one sentence.

Every rule proposes mentions as token ranges ``(first, last_exclusive, type)``
with a priority; :func:`resolve` keeps nested mentions and, of partially
overlapping ones, the one of higher priority (then the longer, then the
earlier).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from baselines.rules.lexicon import Lexicon, normalise, strip_proclitics

STOPWORDS = {normalise(w) for w in """
في من إلى الى على عن مع بين أن إن أنه أنها إنه إنها التي الذي الذين اللذين اللتين و أو ثم قد لم لن لا ما
هذا هذه ذلك تلك هؤلاء كل بعد قبل خلال حول عبر ضد منذ حتى لدى عند كما بل لكن أي كان كانت يكون تكون
هو هي هم هما نحن أنا قال وقال قالت أكد وأكد أكدت تابع أضاف وأضاف ذكر وذكرت وفق وفقا بحسب حيث إذا
لقد وقد فقد جدا أيضا أيضًا نحو عدة عدد بعض غير سوى فيما بينما بشأن لدى تجاه إثر جانب جانبه إطار
""".split()}
MEET_WORDS = {normalise(w) for w in """
بحث يبحث تبحث تبحثان يبحثان بحثا اتفق اتفقا اتفقت يتفق يتفقان تتفق تتفقان التقى يلتقي تلتقي التقيا
اجتمع اجتمعا يجتمع محادثات المحادثات مباحثات المباحثات اتصال الاتصال هاتفي مفاوضات المفاوضات اجتماع الاجتماع
لقاء اللقاء قمة تحدث
""".split()}
VISIT_WORDS = {normalise(w) for w in "زار يزور تزور زيارة بزيارة وصل يصل وصلت عقد عقدت يعقد اجتماع الاجتماع محادثات قمة".split()}
ART_WORDS = {normalise(w) for w in "اشترت اشترى شراء يشتري تشتري تنتج ينتج إنتاج انتاج تصنع يصنع تصنيع تمتلك يمتلك امتلاك تصدير".split()}
LAW_KEYWORDS = {normalise(w) for w in "معاهدة المعاهدة للمعاهدة اتفاقية الاتفاقية قانون القانون ميثاق الميثاق المبادئ".split()}
EVENT_KEYWORDS = {normalise(w) for w in "قمة القمة منتدى المنتدى مؤتمر المؤتمر".split()}
FAC_KEYWORDS = {normalise(w) for w in "مطار ميناء قصر".split()}
DAY_PREFIXES = {normalise(w) for w in "مطلع نهاية منتصف أواخر أوائل بداية".split()}
NEIGHBOUR_WORDS = {normalise(w) for w in "نظير نظيره نظيرته نظيرها نظيريهما نظراؤه".split()}
HEAD_PRIORITY = {"OCC": 5, "ORG": 5, "LAW": 6, "EVENT": 6, "FAC": 6, "DATE": 7, "TIME": 7, "MONEY": 7,
                 "PERCENT": 7, "QUANTITY": 7, "WEBSITE": 8, "PRODUCT": 7}


@dataclass(frozen=True)
class Candidate:
    """A proposed mention over tokens ``first``..``last-1``."""

    first: int
    last: int
    type: str
    priority: int


def is_punct(word: str) -> bool:
    """A one-character punctuation or symbol token."""
    return len(word) == 1 and unicodedata.category(word)[0] in "PS"


def is_number(word: str) -> bool:
    """Digits (any script)."""
    return word.isdigit()


def is_definite(word: str) -> bool:
    """Carries the article (after any proclitic)."""
    return any(f.startswith("ال") for f in strip_proclitics(word))


class SentenceRules:
    """Apply the entity rules to one sentence's tokens."""

    def __init__(self, words: list[str], lexicon: Lexicon, text: str = "", offsets: list[tuple[int, int]] | None = None):
        self.w = words
        self.n = [normalise(x) for x in words]
        self.lex = lexicon
        self.text = text
        self.offsets = offsets or []
        self.out: list[Candidate] = []

    # --- helpers -------------------------------------------------------------
    def add(self, first: int, last: int, typ: str, priority: int | None = None) -> None:
        if 0 <= first < last <= len(self.w):
            self.out.append(Candidate(first, last, typ, HEAD_PRIORITY.get(typ, 4) if priority is None else priority))

    def forms(self, i: int) -> set[str]:
        return strip_proclitics(self.w[i])

    def name_like(self, i: int) -> bool:
        """A word that may be part of a person's name."""
        if i >= len(self.w):
            return False
        word = self.w[i]
        if is_punct(word) or is_number(word) or len(self.n[i]) < 2 or not word.isalpha():
            return False
        forms = self.forms(i)
        return not (
            self.n[i] in STOPWORDS or is_definite(word) or forms & self.lex.title_heads or forms & NEIGHBOUR_WORDS
            or forms & self.lex.org_keywords or self.lex.is_nisba(word) or forms & self.lex.weekdays
            or self.lex.months.longest(self.w, i) or self.lex.names.longest(self.w, i)
        )

    # --- rules ---------------------------------------------------------------
    def run(self) -> list[Candidate]:
        self.gazetteers()
        self.nationalities()
        self.urls()
        self.numbers_and_dates()
        self.products()
        self.titles()
        self.organisations(self.lex.org_keywords, "ORG")
        self.organisations(LAW_KEYWORDS, "LAW")
        self.articles()
        self.events_and_facilities()
        self.persons()
        self.abbreviations()
        return self.out

    def gazetteers(self) -> None:
        for i in range(len(self.w)):
            hit = self.lex.names.longest(self.w, i)
            if not hit:
                continue
            # a nisba-shaped country name right after a definite noun is an
            # adjective (وزارة الصحة السعودية), not the country
            adjective = (hit == (i + 1, "GPE") and self.lex.is_nisba(self.w[i]) and i > 0
                         and is_definite(self.w[i - 1]) and self.w[i - 1].isalpha())
            if not adjective:
                self.add(i, hit[0], hit[1], 3)

    def nationalities(self) -> None:
        for i, word in enumerate(self.w):
            if word.isalpha() and self.lex.is_nisba(word):
                self.add(i, i + 1, "NORP", 2)

    def urls(self) -> None:
        if not self.offsets:
            return
        base = self.offsets[0][0]
        for m in re.finditer(r"(?:https?://|www\.)\S+", self.text):
            start, end = base + m.start(), base + m.end()
            while end > start and is_punct(self.text[end - base - 1]) and self.text[end - base - 1] not in "/":
                end -= 1
            firsts = [k for k, (s, _) in enumerate(self.offsets) if s == start]
            lasts = [k for k, (_, e) in enumerate(self.offsets) if e == end]
            if firsts and lasts:
                self.add(firsts[0], lasts[0] + 1, "WEBSITE")

    def _number_end(self, i: int) -> int:
        """End of a number starting at ``i`` (digits with , . separators, then scale words)."""
        j = i + 1
        while j + 1 < len(self.w) and self.w[j] in ",.٫٬" and is_number(self.w[j + 1]):
            j += 2
        while j < len(self.w) and self.n[j] in self.lex.scales:
            j += 1
        return j

    def numbers_and_dates(self) -> None:
        lex, w, n = self.lex, self.w, self.n
        used: set[int] = set()
        i = 0
        while i < len(w):
            # clock time: 09:47 (م|ص)
            if is_number(w[i]) and i + 2 < len(w) and w[i + 1] == ":" and is_number(w[i + 2]):
                end = i + 3
                if end < len(w) and n[end] in {"م", "ص", "مساء", "صباحا"}:
                    end += 1
                self.add(i, end, "TIME")
                used.update(range(i, end))
                i = end
                continue
            start = self._date_at(i)
            if start:
                self.add(i, start, "DATE")
                used.update(range(i, start))
                i = start
                continue
            if is_number(w[i]) or n[i] in lex.number_words:
                end = self._number_end(i) if is_number(w[i]) else i + 1
                if end < len(w) and n[end] in lex.currencies:
                    self.add(i, end + 1, "MONEY")
                    used.update(range(i, end + 1))
                    i = end + 1
                    continue
                if end < len(w) and w[end] == "%":
                    self.add(i, end + 1, "PERCENT")
                    i = end + 1
                    continue
                pct = lex.percent_words.longest(w, end) if end < len(w) else None
                if pct:
                    self.add(i, pct[0], "PERCENT")
                    i = pct[0]
                    continue
                if end < len(w) and n[end] in lex.units:
                    self.add(i, end + 1, "QUANTITY")
                    i = end + 1
                    continue
                if is_number(w[i]) and len(w[i]) == 4 and w[i][:2] in ("19", "20") and end == i + 1:
                    self.add(i, i + 1, "DATE", 3)
                elif not (i + 1 < len(w) and w[i + 1] == "-") and not (i > 0 and w[i - 1] == "-"):
                    self.add(i, end, "CARDINAL", 3)
                i = end
                continue
            if n[i] in lex.ordinals:
                self.add(i, i + 1, "ORDINAL", 3)
            elif self.forms(i) & lex.parts_of_day:
                self.add(i, i + 1, "TIME", 3)
            i += 1

    def _date_at(self, i: int) -> int | None:
        """End of a date expression starting at ``i``, or None."""
        lex, w, n = self.lex, self.w, self.n
        j = i
        if n[j] in lex.day_words:
            if j + 1 < len(w) and self.forms(j + 1) & lex.weekdays:
                return j + 2
            if j + 2 < len(w) and w[j + 1] in "/(" and self.forms(j + 2) & lex.weekdays:
                return j + 4 if j + 3 < len(w) and w[j + 3] in "/)" and w[j + 1] == "/" else j + 3
            return j + 1 if n[j] in {"امس", "غدا"} else None
        if self.forms(j) & lex.weekdays:
            k = j + 1
            if k < len(w) and w[k] == "،" and k + 1 < len(w) and is_number(w[k + 1]):
                k += 1
            end = self._day_month_year(k)
            if end:
                return end
            return j + 2 if j + 1 < len(w) and n[j + 1] in lex.relatives else j + 1
        if self.forms(j) & DAY_PREFIXES and j + 1 < len(w):
            inner = self._date_at(j + 1)
            return inner if inner else None
        end = self._day_month_year(j)
        if end:
            return end
        if self.forms(j) & lex.periods and j + 1 < len(w) and n[j + 1] in lex.relatives:
            return j + 2
        if n[j] in {"عام", "العام", "سنه", "السنه"} and j + 1 < len(w) and is_number(w[j + 1]) and len(w[j + 1]) == 4:
            return j + 2
        return None

    def _day_month_year(self, j: int) -> int | None:
        lex, w, n = self.lex, self.w, self.n
        k = j
        if k < len(w) and is_number(w[k]) and len(w[k]) <= 2:
            k += 1
        month = lex.months.longest(w, k) if k < len(w) else None
        if not month:
            return None
        k = month[0]
        if k + 1 < len(w) and w[k] == "/" and lex.months.longest(w, k + 1):
            k = lex.months.longest(w, k + 1)[0]
        if k < len(w) and is_number(w[k]) and len(w[k]) == 4:
            return k + 1
        if k < len(w) and n[k] in lex.relatives:
            return k + 1
        if k + 2 < len(w) and n[k] == "من" and self.forms(k + 1) & lex.periods and n[k + 2] in lex.relatives:
            return k + 3
        return k if (k > j + 1 or is_number(w[j]) or month) else None

    def products(self) -> None:
        w = self.w
        for i in range(len(w) - 2):
            if w[i].isalpha() and w[i + 1] == "-" and is_number(w[i + 2]) and len(w[i]) <= 4:
                self.add(i, i + 3, "PRODUCT")

    def titles(self) -> None:
        """A title head, its complements, then nisba adjectives or one country."""
        lex = self.lex
        i = 0
        while i < len(self.w):
            if not (self.forms(i) & lex.title_heads):
                i += 1
                continue
            j = i + 1
            while j < len(self.w) and (self.forms(j) & lex.title_complements):
                j += 1
            k = j
            while k < len(self.w) and self.w[k].isalpha() and lex.is_nisba(self.w[k]):
                k += 1
            if k == j and j < len(self.w):
                hit = lex.names.longest(self.w, j)
                if hit and hit[1] == "GPE":
                    k = hit[0]
            if k > i + 1 or is_definite(self.w[i]):
                self.add(i, k, "OCC")
            i = max(k, i + 1)

    def organisations(self, keywords: set[str], typ: str) -> None:
        lex = self.lex
        for i in range(len(self.w)):
            if not (self.forms(i) & keywords):
                continue
            j, seen_definite, indefinite = i + 1, False, 0
            while j < len(self.w) and j - i <= 6:
                word = self.w[j]
                if not word.isalpha() or self.n[j] in STOPWORDS:
                    break
                if lex.is_nisba(word):
                    j += 1
                    while j < len(self.w) and self.w[j].isalpha() and lex.is_nisba(self.w[j]):
                        j += 1
                    break
                if is_definite(word):
                    seen_definite = True
                elif seen_definite or indefinite >= 2:
                    break
                else:
                    indefinite += 1
                j += 1
            if j > i + 1:
                self.add(i, j, typ)

    def articles(self) -> None:
        for i in range(len(self.w) - 1):
            if self.forms(i) & {"الماده"} and self.n[i + 1] in self.lex.ordinals:
                self.add(i, i + 2, "LAW", 7)

    def events_and_facilities(self) -> None:
        for i in range(len(self.w) - 1):
            if self.forms(i) & EVENT_KEYWORDS:
                hit = self.lex.names.longest(self.w, i + 1)
                if hit and hit[1] in ("ORG", "GPE", "LOC"):
                    self.add(i, hit[0], "EVENT")
            if self.forms(i) & FAC_KEYWORDS and self.name_like(i + 1):
                j = i + 1
                while j < len(self.w) and self.name_like(j) and j - i <= 3:
                    j += 1
                self.add(i, j, "FAC")

    def persons(self) -> None:
        """Names after a title or "his counterpart X", and names opened by a given name."""
        # a title in the dual or plural (الوزيرين, الوزراء) is not followed by one name
        occ_ends = {c.last for c in self.out if c.type == "OCC" and not self.n[c.last - 1].endswith(("ين", "ان", "اء"))}
        for i in range(len(self.w)):
            after_title = i in occ_ends or (i - 1 in occ_ends and self.w[i - 1] in '"«“')
            after_neighbour = i > 1 and bool(self.forms(i - 2) & NEIGHBOUR_WORDS) and self.lex.is_nisba(self.w[i - 1])
            given = bool(self.forms(i) & self.lex.given_names)
            if not ((after_title or after_neighbour or given) and self.name_like(i)):
                continue
            j = i + 1
            while j < len(self.w) and j - i < 3 and self.name_like(j) and not self.n[j].startswith("و"):
                j += 1  # a word opening with و starts the next conjunct
            if after_title or after_neighbour or j - i >= 2:
                self.add(i, j, "PERS", 4)
        # a name before ", TITLE"
        for c in list(self.out):
            if c.type == "OCC" and c.first >= 2 and self.w[c.first - 1] in "،,":
                j = c.first - 1
                i = j
                while i - 1 >= 0 and self.name_like(i - 1) and j - i < 3:
                    i -= 1
                if i < j:
                    self.add(i, j, "PERS", 4)

    def abbreviations(self) -> None:
        """A Latin acronym in brackets right after an organisation or product."""
        for c in list(self.out):
            k = c.last
            if c.type in ("ORG", "PRODUCT") and k + 2 < len(self.w) + 1 and k < len(self.w) and self.w[k] == "(":
                j = k + 1
                while j < len(self.w) and self.w[j] != ")":
                    j += 1
                if j < len(self.w) and j > k + 1 and all(x.isascii() for x in self.w[k + 1:j]):
                    self.add(k + 1, j, c.type)


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Keep nested candidates; of partial overlaps or equal extents keep the strongest."""
    ranked = sorted(set(candidates), key=lambda c: (-c.priority, -(c.last - c.first), c.first, c.type))
    kept: list[Candidate] = []
    for c in ranked:
        clash = False
        for k in kept:
            same = (k.first, k.last) == (c.first, c.last)
            partial = k.first < c.last and c.first < k.last and not (
                (k.first <= c.first and c.last <= k.last) or (c.first <= k.first and k.last <= c.last))
            if same or partial:
                clash = True
                break
        if not clash:
            kept.append(c)
    return sorted(kept, key=lambda c: (c.first, -c.last))
