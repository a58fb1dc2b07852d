"""The one registry of views: each view is a declaration that every consumer reads.

A :class:`ViewSpec` says what a view is (name, family, metric, label, order,
default or opt-in, the inputs it needs, whether the leaderboard shows it) and
how it is counted (a function over a :class:`~harness.scoring.engine.ScoringInput`,
and optionally a sentence-by-sentence reference that the tests hold it equal
to). The engine, the record, the renderers, the leaderboard and the command
line all read :data:`VIEWS`; adding a view is one declaration plus its
counting function, in any module that is imported before scoring:

>>> import numpy as np
>>> from harness.scoring.metrics import PRF
>>> def count_nothing(inp):
...     return Counted(np.zeros((inp.layout.n_units, 3), dtype=np.int64))
>>> spec = ViewSpec("ner_nothing", Family.NER, "NER nothing", "counts no mention", PRF, count_nothing,
...                 order=999, default=False)
>>> with VIEWS.registered(spec):
...     "ner_nothing" in VIEWS.names()
True
>>> "ner_nothing" in VIEWS.names()
False
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

import numpy as np

from harness.scoring.metrics import Metric

if TYPE_CHECKING:
    from harness.scoring.engine import ScoringInput


class Family(Enum):
    """What a view scores; it decides what the bootstrap resamples for it."""

    NER = "ner"
    PARTIAL = "partial"
    RE = "re"


class Needs(Enum):
    """What a view needs of the input beyond the gold documents."""

    MENTIONS = "mentions"
    RELATIONS = "relations"  # the predictions and the gold hold relations
    GIVEN_GOLD = "given_gold"  # a run given the gold mentions


@dataclass(frozen=True)
class Counted:
    """A view's counts: per unit (sentence), and per type summed within each zone.

    Attributes:
        units: ``(n_units, k)`` integer counts, one row per sentence in gold order.
        typed: ``(n_zones, n_types, k)`` per-type counts summed over the sentences of
            each zone id of :class:`~harness.scoring.columns.Layout`, or None.
        types: the type names of ``typed``'s second axis.
    """

    units: np.ndarray
    typed: np.ndarray | None = None
    types: tuple[str, ...] = ()


Counter = Callable[["ScoringInput"], Counted]


@dataclass(frozen=True)
class ViewSpec:
    """One view, declared once.

    Attributes:
        name: the view's key in records and on the command line (``ner_strict``).
        family: NER set views, the SemEval partial family, or relations.
        label: what tables, reports and the leaderboard call it.
        description: one sentence stored in every record that holds the view.
        metric: how its count vectors become precision, recall and F1.
        count: the vectorised counting function.
        reference: a sentence-by-sentence counting function with the same result
            (the specification the tests hold ``count`` equal to), if any.
        order: display order (smaller first).
        default: scored on every run; otherwise opt-in (``--view NAME``).
        needs: inputs beyond the gold documents' mentions.
        leaderboard: zones in which the leaderboard shows it as a column.
        short: the leaderboard's column header (default: the label).
        flag: an older command-line spelling that also asks for it (``--normalize``).
        parameters: the option names (:class:`~harness.scoring.engine.Parameters`)
            its counts depend on, stored with the record.
    """

    name: str
    family: Family
    label: str
    description: str
    metric: Metric
    count: Counter
    reference: Counter | None = None
    order: int = 500
    default: bool = True
    needs: frozenset[Needs] = frozenset({Needs.MENTIONS})
    leaderboard: tuple[str, ...] = ()
    short: str = ""
    flag: str = ""
    parameters: tuple[str, ...] = ()

    @property
    def column(self) -> str:
        """The leaderboard column header."""
        return self.short or self.label

    def held_by(self, *, relations: bool, given_gold: bool) -> bool:
        """Whether an input can hold this view: one with or without relations, with or without a run
        given the gold mentions."""
        return (relations or Needs.RELATIONS not in self.needs) and (given_gold or Needs.GIVEN_GOLD not in self.needs)


@dataclass
class ViewRegistry:
    """Views by name; iteration is in display order."""

    _specs: dict[str, ViewSpec] = field(default_factory=dict)

    def register(self, spec: ViewSpec) -> ViewSpec:
        """Add a view; a second view of the same name is refused."""
        if spec.name in self._specs:
            raise ValueError(f"a view named {spec.name!r} is already registered")
        self._specs[spec.name] = spec
        return spec

    def unregister(self, name: str) -> None:
        """Remove a view (tests that declare one of their own)."""
        del self._specs[name]

    @contextmanager
    def registered(self, spec: ViewSpec) -> Iterator[ViewSpec]:
        """A view registered for the duration of a ``with`` block."""
        self.register(spec)
        try:
            yield spec
        finally:
            self.unregister(spec.name)

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __getitem__(self, name: str) -> ViewSpec:
        return self._specs[name]

    def get(self, name: str) -> ViewSpec | None:
        """The view of this name, or None (a record may hold views this installation lacks)."""
        return self._specs.get(name)

    def __iter__(self) -> Iterator[ViewSpec]:
        return iter(sorted(self._specs.values(), key=lambda s: (s.order, s.name)))

    def names(self) -> list[str]:
        """Every view's name, in display order."""
        return [s.name for s in self]

    def defaults(self) -> list[ViewSpec]:
        """The views every run scores."""
        return [s for s in self if s.default]

    def opt_in(self) -> list[ViewSpec]:
        """The views a run scores only when asked."""
        return [s for s in self if not s.default]

    def select(self, extra: Sequence[str] = ()) -> list[ViewSpec]:
        """The default views plus the opt-in views named in ``extra``, in display order.

        Raises:
            KeyError: for a name that is no view.
        """
        for name in extra:
            if name not in self._specs:
                raise KeyError(name)
        return [s for s in self if s.default or s.name in extra]

    def order_key(self, name: str) -> tuple:
        """Sort key of a view name: declared views in display order, then unknown names alphabetically."""
        spec = self._specs.get(name)
        return (0, spec.order, name) if spec else (1, 0, name)

    def ordered(self, names) -> list[str]:
        """``names`` in display order."""
        return sorted(names, key=self.order_key)

    def label(self, name: str) -> str:
        """A view's label, or its name when this installation does not declare it."""
        spec = self._specs.get(name)
        return spec.label if spec else name

    def leaderboard_columns(self) -> list[tuple[str, str, str]]:
        """(header, zone, view) of every leaderboard column: each view's zones, the ``all`` zone's first."""
        columns = [(s.column, "all", s.name) for s in self if "all" in s.leaderboard]
        columns += [(f"{s.column}, {zone}", zone, s.name) for s in self for zone in s.leaderboard if zone != "all"]
        return columns


VIEWS = ViewRegistry()
ENTRY_POINT_GROUP = "tahalof.views"


def load_plugins(registry: ViewRegistry = VIEWS, entries=None) -> list[str]:
    """Register the views other distributions declare in the ``tahalof.views`` entry-point group.

    Each entry point names a :class:`ViewSpec` (``my_package.views:SPEC``) or a module whose import
    registers its views. A plugin that fails to load, is not a view, or reuses a name is left out and
    reported, never raised: the benchmark's own views always work.

    Returns:
        One line per plugin left out, saying why.
    """
    if entries is None:
        from importlib.metadata import entry_points

        entries = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
    notes = []
    for entry in entries:
        try:
            loaded = entry.load()
        except Exception as exc:  # noqa: BLE001 - a broken plugin must not break scoring
            notes.append(f"view plugin {entry.name} ({entry.value}) was not loaded: {type(exc).__name__}: {exc}")
            continue
        if isinstance(loaded, ViewSpec):
            if loaded.name in registry:
                if registry[loaded.name] is not loaded:
                    notes.append(f"view plugin {entry.name} ({entry.value}) was not loaded: a view named "
                                 f"{loaded.name!r} is already registered")
                continue
            registry.register(loaded)
        elif not hasattr(loaded, "__file__"):  # neither a view nor a module that registers views
            notes.append(f"view plugin {entry.name} ({entry.value}) was not loaded: expected a ViewSpec or a "
                         f"module, found {type(loaded).__name__}")
    return notes
