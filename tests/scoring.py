"""Scoring documents and predictions into a record without a command line (the tests' shortcut)."""

from __future__ import annotations

from harness.records.results import Bootstrap, build_record
from harness.scoring.engine import Parameters, count
from harness.scoring.viewspec import VIEWS


def views_for(extra=(), given_gold=None, relations=True):
    """The default views plus ``extra``, less those the input cannot hold."""
    return [s for s in VIEWS.select(extra) if s.held_by(relations=relations, given_gold=given_gold is not None)]


def record_of(documents, predictions, *, extra=(), resamples=0, seed=0, given_gold=None,
              parameters=Parameters(), reference=False, relations=True):
    """A record of ``predictions`` against ``documents`` on every default view (and ``extra``)."""
    scored = count(documents, predictions, given_gold=given_gold, views=views_for(extra, given_gold, relations),
                   parameters=parameters, reference=reference)
    return build_record("x", scored, system={}, bootstrap=Bootstrap(resamples, seed))
