"""Counting the declared views over one input: the gold, a run's predictions, its options.

:func:`count` builds a :class:`ScoringInput` (whose columnar mention table,
sentence pairs and relation lists are made once, on first use, and shared by
every view) and calls each selected view's counting function. The result,
:class:`Scored`, is what :mod:`harness.scoring.aggregate` turns into totals,
per-type, per-document scores and intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property

from harness.core.types import Document, Prediction
from harness.scoring.columns import Layout, MentionTable
from harness.scoring.viewspec import VIEWS, Counted, ViewSpec


@dataclass(frozen=True, kw_only=True)
class Parameters:
    """The settings some views' counts depend on (stored with each view that reads one).

    Attributes:
        min_overlap: the SemEval family's minimum overlap, in percent of the gold
            mention's characters (nervaluate's ``min_overlap_percentage``), 1 to 100.

    >>> Parameters(min_overlap=50).of(("min_overlap",))
    {'min_overlap': 50.0}
    """

    min_overlap: float = 1.0

    def __post_init__(self):
        value = float(self.min_overlap)
        if not 1.0 <= value <= 100.0:
            raise ValueError(f"min_overlap must be between 1 and 100 (percent), found {self.min_overlap!r}")
        object.__setattr__(self, "min_overlap", value)

    def of(self, names: Sequence[str]) -> dict[str, float]:
        """The values of the named parameters."""
        return {name: getattr(self, name) for name in names}

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Every parameter's name."""
        return tuple(f.name for f in fields(cls))


class ScoringInput:
    """What counting functions read; each derived table is built once, on first use.

    Attributes:
        documents: the gold documents.
        predictions: one prediction per document, in the documents' order.
        given_gold: a run given the gold mentions (its relations), or None.
        parameters: the views' settings.
    """

    def __init__(self, documents: Sequence[Document], predictions: Sequence[Prediction],
                 given_gold: Sequence[Prediction] | None = None, parameters: Parameters = Parameters()):
        for doc, pred in zip(documents, predictions, strict=True):
            if doc.id != pred.doc_id:
                raise ValueError(f"prediction for {pred.doc_id!r} paired with document {doc.id!r}")
        self.documents, self.predictions = documents, predictions
        self.given_gold, self.parameters = given_gold, parameters
        self._shared: dict[str, object] = {}

    def shared(self, key: str, make):
        """What several views compute together (the SemEval schemes' counts), made once by ``make(self)``."""
        if key not in self._shared:
            self._shared[key] = make(self)
        return self._shared[key]

    @cached_property
    def layout(self) -> Layout:
        """The units (sentences) as arrays."""
        return Layout.of(self.documents)

    @cached_property
    def table(self) -> MentionTable:
        """Both sides' mentions as sorted integer columns."""
        return MentionTable.build(self.documents, self.predictions, self.layout)

    @cached_property
    def pairs(self):
        """Per sentence, the gold and predicted mentions and relations (the reference implementations' input)."""
        from harness.scoring.units import pair_units

        return pair_units(self.documents, self.predictions)

    @cached_property
    def relations(self) -> tuple[list, list]:
        """Per sentence, the gold and the predicted relations."""
        from harness.scoring.units import relation_pairs

        return relation_pairs(self.documents, self.predictions)

    @cached_property
    def given_relations(self) -> list:
        """Per sentence, the relations of the run given the gold mentions."""
        from harness.scoring.units import relation_pairs

        return relation_pairs(self.documents, self.given_gold)[1]


@dataclass
class Scored:
    """Every selected view's counts over one input."""

    layout: Layout
    specs: list[ViewSpec]
    counted: dict[str, Counted]
    parameters: Parameters = field(default_factory=Parameters)


def count(
    documents: Sequence[Document],
    predictions: Sequence[Prediction],
    *,
    given_gold: Sequence[Prediction] | None = None,
    views: Sequence[ViewSpec] | None = None,
    parameters: Parameters = Parameters(),
    reference: bool = False,
) -> Scored:
    """Count views for every sentence.

    Args:
        documents: the gold documents.
        predictions: one prediction per document, in the same order.
        given_gold: a run given the gold mentions, for the views that need one.
        views: which views (default: every default view the input can hold).
        parameters: the views' settings.
        reference: count with the sentence-by-sentence reference implementations
            where a view has one (the same numbers, slower: the tests' specification).
    """
    inp = ScoringInput(documents, predictions, given_gold, parameters)
    if views is None:
        views = [s for s in VIEWS.defaults() if s.held_by(relations=True, given_gold=given_gold is not None)]
    counted = {}
    for spec in views:
        counter = spec.reference if reference and spec.reference is not None else spec.count
        counted[spec.name] = counter(inp)
    return Scored(inp.layout, list(views), counted, parameters)
