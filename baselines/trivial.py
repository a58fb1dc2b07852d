"""The two reference systems: ``gold`` (an oracle) and ``empty`` (predicts nothing).

They bound every view: ``gold`` must score 1.0 everywhere, ``empty`` 0 recall.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.systems.registry import register
from harness.core.types import Document, Prediction, Span


@register("gold", kind="oracle", training_data="the gold itself",
          description="returns the gold annotations: the ceiling of every view")
class GoldSystem:
    """An oracle that reads the gold."""

    supports_given_gold = True

    def predict(self, documents: Sequence[Document], gold_spans: Sequence[tuple[Span, ...]] | None = None):
        """The gold mentions and relations of each document (the benchmark's or a corpus file's)."""
        from harness.gold.data import gold_document

        return [Prediction(d.id, gold_document(d.id).spans, gold_document(d.id).relations) for d in documents]


@register("empty", kind="oracle", training_data="none", description="predicts nothing: the floor of every view")
class EmptySystem:
    """Predicts no mention and no relation."""

    supports_given_gold = True

    def predict(self, documents: Sequence[Document], gold_spans: Sequence[tuple[Span, ...]] | None = None):
        """Empty predictions."""
        return [Prediction(d.id) for d in documents]
