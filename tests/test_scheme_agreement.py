"""The annotation scheme, the guidelines and the gold agree where they overlap.

The scheme (``dataset/ANNOTATION-SCHEME.md``, a byte-for-byte copy of the one
the benchmark was specified with) gives examples "from the seeds" for every
type and relation; the guidelines restate them. These tests read both tables
and the built gold: every scheme example is a gold mention (or relation) of
its type, is listed under the same type in the guidelines, and no example the
scheme gives for one type is listed under another; every example of the
guidelines' type table is a gold mention of its type. The only examples
written differently are those of the guidelines' §8 table, each with its
reason. §9 lists exactly the conventions the validator checks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.core.arabic import PROCLITIC_PREFIX
from harness.gold.conventions import CONVENTIONS
from harness.gold.data import load_gold

ROOT = Path(__file__).resolve().parents[1]
SCHEME = ROOT / "dataset" / "ANNOTATION-SCHEME.md"
SHARED_SCHEME = ROOT.parent / "shared" / "ANNOTATION-SCHEME.md"
GUIDELINES = ROOT / "dataset" / "GUIDELINES.md"
CONTEXT = re.compile(r"\(in `([^`]*)`\)")
WHERE = re.compile(r"\((?:in|after) `[^`]*`\)")  # a guidelines example's context: "(after `موقع`)"
QUOTES = "\"“”«»"


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end < 0 else text[start:end]


def _rows(section: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in section.splitlines() if line.startswith("| ") and not line.startswith("| type")
            and not line.startswith("| relation") and not line.startswith("| scheme")]


def _bare(text: str) -> str:
    return "".join(c for c in text if c not in QUOTES)


def same_span(example: str, span: str) -> bool:
    """A span written as the example, up to a proclitic on its first word and quotation marks inside.

    >>> same_span("حركة حماس", "وحركة حماس"), same_span("جزر سينكاكو", 'جزر "سينكاكو"'), same_span("حماس", "وحركة حماس")
    (True, True, False)
    """
    if example.endswith("…"):
        return span.startswith(example[:-1])
    example, span = _bare(example), _bare(span)
    return span.endswith(example) and bool(PROCLITIC_PREFIX.match(span[:len(span) - len(example)]))


def names_argument(example: str, span: str) -> bool:
    """A relation example's argument: its words are a run of the span's words (clitics allowed on the first)."""
    words, target = example.split(), _bare(span).split()
    return any(same_span(" ".join(words), " ".join(target[i:i + len(words)])) for i in range(len(target)))


def scheme_types() -> list[tuple[str, str, str]]:
    """(type, example, context) for every example of the scheme's entity-type table."""
    out = []
    for typ, _, cell in _rows(_section(SCHEME.read_text(encoding="utf-8"), "## Entity types")):
        for piece in cell.split("؛") if "؛" in cell else cell.split("،"):
            context = CONTEXT.search(piece)
            example = CONTEXT.sub("", piece).strip()
            if example:
                out.append((typ, example, context.group(1) if context else ""))
    return out


def scheme_relations() -> list[tuple[str, str, str]]:
    """(relation, head example, tail example) for every example of the scheme's relation table."""
    out = []
    for row in _rows(_section(SCHEME.read_text(encoding="utf-8"), "## Relation types")):
        typ, example = row[0].split()[0], re.sub(r"\(.*\)", "", row[3]).strip()
        head, tail = re.split(r"\s[→↔]\s", example)
        out.append((typ, head.strip(), tail.strip()))
    return out


def guideline_types() -> dict[str, list[str]]:
    """The main examples of the guidelines' type table per type (contexts and "none in the seeds" left out)."""
    out = {}
    for typ, _, cell in _rows(_section(GUIDELINES.read_text(encoding="utf-8"), "## 3. Entity types")):
        cell = re.sub(r"none in the seeds \(.*\)", "", WHERE.sub("", cell))
        out[typ] = re.findall(r"`([^`]+)`", cell)
    return out


def guideline_relations() -> dict[str, list[tuple[str, str]]]:
    out = {}
    for row in _rows(_section(GUIDELINES.read_text(encoding="utf-8"), "## 4. Relation types")):
        out[row[0].split()[0]] = re.findall(r"`([^`]+)`\s*[→↔]\s*`([^`]+)`", row[3])
    return out


def differences() -> dict[tuple[str, str], str]:
    """The guidelines' §8 table: (scheme example, type) → the gold span (for a relation: "HEAD → TAIL")."""
    section = _section(GUIDELINES.read_text(encoding="utf-8"), "## 8. ")
    return {(ex.strip("`"), typ): span.strip("`") for ex, typ, span, _ in _rows(section)}


@pytest.fixture(scope="module")
def gold():
    docs, _ = load_gold()
    mentions = [(s.type, d.text[s.start:s.end]) for d in docs for s in d.spans]
    relations = [(r.type, d.text[r.head.start:r.head.end], d.text[r.tail.start:r.tail.end])
                 for d in docs for r in d.relations]
    return mentions, relations


def test_the_scheme_copy_is_the_one_the_benchmark_was_specified_with():
    if not SHARED_SCHEME.is_file():
        pytest.skip(f"no specification beside the checkout ({SHARED_SCHEME}); the copy is checked where it is")
    assert SCHEME.read_bytes() == SHARED_SCHEME.read_bytes()


def test_the_tables_are_read():
    types = {t for t, _, _ in scheme_types()}
    assert len(types) >= 17 and ("CARDINAL", "150", "150 طائرة") in scheme_types()
    assert ("ORDINAL", "ثالث", "طرف ثالث") in scheme_types()
    assert len(scheme_relations()) == 8 and len(guideline_relations()) == 8
    assert len(guideline_types()) == 21


@pytest.mark.parametrize("typ,example,context", scheme_types(), ids=lambda v: v if isinstance(v, str) else None)
def test_each_scheme_example_is_a_gold_mention_of_its_type(gold, typ, example, context):
    mentions, _ = gold
    written = differences().get((example, typ), example)
    assert any(t == typ and same_span(written, text) for t, text in mentions), (typ, example)
    if context:  # the mention sits in its context, the rest of which is outside the span
        assert not any(text == context for _, text in mentions), context


@pytest.mark.parametrize("typ,example,context", scheme_types(), ids=lambda v: v if isinstance(v, str) else None)
def test_each_scheme_example_is_listed_under_its_type_in_the_guidelines(typ, example, context):
    listed = guideline_types()
    written = differences().get((example, typ), example)
    assert any(same_span(written, g) or same_span(example, g) for g in listed[typ]), (typ, example)
    elsewhere = [t for t, examples in listed.items() if t != typ and any(e in (example, context) for e in examples)]
    assert not elsewhere, f"{example!r} ({typ} in the scheme) is listed under {elsewhere} in the guidelines"


def test_each_guidelines_example_is_a_gold_mention_of_its_type(gold):
    mentions, _ = gold
    present = set(mentions)
    missing = [(t, e) for t, examples in guideline_types().items() for e in examples
               if not e.endswith("…") and (t, e) not in present
               and not any(t2 == t and same_span(e, x) for t2, x in mentions)]
    assert not missing


@pytest.mark.parametrize("typ,head,tail", scheme_relations())
def test_each_scheme_relation_example_is_a_gold_relation_and_in_the_guidelines(gold, typ, head, tail):
    _, relations = gold
    written = differences().get((f"{head} → {tail}", typ))
    if written:
        head, tail = written.split(" → ")

    def matches(h: str, t: str) -> bool:
        return (names_argument(head, h) and names_argument(tail, t)) or (
            typ == "MEET" and names_argument(head, t) and names_argument(tail, h))

    assert any(r == typ and matches(h, t) for r, h, t in relations), (typ, head, tail)
    assert any(matches(h, t) for h, t in guideline_relations()[typ]), (typ, head, tail)


def test_each_guidelines_relation_example_is_a_gold_relation(gold):
    _, relations = gold
    present = {(r, h, t) for r, h, t in relations}
    def found(typ: str, h: str, t: str) -> bool:
        return any(r == typ and same_span(h, x) and same_span(t, y) for r, x, y in present)

    missing = [(typ, h, t) for typ, pairs in guideline_relations().items() for h, t in pairs
               if not found(typ, h, t) and not (typ == "MEET" and found(typ, t, h))]
    assert not missing


def test_the_differences_table_names_real_gold_spans(gold):
    mentions, _ = gold
    _, relations = gold
    for (example, typ), span in differences().items():
        if " → " in span:
            assert (typ, *span.split(" → ")) in set(relations)
            head, tail = example.split(" → ")
            assert (typ, head, tail) not in set(relations)  # truly written differently
            continue
        assert (typ, span) in set(mentions)
        assert not any(t == typ and same_span(example, x) for t, x in mentions)


def test_the_guidelines_list_exactly_the_conventions_the_validator_checks():
    section = _section(GUIDELINES.read_text(encoding="utf-8"), "## 9. ")
    listed = [(row[0].strip("`"), row[1]) for row in _rows(section) if not row[0].startswith("convention")]
    assert listed == [(c.id, c.section) for c in CONVENTIONS]
