"""The contract between the harness and a system: what a system declares and implements.

A system is a class found through the ``tahalof.systems`` entry point group
(see :mod:`harness.systems.registry`). It declares what it is in a class
attribute ``info`` (a :class:`SystemInfo`), takes its options as keyword
arguments (``--system-arg KEY=VALUE``), and implements ``predict``. It may
also implement:

- ``readiness(**system_args)`` (a classmethod): whether its model or data is
  present, beyond the modules listed in ``info.requires``;
- ``prepare()``: one-off work before predicting (training, loading a model),
  called before the gold is read so that a person sees at once what happens.

>>> info = SystemInfo(kind="rule-based", training_data="none", description="a demo")
>>> info.reproducible, info.receives_gold
(True, False)
>>> Readiness.ok().ready
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from harness.core.types import Document, Prediction, Span

ENTRY_POINT_GROUP = "tahalof.systems"


@dataclass(frozen=True, kw_only=True)
class SystemInfo:
    """What a system is, for the leaderboard, ``evaluate baselines`` and ``reproduce``.

    Attributes:
        kind: what sort of system ("rule-based", "classical (CRF)", "neural (transformers)").
        training_data: what it learnt from, in a few words.
        description: one line for listings.
        requires: modules it imports when run (checked before it is constructed).
        install: the command that installs those modules ("pip install 'tahalof[crf]'").
        reproducible: it runs offline on CPU in reasonable time, so ``evaluate reproduce``
            re-runs it and compares every number.
        receives_gold: an oracle: constructed with ``gold=`` (the documents being scored).
            Every other system sees documents without annotations.
        outputs: what it predicts ("ner", "re").
    """

    kind: str
    training_data: str
    description: str
    requires: tuple[str, ...] = ()
    install: str = ""
    reproducible: bool = True
    receives_gold: bool = False
    outputs: tuple[str, ...] = ("ner",)


@dataclass(frozen=True)
class Readiness:
    """Whether a system can run here, and if not, what is missing and the one command that fixes it."""

    ready: bool
    missing: str = ""
    fix: str = ""

    @classmethod
    def ok(cls) -> Readiness:
        """Everything is present."""
        return cls(True)

    def __str__(self) -> str:
        if self.ready:
            return "ready"
        return f"not ready: {self.missing}" + (f" (fix: {self.fix})" if self.fix else "")


@runtime_checkable
class System(Protocol):
    """What every system implements.

    ``predict`` receives the documents with their gold annotations removed; a
    relation-only system also receives the gold mentions (``gold_spans``, one
    tuple per document) when it sets ``supports_given_gold`` and only classifies
    pairs.
    """

    info: ClassVar[SystemInfo]
    supports_given_gold: ClassVar[bool]

    def predict(
        self, documents: Sequence[Document], gold_spans: Sequence[tuple[Span, ...]] | None = None
    ) -> list[Prediction]:
        """Predict mentions and relations for each document, in order."""
        ...
