"""Running a system on documents it sees without their gold."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from harness.core.errors import InputError, Problem
from harness.core.types import Document, Prediction


def without_gold(documents: Sequence[Document]) -> list[Document]:
    """The documents a system sees: text, tokens, sentences, zones; no annotations."""
    return [dataclasses.replace(d, spans=(), relations=()) for d in documents]


def run_system(system, documents: Sequence[Document], name: str = "") -> tuple[list[Prediction], list[Prediction] | None]:
    """Run a system end to end, and given the gold mentions if it supports that.

    Raises:
        InputError: when the system does not return one prediction per document, in order.
    """
    visible = without_gold(documents)
    predictions = system.predict(visible)
    _check_predictions(name or type(system).__name__, visible, predictions)
    given = None
    if getattr(system, "supports_given_gold", False):
        given = system.predict(visible, [d.spans for d in documents])
        _check_predictions(name or type(system).__name__, visible, given)
    return list(predictions), (list(given) if given is not None else None)


def _check_predictions(name: str, documents: Sequence[Document], predictions: Sequence[Prediction]) -> None:
    got = [getattr(p, "doc_id", p) for p in predictions]
    want = [d.id for d in documents]
    if got != want:
        raise InputError(Problem(f"<system {name!r}>", None, None, "predictions",
                                 f"one Prediction per document, in order ({len(want)})",
                                 f"<{len(got)}: {got[:3]}...>"))
