"""Progress on long work, on standard error, for a person at a terminal.

One place decides whether to show anything: progress bars (tqdm) and one-line
announcements of one-off steps appear only when standard error is a terminal
and ``--quiet`` was not given (or ``TAHALOF_PROGRESS=0`` is set); standard
output is never touched, so JSON output pipes cleanly. ``TAHALOF_PROGRESS=1``
forces progress on (for a terminal that does not say it is one).

>>> set_quiet(True)
>>> list(progress(range(3), "counting"))
[0, 1, 2]
>>> announce("nothing is printed when quiet")
>>> set_quiet(False)
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
_QUIET = False


def set_quiet(quiet: bool) -> None:
    """Silence (or allow) every progress bar and announcement of this process."""
    global _QUIET
    _QUIET = quiet


def enabled() -> bool:
    """Whether progress is shown: stderr is a terminal, not quiet, not switched off."""
    forced = os.environ.get("TAHALOF_PROGRESS")
    if _QUIET or forced == "0":
        return False
    if forced == "1":
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def announce(message: str) -> None:
    """One line on stderr saying what a one-off step is (and how long it takes)."""
    if enabled():
        print(message, file=sys.stderr, flush=True)


def progress(iterable: Iterable[T], desc: str, *, total: int | None = None, unit: str = "it",
             min_items: int = 0) -> Iterator[T]:
    """Iterate with a progress bar on stderr when :func:`enabled`.

    Args:
        iterable: what to iterate.
        desc: what is being done ("tagging", "training crf-newsfane").
        total: the number of items, when ``iterable`` has no length.
        unit: what one item is ("sentence", "iteration").
        min_items: show no bar for fewer items than this (short work needs none).
    """
    if total is None and hasattr(iterable, "__len__"):
        total = len(iterable)  # type: ignore[arg-type]
    if not enabled() or (total is not None and total < min_items):
        yield from iterable
        return
    from tqdm import tqdm

    with tqdm(iterable, desc=desc, total=total, unit=unit, file=sys.stderr, leave=False,
              dynamic_ncols=True, mininterval=0.2) as bar:
        yield from bar


class Bar:
    """A bar advanced by hand (for callbacks such as an optimiser's iterations)."""

    def __init__(self, desc: str, total: int | None, unit: str = "it"):
        self._bar = None
        if enabled():
            from tqdm import tqdm

            self._bar = tqdm(desc=desc, total=total, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True,
                             mininterval=0.2)

    def update(self, n: int = 1, **postfix: object) -> None:
        """Advance by ``n``; ``postfix`` values are shown after the bar."""
        if self._bar is not None:
            self._bar.update(n)
            if postfix:
                self._bar.set_postfix(postfix, refresh=False)

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


@contextmanager
def step(message: str) -> Iterator[None]:
    """Announce a one-off step, then say how long it took."""
    start = time.perf_counter()
    announce(message)
    yield
    if enabled():
        announce(f"  done in {time.perf_counter() - start:.1f} s")
