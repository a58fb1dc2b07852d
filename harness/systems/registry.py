"""Systems by name, found through entry points.

Every system, the project's own baselines included, is declared by the
package that provides it, in its ``pyproject.toml``::

    [project.entry-points."tahalof.systems"]
    my-system = "my_package.module:MySystem"

and read here with :mod:`importlib.metadata`, so a model author's package
adds a system without touching this project, and the harness never imports
its implementations. A class is imported only when it is listed, checked or
run; heavy libraries are imported inside the system, so listing stays light.
:meth:`Registry.register` adds a class in-process (a notebook, a test).

>>> from harness.systems.api import SystemInfo
>>> r = Registry()
>>> @r.register("demo")
... class Demo:
...     info = SystemInfo(kind="oracle", training_data="none", description="a demo")
...     supports_given_gold = False
>>> r.names()
['demo']
>>> r.load("dmeo")
Traceback (most recent call last):
...
harness.core.errors.InputError: <system>: system: expected a registered system, found 'dmeo' (did you mean 'demo'?)
"""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata

from harness.core.errors import InputError, Problem, did_you_mean
from harness.systems.api import ENTRY_POINT_GROUP, Readiness, SystemInfo

IN_PROCESS = "registered in this process"


@dataclass(frozen=True)
class Entry:
    """A declared system: its name, where it lives and which distribution declares it."""

    name: str
    target: str  # "module:Class"
    source: str  # "DIST VERSION", or IN_PROCESS
    loader: Callable[[], type]


def _problem(name: str, field: str, expected: str, found: object, hint: str = "") -> Problem:
    return Problem("<system>", None, name, field, expected, found, hint)


class Registry:
    """Systems by name; duplicates are refused, misses suggest."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    @classmethod
    def from_entry_points(cls, group: str = ENTRY_POINT_GROUP) -> Registry:
        """Every system declared by an installed distribution.

        Raises:
            InputError: when two distributions declare the same name.
        """
        registry = cls()
        for ep in sorted(metadata.entry_points(group=group), key=lambda e: (e.name, e.value)):
            dist = ep.dist
            source = f"{dist.name} {dist.version}" if dist is not None else "an installed distribution"
            registry._add(Entry(ep.name, ep.value, source, ep.load))
        return registry

    def _add(self, entry: Entry) -> None:
        known = self._entries.get(entry.name)
        if known is not None and (known.target, known.source) != (entry.target, entry.source):
            raise InputError(_problem(entry.name, "system name", "one declaration per name",
                                      f"<{known.target} ({known.source}) and {entry.target} ({entry.source})>",
                                      "uninstall one of the two distributions, or rename one system"))
        self._entries[entry.name] = entry

    def add(self, name: str, system: type) -> type:
        """Register a class under ``name`` in this process."""
        if name in self._entries:
            raise InputError(_problem(name, "system name", "a name not yet registered",
                                      f"<already declared by {self._entries[name].source}>"))
        self._entries[name] = Entry(name, f"{system.__module__}:{system.__qualname__}", IN_PROCESS, lambda: system)
        return system

    def register(self, name: str) -> Callable[[type], type]:
        """Class decorator: :meth:`add` the class under ``name``."""
        return lambda system: self.add(name, system)

    def names(self) -> list[str]:
        """Registered names, sorted."""
        return sorted(self._entries)

    def entry(self, name: str) -> Entry:
        """The entry of ``name``.

        Raises:
            InputError: for an unknown name, with a suggestion.
        """
        if name not in self._entries:
            hint = did_you_mean(name, self._entries) or "see evaluate baselines"
            if not self._entries:
                hint = (f"no system is declared in the {ENTRY_POINT_GROUP!r} entry points: install the project "
                        "(python -m pip install .) rather than running it from an uninstalled checkout")
            raise InputError(_problem(None, "system", "a registered system", name, hint))
        return self._entries[name]

    def load(self, name: str) -> type:
        """The class of ``name``, imported now.

        Raises:
            InputError: for an unknown name, a module that cannot be imported
                (with the command that installs it), or a class without ``info``.
        """
        entry = self.entry(name)
        try:
            system = entry.loader()
        except ImportError as exc:
            raise InputError(_problem(name, "dependency", f"the module {exc.name or entry.target!r}",
                                      "<not installed>", f"declared by {entry.source}; check its installation")) from None
        info = getattr(system, "info", None)
        if not isinstance(info, SystemInfo):
            raise InputError(_problem(name, "info", f"{entry.target} with a class attribute info = SystemInfo(...)",
                                      f"<{type(info).__name__}>", f"declared by {entry.source}"))
        return system

    def info(self, name: str) -> SystemInfo:
        """What ``name`` declares of itself."""
        return self.load(name).info

    def readiness(self, name: str, system_args: Mapping[str, object] | None = None) -> Readiness:
        """Whether ``name`` can run here: its modules, then its model or data (the class's own check)."""
        try:
            system = self.load(name)
        except InputError as err:
            return Readiness(False, err.problems[0].expected.removeprefix("the module ") + " cannot be imported",
                             err.problems[0].hint)
        missing = [m for m in system.info.requires if importlib.util.find_spec(m.split(".")[0]) is None]
        if missing:
            return Readiness(False, f"the module {missing[0]!r} is not installed", system.info.install)
        check = getattr(system, "readiness", None)
        return check(**dict(system_args or {})) if check is not None else Readiness.ok()

    def create(self, name: str, system_args: Mapping[str, object] | None = None, gold=None):
        """An instance of ``name`` built with ``system_args`` (and the gold, for an oracle).

        Raises:
            InputError: when it is not ready, or takes other arguments.
        """
        system = self.load(name)
        ready = self.readiness(name, system_args)
        if not ready.ready:
            raise InputError(_problem(name, "system", "a system that is ready to run", f"<{ready.missing}>", ready.fix))
        args = dict(system_args or {})
        if system.info.receives_gold:
            args["gold"] = gold
        try:
            inspect.signature(system).bind(**args)
        except TypeError as exc:
            accepted = [p for p in inspect.signature(system).parameters if p != "gold"]
            raise InputError(_problem(name, "--system-arg", f"arguments it takes ({', '.join(accepted) or 'none'})",
                                      f"<{exc}>")) from None
        return system(**args)


_REGISTRY: Registry | None = None


def registry() -> Registry:
    """The process's registry: every installed system, read once."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = Registry.from_entry_points()
    return _REGISTRY


def register(name: str) -> Callable[[type], type]:
    """Class decorator: add a system to the process's registry (for a notebook or a test)."""
    return registry().register(name)
