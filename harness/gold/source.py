"""What a run is scored against: the benchmark's gold, or another corpus file.

One :class:`Gold` carries the documents, the data's identity (checksum), and
the rules that follow from where it came from: a corpus has no relations and
no zones, and only the entity types its label map can produce (or its gold
holds) are scored, so predictions of other types are set aside.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass

from harness.core.types import Document, Prediction
from harness.io.labelmap import IDENTITY, LabelMap

SCHEMES = ("IOB1", "IOB2")
CORPUS_FORMATS = ("conll", "wojood")


@dataclass(frozen=True)
class Gold:
    """Documents to score against, their checksum and, for a corpus file, where they came from.

    Attributes:
        documents: the gold documents, in id order.
        checksum: the dataset checksum (benchmark) or the file's SHA-256 (corpus).
        corpus: for a corpus file, its path, format and scheme; None for the benchmark.
        inventory: for a corpus, the entity types scored; None for the benchmark (all 21).
        notes: what a person should be told about how the gold was read.
    """

    documents: tuple[Document, ...]
    checksum: str
    corpus: dict | None = None
    inventory: tuple[str, ...] | None = None
    notes: tuple[str, ...] = ()

    @property
    def relations(self) -> bool:
        """Whether relation views apply (the benchmark has relations; corpora have none)."""
        return self.corpus is None

    @property
    def version(self) -> str:
        """The dataset version every document carries (``file:NAME`` for a corpus)."""
        return self.documents[0].version if self.documents else ""

    def check_given(self, given: Sequence[Prediction], source: str) -> None:
        """A run given the gold mentions may only relate gold mentions.

        Raises:
            InputError: naming how many relation arguments are not gold mentions, with the first ones.
        """
        from harness.core.errors import InputError, Problem

        gold = {d.id: set(d.spans) for d in self.documents}
        foreign = [(p.doc_id, a) for p in given for r in p.relations for a in (r.head, r.tail)
                   if a not in gold.get(p.doc_id, set())]
        foreign += [(p.doc_id, s) for p in given for s in p.spans if s not in gold.get(p.doc_id, set())]
        if foreign:
            unique = sorted(set(foreign), key=lambda x: (x[0], x[1].start, x[1].end, x[1].type))
            examples = ", ".join(f"{d} {s.start}-{s.end} {s.type}" for d, s in unique[:3])
            raise InputError(Problem(source, None, None, "entities",
                                     "the gold mentions (a run given the gold mentions relates only them)",
                                     f"<{len(unique)} mentions that are not gold mentions, e.g. {examples}>",
                                     "score a run on the system's own mentions as the main predictions file"))

    def scored(self, predictions: Sequence[Prediction]) -> list[Prediction]:
        """What is scored of ``predictions``: for a corpus, only the mentions of its types."""
        if self.inventory is None:
            return list(predictions)
        return restrict(predictions, self.inventory)


def restrict(predictions: Sequence[Prediction], types: Sequence[str]) -> list[Prediction]:
    """Predictions without the mentions (and their relations) of types outside ``types``."""
    keep = set(types)
    return [dataclasses.replace(p, spans=tuple(s for s in p.spans if s.type in keep),
                                relations=tuple(r for r in p.relations if r.head.type in keep and r.tail.type in keep))
            for p in predictions]


def benchmark() -> Gold:
    """The benchmark's gold, checksums verified."""
    from harness.gold.data import load_gold

    documents, checksum = load_gold()
    return Gold(tuple(documents), checksum)


def corpus(path: str | os.PathLike, fmt: str = "conll", scheme: str | None = None,
           label_map: LabelMap = IDENTITY) -> Gold:
    """A corpus file as gold: its tagging scheme is ``scheme``, else the label map's ``_scheme``, else IOB2.

    Raises:
        InputError: for malformed lines and labels outside the benchmark's types.
    """
    from harness.gold.corpus import inventory, load_corpus

    notes = []
    chosen = scheme or label_map.scheme or "IOB2"
    if not scheme and label_map.scheme:
        notes.append(f"reading {path} as {chosen} (declared by the label map {label_map.source})")
    documents, checksum = load_corpus(path, fmt, chosen, label_map)
    types = inventory(label_map, documents)
    notes.append(f"scoring predictions of the corpus's types only: {', '.join(types)}")
    return Gold(tuple(documents), checksum, {"path": str(path), "format": fmt, "scheme": chosen}, types, tuple(notes))
