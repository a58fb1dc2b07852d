"""``evaluate site --out DIR``: built twice byte for byte, and looked at in headless Chromium.

A click on a leaderboard row's system lands on that system's report page,
whose counts are the record's; a click on a column header sorts by it; every
link resolves; the gold browser shows every gold mention.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from harness.cli.main import main
from harness.gold.data import load_gold
from harness.records.results import read_record
from tests.browser import chromium
from tests.test_record_formats import FORMAT1

RESULTS = Path(__file__).resolve().parents[1] / "results"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    results = tmp / "results"
    results.mkdir()
    for name in ("rules.json", "crf-lodo.json", "pending.yaml"):
        shutil.copy(RESULTS / name, results / name)
    shutil.copy(FORMAT1, results / "rules-1.0.0.json")  # a record of the older gold: its own table
    for out in ("a", "b"):
        assert main(["site", "--out", str(tmp / out), "--results-dir", str(results), "-q"]) == 0
    return tmp


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_building_twice_gives_byte_identical_pages(site):
    a, b = _files(site / "a"), _files(site / "b")
    assert sorted(a) == ["card.html", "gold.html", "index.html", "systems/crf-lodo.html", "systems/rules.html"]
    assert a == b


@pytest.fixture(scope="module")
def browser():
    driver = chromium(1500, 900)
    yield driver
    driver.quit()


def test_a_click_on_a_row_lands_on_that_systems_report(site, browser):
    browser.get((site / "a" / "index.html").as_uri())
    row = browser.find_element("css selector", "tr[data-system='rules'] a.system")
    row.click()
    assert browser.current_url.endswith("/systems/rules.html")
    counts = read_record(RESULTS / "rules.json").overall["all"]["ner_strict"].counts
    assert browser.execute_script("return document.documentElement.dir") == "rtl"
    assert browser.execute_script("return document.querySelectorAll('.m[data-outcome=fp]').length") == counts["fp"]
    assert browser.execute_script("return document.querySelectorAll('.m[data-outcome=fn]').length") == counts["fn"]
    browser.find_element("link text", "Leaderboard").click()
    assert browser.current_url.endswith("/index.html")


def test_a_column_header_sorts_the_rows_by_that_view(site, browser):
    browser.get((site / "a" / "index.html").as_uri())
    order = "return Array.from(document.querySelector('table.board').tBodies[0].rows).map(r => r.dataset.system)"
    first = browser.execute_script(order)
    assert first[:2] == ["rules", "crf-lodo"] and "llm" in first  # by NER strict, then the pending rows
    header = browser.find_elements("css selector", "table.board")[0].find_element(
        "xpath", ".//th[normalize-space()='NER coarse']")
    header.click()
    values = browser.execute_script(
        "const col = arguments[0]; return Array.from(document.querySelector('table.board').tBodies[0].rows)"
        ".map(r => r.cells[col].dataset.value).filter(v => v !== '').map(Number)", int(header.get_attribute("data-col")))
    assert values == sorted(values, reverse=True) and len(values) == 2
    header.click()  # again: ascending
    values = browser.execute_script(
        "const col = arguments[0]; return Array.from(document.querySelector('table.board').tBodies[0].rows)"
        ".map(r => r.cells[col].dataset.value).filter(v => v !== '').map(Number)", int(header.get_attribute("data-col")))
    assert values == sorted(values)


def test_every_link_resolves_and_the_older_gold_has_its_own_table(site, browser):
    browser.get((site / "a" / "index.html").as_uri())
    hrefs = browser.execute_script("return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    assert hrefs and all(Path(h.removeprefix("file://")).is_file() for h in hrefs)
    titles = browser.execute_script("return Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
    assert titles == ["Tahalof 1.1.0", "Tahalof 1.0.0 (another gold: not ranked beside the newest)"]
    assert browser.execute_script("return document.querySelectorAll('.ci > i').length") > 10  # interval bars


def test_the_gold_browser_shows_every_mention(site, browser):
    browser.get((site / "a" / "gold.html").as_uri())
    docs, _ = load_gold()
    assert browser.execute_script("return document.querySelectorAll('.m').length") == sum(len(d.spans) for d in docs)
    assert browser.execute_script("return document.querySelectorAll('section.sentence').length") == \
        sum(len(d.sentences) for d in docs)
    browser.save_screenshot(str(site / "gold.png"))


def test_the_card_page_renders_the_cards_markdown(site, browser):
    browser.get((site / "a" / "card.html").as_uri())
    headings = browser.execute_script("return Array.from(document.querySelectorAll('article.card h2'))"
                                      ".map(h => h.textContent)")
    assert "Annotation process and agreement" in headings
    assert browser.execute_script("return document.querySelectorAll('article.card table').length") >= 3
    assert "pretty_name" not in browser.find_element("css selector", "article.card").text  # metadata left out
