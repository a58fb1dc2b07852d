"""Agreement between the two independent annotation passes, and of each with the gold.

Entity agreement is strict F1 over ``(start, end, type)``; relation agreement
is strict F1 over ``(head span and type, tail span and type, label)``, with
symmetric relations compared without direction. With one pass taken as the
reference, F1 is symmetric in the two passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dataset.sources import load_document
from harness.core.schema import load_schema
from harness.scoring.counts import Counts
from harness.gold.validate import GoldDocument


def entity_keys(doc: GoldDocument) -> set[tuple[int, int, str]]:
    """The strict entity keys of a document."""
    return {(e.start, e.end, e.type) for e in doc.entities}


def relation_keys(doc: GoldDocument) -> set[tuple]:
    """The strict relation keys of a document (symmetric ones sorted)."""
    schema = load_schema()
    by_id = {e.id: (e.start, e.end, e.type) for e in doc.entities}
    keys = set()
    for r in doc.relations:
        head, tail = by_id[r.head], by_id[r.tail]
        if schema.relation(r.type).symmetric:
            head, tail = sorted((head, tail))
        keys.add((head, tail, r.type))
    return keys


@dataclass(frozen=True)
class Agreement:
    """Entity and relation counts of one comparison."""

    entities: Counts
    relations: Counts


def compare(reference: GoldDocument, other: GoldDocument) -> Agreement:
    """Compare two annotations of the same document."""
    return Agreement(
        Counts.from_sets(entity_keys(reference), entity_keys(other)),
        Counts.from_sets(relation_keys(reference), relation_keys(other)),
    )


def pass_files(passes_dir: Path, doc_id: str) -> tuple[Path, Path] | None:
    """The two pass files of a document, or None when either is missing."""
    a, b = passes_dir / "a" / f"{doc_id}.ann", passes_dir / "b" / f"{doc_id}.ann"
    return (a, b) if a.exists() and b.exists() else None


def _f1(c: Counts) -> str:
    return f"{c.f1:.3f}"


def agreement_rows(docs: Sequence[GoldDocument], passes_dir: Path) -> list[tuple]:
    """The card's agreement table: per document, the passes against each other and the gold; then micro totals."""
    rows = []
    total_ab = [Counts(), Counts()]
    total_ag = [Counts(), Counts()]
    total_bg = [Counts(), Counts()]
    for d in docs:
        files = pass_files(passes_dir, d.doc_id)
        if files is None:
            rows.append((d.doc_id, "–", "–", "–", "–", "–", "–", "–", "–"))
            continue
        a, b = (load_document(d.doc_id, ann_path=p) for p in files)
        ab, ag, bg = compare(a, b), compare(d, a), compare(d, b)
        for total, x in ((total_ab, ab), (total_ag, ag), (total_bg, bg)):
            total[0] += x.entities
            total[1] += x.relations
        rows.append((
            d.doc_id, len(a.entities), len(b.entities), _f1(ab.entities), _f1(ab.relations),
            _f1(ag.entities), _f1(bg.entities), _f1(ag.relations), _f1(bg.relations),
        ))
    rows.append((
        "**all (micro)**", "", "", _f1(total_ab[0]), _f1(total_ab[1]),
        _f1(total_ag[0]), _f1(total_bg[0]), _f1(total_ag[1]), _f1(total_bg[1]),
    ))
    return rows
