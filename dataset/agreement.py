"""Agreement between the two independent annotation passes, and of each with the gold.

Entity agreement is strict F1 over ``(start, end, type)``; relation agreement
is strict F1 over ``(head span and type, tail span and type, label)``, with
symmetric relations compared without direction. With one pass taken as the
reference, F1 is symmetric in the two passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
