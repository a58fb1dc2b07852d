"""One registry of systems, by name.

Light systems register with the :func:`register` decorator when their module
is imported; heavy ones (camel-tools, torch, transformers) are declared here
as ``"module:Class"`` strings and imported only when used, so importing
``harness`` and listing baselines need none of them.

>>> r = Registry()
>>> @r.register("demo", kind="oracle", training_data="none", description="a demo")
... class Demo:
...     pass
>>> r.names()
['demo']
>>> r.get_class("dmeo")
Traceback (most recent call last):
...
harness.core.errors.InputError: <baseline>: baseline: expected a registered system, found 'dmeo' (did you mean 'demo'?)
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from harness.core.errors import InputError, Problem, did_you_mean


@dataclass(frozen=True)
class Entry:
    """A registered system and what the leaderboard says of it."""

    name: str
    kind: str
    training_data: str
    description: str
    target: object  # the class, or "module:Class" for lazy entries
    extra: str | None = None  # the pip extra it needs
    reproducible: bool = True  # runs offline on CPU in reasonable time (evaluate --reproduce)
    requires: tuple[str, ...] = ()  # modules it imports when run

    def missing(self) -> list[str]:
        """The required modules that are not installed."""
        import importlib.util

        return [m for m in self.requires if importlib.util.find_spec(m) is None]

    @property
    def lazy(self) -> bool:
        """Whether the class is imported only on use."""
        return isinstance(self.target, str)


class Registry:
    """Systems by name; duplicates raise, misses suggest."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    def _add(self, entry: Entry) -> None:
        if entry.name in self._entries:
            raise ValueError(f"system {entry.name!r} is already registered")
        self._entries[entry.name] = entry

    def register(self, name: str, *, kind: str, training_data: str, description: str, extra: str | None = None,
                 reproducible: bool = True, requires: tuple[str, ...] = ()):
        """Class decorator: register a system under ``name``."""

        def decorate(cls):
            cls.name = name
            self._add(Entry(name, kind, training_data, description, cls, extra, reproducible, requires))
            return cls

        return decorate

    def register_lazy(self, name: str, target: str, *, kind: str, training_data: str, description: str,
                      extra: str | None = None, reproducible: bool = True, requires: tuple[str, ...] = ()) -> None:
        """Register a ``"module:Class"`` imported only when the system is used."""
        self._add(Entry(name, kind, training_data, description, target, extra, reproducible, requires))

    def names(self) -> list[str]:
        """Registered names, sorted."""
        return sorted(self._entries)

    def entry(self, name: str) -> Entry:
        """The entry of ``name``.

        Raises:
            InputError: for an unknown name, with a suggestion.
        """
        if name not in self._entries:
            raise InputError(Problem("<baseline>", None, None, "baseline", "a registered system", name,
                                     did_you_mean(name, self._entries) or "see evaluate --list-baselines"))
        return self._entries[name]

    def get_class(self, name: str):
        """The system class of ``name``, importing it if lazy.

        Raises:
            InputError: for an unknown name, or a missing optional dependency
                (naming the pip extra that provides it).
        """
        entry = self.entry(name)
        fix = f"pip install 'tahalof[{entry.extra}]'" if entry.extra else "check the installation"
        missing = entry.missing()
        if missing:
            raise InputError(Problem("<baseline>", None, name, "dependency", f"the module {missing[0]!r}",
                                     "<not installed>", fix))
        if not entry.lazy:
            return entry.target
        module, _, attr = entry.target.partition(":")
        try:
            return getattr(importlib.import_module(module), attr)
        except ImportError as exc:
            raise InputError(Problem("<baseline>", None, name, "dependency", f"the module {exc.name or module!r}",
                                     "<not installed>", fix)) from None


REGISTRY = Registry()
register = REGISTRY.register
_LOADED = False


def registry() -> Registry:
    """The global registry, with the shipped baselines loaded."""
    global _LOADED
    if not _LOADED:
        _LOADED = True
        importlib.import_module("baselines")
    return REGISTRY
