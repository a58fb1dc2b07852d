"""The two reference systems: ``gold`` (an oracle) and ``empty`` (predicts nothing).

They bound every view: ``gold`` must score 1.0 everywhere, ``empty`` 0 recall.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.core.types import Document, Prediction, Span
from harness.systems.api import SystemInfo


class GoldSystem:
    """An oracle: constructed with the gold being scored (the benchmark's or a corpus file's), returns it."""

    info = SystemInfo(kind="oracle", training_data="the gold itself",
                      description="returns the gold annotations: the ceiling of every view",
                      receives_gold=True, outputs=("ner", "re"))
    supports_given_gold = True

    def __init__(self, gold: Sequence[Document]):
        self.gold = {d.id: d for d in gold}

    def predict(self, documents: Sequence[Document], gold_spans: Sequence[tuple[Span, ...]] | None = None):
        """The gold mentions and relations of each document."""
        return [Prediction(d.id, self.gold[d.id].spans, self.gold[d.id].relations) for d in documents]


class EmptySystem:
    """Predicts no mention and no relation."""

    info = SystemInfo(kind="oracle", training_data="none", description="predicts nothing: the floor of every view",
                      outputs=("ner", "re"))
    supports_given_gold = True

    def predict(self, documents: Sequence[Document], gold_spans: Sequence[tuple[Span, ...]] | None = None):
        """Empty predictions."""
        return [Prediction(d.id) for d in documents]
