"""Relation views, scored as sets of hashable keys.

- ``re_strict``: head (span and type), tail (span and type) and label match.
- ``re_boundaries``: head and tail spans and label match, entity types ignored.

Symmetric relations (MEET) compare without direction: their arguments are
sorted before comparison. "Given gold entities" is the strict view applied to
a run where the system received the gold mentions.

>>> from harness.core.types import Relation, Span
>>> a, b = Span(0, 5, "PERS"), Span(9, 14, "PERS")
>>> RE_VIEWS["re_strict"].counts([Relation(a, b, "MEET", True)], [Relation(b, a, "MEET", True)])
Counts(tp=1, fp=0, fn=0)
>>> RE_VIEWS["re_boundaries"].counts([Relation(a, b, "ROLE")], [Relation(Span(0, 5, "ORG"), b, "ROLE")])
Counts(tp=1, fp=0, fn=0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from harness.core.types import Relation
from harness.scoring.counts import Counts
from harness.scoring.metrics import PRF
from harness.scoring.tally import per_sentence
from harness.scoring.viewspec import VIEWS, Counted, Family, Needs, ViewSpec


def _strict_key(r: Relation) -> tuple:
    head, tail, label = r.key()
    return ((head.start, head.end, head.type), (tail.start, tail.end, tail.type), label)


def _boundary_key(r: Relation) -> tuple:
    head, tail = (r.head.start, r.head.end), (r.tail.start, r.tail.end)
    if r.symmetric and tail < head:
        head, tail = tail, head
    return (head, tail, r.type)


@dataclass(frozen=True)
class RelationView:
    """One relation view: how a relation is turned into its comparison key."""

    name: str
    key: Callable[[Relation], tuple]
    description: str
    per_type: bool = True

    def counts(self, gold: Sequence[Relation], pred: Sequence[Relation]) -> Counts:
        """tp/fp/fn of one unit."""
        return Counts.from_sets({self.key(r) for r in gold}, {self.key(r) for r in pred})

    def counts_by_type(self, gold: Sequence[Relation], pred: Sequence[Relation]) -> dict[str, Counts]:
        """tp/fp/fn per relation label of one unit."""
        g, p = defaultdict(set), defaultdict(set)
        for r in gold:
            g[r.type].add(self.key(r))
        for r in pred:
            p[r.type].add(self.key(r))
        return {t: Counts.from_sets(g[t], p[t]) for t in set(g) | set(p)}


RE_VIEWS = {
    v.name: v
    for v in (
        RelationView("re_strict", _strict_key, "argument spans and types and label; MEET without direction"),
        RelationView("re_boundaries", _boundary_key, "argument spans and label, entity types ignored"),
    )
}


def _counter(view: RelationView, given: bool):
    def count(inp) -> Counted:
        gold, pred = inp.relations
        items = list(zip(gold, inp.given_relations if given else pred))

        def vector(item):
            c = view.counts(*item)
            return (c.tp, c.fp, c.fn)

        def by_type(item):
            return {t: (c.tp, c.fp, c.fn) for t, c in view.counts_by_type(*item).items()}

        return per_sentence(inp, vector, 3, by_type, items)

    count.__doc__ = f"{view.name}{' of the run given the gold mentions' if given else ''}, sentence by sentence."
    return count


for _name, _view, _given, _order, _label, _short, _board in (
    ("re_strict", RE_VIEWS["re_strict"], False, 70, "RE strict", "RE strict", ("all", "body")),
    ("re_boundaries", RE_VIEWS["re_boundaries"], False, 71, "RE boundaries", "RE boundaries", ("all",)),
    ("re_given_gold", RE_VIEWS["re_strict"], True, 72, "RE given gold mentions", "RE given gold", ("all",)),
):
    VIEWS.register(ViewSpec(
        _name, Family.RE, _label,
        "relations of a run given the gold mentions, strict" if _given else _view.description, PRF,
        _counter(_view, _given), order=_order, short=_short, leaderboard=_board,
        needs=frozenset({Needs.RELATIONS} | ({Needs.GIVEN_GOLD} if _given else set()))))
