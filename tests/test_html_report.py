"""``--report DIR`` writes ``report.html``: checked in a real headless Chromium, its DOM against the record.

The page is right-to-left Arabic, self-contained (no external file), shows as
many false positives and false negatives (and relation errors) as the record
counts, by the same error classes as the Markdown report, and its filters show
what they say. A screenshot is kept beside the report.
"""

from __future__ import annotations

from collections import Counter

import pytest

from harness.cli.main import main
from harness.gold.source import benchmark
from harness.records.results import read_record
from harness.report.analysis import mention_errors
from tests.browser import chromium


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert main(["run", "rules", "--resamples", "200", "--out", str(out / "rules.json"), "--report", str(out),
                 "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def page(report):
    driver = chromium()
    driver.get((report / "report.html").as_uri())
    yield driver
    driver.quit()


def _count(page, selector: str) -> int:
    return page.execute_script(f"return document.querySelectorAll({selector!r}).length")


def test_the_page_is_right_to_left_arabic_and_self_contained(page):
    assert page.execute_script("return [document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
    assert _count(page, "link, script[src], img[src], iframe, [href^='http'], [src^='http']") == 0
    assert _count(page, "section.sentence") > 100


def test_it_shows_as_many_false_positives_and_negatives_as_the_record_counts(page, report):
    counts = read_record(report / "rules.json").overall["all"]["ner_strict"].counts
    assert _count(page, ".m[data-outcome='fp']") == counts["fp"]
    assert _count(page, ".m[data-outcome='fn']") == counts["fn"]
    assert _count(page, "[data-side='gold'] .m[data-outcome='fp'], [data-side='pred'] .m[data-outcome='fn']") == 0
    assert page.find_element("id", "n-fp").text == str(counts["fp"])
    assert page.find_element("id", "n-fn").text == str(counts["fn"])


def test_error_classes_are_the_markdown_reports(page):
    gold = benchmark()
    from harness.systems.registry import registry
    from harness.systems.run import run_system

    predictions, _ = run_system(registry().create("rules"), gold.documents)
    want = Counter()
    for doc, pred in zip(gold.documents, gold.scored(predictions)):
        for e in mention_errors(doc, pred):
            if e.pred is not None:
                want["fp", e.error] += 1
            if e.gold is not None and e.counts_gold:
                want["fn", e.error] += 1
    got = Counter(tuple(x) for x in page.execute_script(
        "return Array.from(document.querySelectorAll('.m:not([data-outcome=tp])'))"
        ".map(m => [m.dataset.outcome, m.dataset.class])"))
    assert got == want


def test_relation_errors_equal_the_records(page, report):
    counts = read_record(report / "rules.json").overall["all"]["re_strict"].counts
    assert _count(page, "ul.rels li.fp") == counts["fp"]
    assert _count(page, "ul.rels li.fn") == counts["fn"]
    assert _count(page, "ul.rels li.tp") == counts["tp"]


def _select(page, element: str, value: str) -> None:
    page.execute_script(f"const e = document.getElementById({element!r}); e.value = {value!r};"
                        "e.dispatchEvent(new Event('change'));")


def test_the_filters_show_what_they_say(page):
    total = _count(page, "section.sentence")
    _select(page, "f-type", "GPE")
    shown = page.execute_script("return Array.from(document.querySelectorAll('section.sentence:not([hidden])'))"
                                ".map(s => Array.from(s.querySelectorAll('.m:not(.dim)')).map(m => m.dataset.type))")
    assert 0 < len(shown) < total and all(types and set(types) == {"GPE"} for types in shown)
    _select(page, "f-type", "")
    _select(page, "f-class", "missed")
    assert all(page.execute_script(
        "return Array.from(document.querySelectorAll('section.sentence:not([hidden])'))"
        ".map(s => s.querySelectorAll('.m[data-class=missed]:not(.dim)').length > 0)"))
    _select(page, "f-class", "")
    _select(page, "f-doc", "002_ce38aa86f16bc8de")
    docs = set(page.execute_script("return Array.from(document.querySelectorAll('section.sentence:not([hidden])'))"
                                   ".map(s => s.dataset.doc)"))
    assert docs == {"002_ce38aa86f16bc8de"}
    assert page.find_element("id", "shown").text == str(_count(page, "section.sentence:not([hidden])"))
    _select(page, "f-doc", "")
    _select(page, "f-zone", "body")
    assert set(page.execute_script("return Array.from(document.querySelectorAll('section.sentence:not([hidden])'))"
                                   ".map(s => s.dataset.zone)")) == {"body"}
    _select(page, "f-zone", "")
    page.find_element("id", "f-errors").click()
    assert all(page.execute_script(
        "return Array.from(document.querySelectorAll('section.sentence:not([hidden])'))"
        ".map(s => s.querySelectorAll('.m[data-outcome=fp], .m[data-outcome=fn], li.fp, li.fn').length > 0)"))
    page.find_element("id", "f-errors").click()
    assert _count(page, "section.sentence:not([hidden])") == total


def test_nested_mentions_are_stacked_and_the_chart_has_every_type(page, report):
    # an outer mention's underline sits lower than the nested one's: its padding grows with the nesting height
    heights = page.execute_script(
        "const outer = Array.from(document.querySelectorAll('[data-side=gold] .m')).find(m => m.querySelector('.m'));"
        "return [getComputedStyle(outer).paddingBottom, getComputedStyle(outer.querySelector('.m')).paddingBottom]")
    assert float(heights[0].rstrip("px")) > float(heights[1].rstrip("px"))
    typed = read_record(report / "rules.json").per_type["all"]["ner_strict"]
    assert _count(page, ".chart svg rect.bar") == 3 * len(typed)
    page.execute_script("window.scrollTo(0, 0)")
    page.save_screenshot(str(report / "report.png"))
    assert (report / "report.png").stat().st_size > 20_000
