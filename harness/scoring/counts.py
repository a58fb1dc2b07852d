"""An addable true-positive / false-positive / false-negative counter.

Scores are computed as spaCy's ``PRFScore`` does: compare two sets of hashable
tuples, keep the three counts, and add counters to get micro averages.

>>> c = Counts.from_sets({(0, 5, "GPE"), (6, 9, "PERS")}, {(0, 5, "GPE")})
>>> c
Counts(tp=1, fp=0, fn=1)
>>> (c + Counts(tp=1, fp=1, fn=0)).f1
0.6666666666666666
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Counts:
    """Counts of one comparison; ``+`` adds them, the properties score them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @classmethod
    def from_sets(cls, gold: set | frozenset, predicted: set | frozenset) -> Counts:
        """Count matches between a gold set and a predicted set."""
        tp = len(gold & predicted)
        return cls(tp, len(predicted) - tp, len(gold) - tp)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 0.0 when there is no gold."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0.0 when both are 0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
