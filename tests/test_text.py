"""The frozen tokenisation and sentence splitting."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.core.text import split_sentences, tokenize
from tests.conftest import DOC_IDS, ROOT


def reference_tokenize(text: str) -> list[str]:
    """An independent character-by-character restatement of the rules."""
    tokens, current = [], ""
    for ch in text:
        cat = unicodedata.category(ch)[0]
        if cat in "LMN":
            current += ch
            continue
        if current:
            tokens.append(current)
            current = ""
        if cat in "PS":
            tokens.append(ch)
    if current:
        tokens.append(current)
    return tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("واليابان", ["واليابان"]),
        ("إف-35", ["إف", "-", "35"]),
        ("09:47 م", ["09", ":", "47", "م"]),
        ("«المفيد نيوز»،", ["«", "المفيد", "نيوز", "»", "،"]),
        ("هــــــــنا", ["هــــــــنا"]),  # tatweel is a letter (Lm)
        ("تُعَدُّ", ["تُعَدُّ"]),  # diacritics are marks
        ("اليوم /الجمعة/", ["اليوم", "/", "الجمعة", "/"]),
        ("a\u200cb\xa0c", ["a", "b", "c"]),  # format characters and no-break spaces separate
        ("", []),
    ],
)
def test_tokenize_cases(text, expected):
    assert [t.text for t in tokenize(text)] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("اليابانو،.-:/\"«» \n\xa0\u200c12إفـًّ؟…!abc")), max_size=60))
def test_tokenize_matches_reference_and_offsets(text):
    tokens = tokenize(text)
    assert [t.text for t in tokens] == reference_tokenize(text)
    assert all(text[t.start:t.end] == t.text for t in tokens)


def test_tokenize_matches_camel_tools_when_installed():
    word = pytest.importorskip("camel_tools.tokenizers.word")
    for doc_id in DOC_IDS:
        text = (ROOT / "seeds" / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert [t.text for t in tokenize(text)] == word.simple_word_tokenize(text)


def test_seed_tokens_agree_with_reference():
    for doc_id in DOC_IDS:
        text = (ROOT / "seeds" / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert [t.text for t in tokenize(text)] == reference_tokenize(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال. ثم ذهب", ["قال.", "ثم ذهب"]),
        ("سطر\n\nسطر آخر", ["سطر", "سطر آخر"]),
        ("..فتابعو السطور", ["..فتابعو السطور"]),  # no whitespace after the dots: no split
        ("الشمالية... كما", ["الشمالية...", "كما"]),
        ("هل؟ نعم! حسنا", ["هل؟", "نعم!", "حسنا"]),
        ("post305266.html", ["post305266.html"]),
        ("  \xa0\n \n", []),
        ("التحالف”. وقال", ["التحالف”.", "وقال"]),
    ],
)
def test_split_sentences_cases(text, expected):
    assert [text[s.start:s.end] for s in split_sentences(text)] == expected


def test_sentences_cover_every_token_of_the_seeds():
    for doc_id in DOC_IDS:
        text = (ROOT / "seeds" / f"{doc_id}.txt").read_text(encoding="utf-8")
        inside = sum(len(tokenize(text[s.start:s.end])) for s in split_sentences(text))
        assert inside == len(tokenize(text))


def test_cached_token_classes_equal_a_fresh_derivation(tmp_path, monkeypatch):
    import harness.core.text as text

    monkeypatch.setenv("TAHALOF_CACHE", str(tmp_path))
    text._token_re.cache_clear()
    try:
        fresh = text._token_re().pattern  # derived and written to the cache
        assert list(tmp_path.glob("token-classes-*.json"))
        text._token_re.cache_clear()
        assert text._token_re().pattern == fresh  # read back from the cache
        expected = f"[{text._ranges(lambda c: c[0] in 'PS')}]|[{text._ranges(lambda c: c[0] in 'LMN')}]+"
        assert fresh == expected
    finally:
        text._token_re.cache_clear()
