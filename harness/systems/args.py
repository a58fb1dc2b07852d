"""``--system-arg KEY=VALUE`` strings as a system's keyword arguments.

>>> parse_system_args(["model=/tmp/m", "batch_size=8", "use_gpu=false"])
{'batch_size': 8, 'model': '/tmp/m', 'use_gpu': False}
>>> parse_system_args(["8"])
Traceback (most recent call last):
...
harness.core.errors.InputError: <command line>: --system-arg: expected KEY=VALUE with KEY a Python identifier, found '8'
"""

from __future__ import annotations

from collections.abc import Iterable

from harness.core.errors import InputError, Problem

BOOLEANS = {"true": True, "false": False}


def convert(value: str) -> object:
    """An integer for digits, a boolean for true/false (any case), else the string itself."""
    if value.lstrip("-").isdigit() and len(value) < 20:
        return int(value)
    return BOOLEANS.get(value.lower(), value)


def parse_system_args(pairs: Iterable[str]) -> dict[str, object]:
    """Keyword arguments from ``KEY=VALUE`` strings, sorted by key.

    Raises:
        InputError: for a pair without ``=``, a key that is not an identifier, or a key given twice.
    """
    out: dict[str, object] = {}
    problems = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.isidentifier():
            problems.append(Problem("<command line>", None, None, "--system-arg",
                                    "KEY=VALUE with KEY a Python identifier", pair[:200]))
        elif key in out:
            problems.append(Problem("<command line>", None, None, "--system-arg", f"{key} given once", pair[:200]))
        else:
            out[key] = convert(value)
    if problems:
        raise InputError(problems)
    return dict(sorted(out.items()))
