"""The rules baseline fires on Arabic news sentences written for this test.

None of these sentences occurs in the seeds; each checks that general
gazetteers and patterns (not memorised gold) find the mentions and relations.
"""

from __future__ import annotations

import pytest

from baselines.rules import sentence_mentions
from baselines.rules.relations import find_relations
from harness.core.text import tokenize
from tests.conftest import DOC_IDS, ROOT

CASES = [
    (
        "التقى وزير الخارجية الفرنسي جان نويل بارو نظيره المصري في القاهرة الأحد 12 يناير 2025.",
        {("وزير الخارجية الفرنسي", "OCC"), ("الفرنسي", "NORP"), ("جان نويل بارو", "PERS"), ("المصري", "NORP"),
         ("القاهرة", "GPE"), ("الأحد 12 يناير 2025", "DATE")},
        {("جان نويل بارو", "وزير الخارجية الفرنسي", "ROLE"), ("جان نويل بارو", "الفرنسي", "ORG_AFF")},
    ),
    (
        "أعلنت وزارة الصحة السعودية تسجيل 150 إصابة جديدة، بنسبة 3% من الإجمالي.",
        {("وزارة الصحة السعودية", "ORG"), ("السعودية", "NORP"), ("150", "CARDINAL"), ("3%", "PERCENT")},
        {("وزارة الصحة السعودية", "السعودية", "GEN_AFF")},
    ),
    (
        "وصل الرئيس التركي رجب طيب أردوغان إلى الدوحة مساء الثلاثاء الماضي في زيارة رسمية.",
        {("الرئيس التركي", "OCC"), ("رجب طيب أردوغان", "PERS"), ("الدوحة", "GPE"), ("مساء", "TIME"),
         ("الثلاثاء الماضي", "DATE")},
        {("رجب طيب أردوغان", "الرئيس التركي", "ROLE")},
    ),
    (
        "اشترت بولندا 32 مقاتلة من طراز إف-35 بقيمة 4.6 مليار دولار.",
        {("بولندا", "GPE"), ("إف-35", "PRODUCT"), ("4.6 مليار دولار", "MONEY")},
        {("بولندا", "إف-35", "ART")},
    ),
    (
        "وقعت ألمانيا وفرنسا معاهدة الإليزيه بين ألمانيا وفرنسا عام 1963 في باريس.",
        {("ألمانيا", "GPE"), ("وفرنسا", "GPE"), ("عام 1963", "DATE"), ("باريس", "GPE")},
        set(),
    ),
    (
        "بحث الرئيس الكيني ويليام روتو والرئيس الأوغندي يوري موسيفيني في نيروبي الأسبوع الماضي ملف الطاقة.",
        {("الرئيس الكيني", "OCC"), ("ويليام روتو", "PERS"), ("والرئيس الأوغندي", "OCC"), ("يوري موسيفيني", "PERS"),
         ("نيروبي", "GPE"), ("الأسبوع الماضي", "DATE")},
        {("ويليام روتو", "الرئيس الكيني", "ROLE"), ("يوري موسيفيني", "والرئيس الأوغندي", "ROLE")},
    ),
]


@pytest.mark.parametrize(("sentence", "entities", "relations"), CASES, ids=[c[0][:24] for c in CASES])
def test_rules_fire_on_unseen_news_sentences(sentence, entities, relations):
    seeds = "".join((ROOT / "seeds" / f"{d}.txt").read_text(encoding="utf-8") for d in DOC_IDS)
    assert sentence not in seeds
    tokens = tokenize(sentence)
    words = [t.text for t in tokens]
    mentions = sentence_mentions(words, sentence, [(t.start, t.end) for t in tokens])

    def text(m):
        return sentence[tokens[m.first].start:tokens[m.last - 1].end]

    found = {(text(m), m.type) for m in mentions}
    assert entities <= found, entities - found
    found_rel = {(text(h), text(t), typ) for h, t, typ in find_relations(words, mentions)}
    assert relations <= found_rel, relations - found_rel


def test_resources_say_where_they_come_from():
    for path in sorted((ROOT / "baselines" / "rules" / "resources").glob("*.yaml")):
        header = " ".join(line.lstrip("# ") for line in path.read_text(encoding="utf-8").splitlines()
                          if line.startswith("#"))
        assert "general" in header.lower() and "not harvested" in header.lower(), path
