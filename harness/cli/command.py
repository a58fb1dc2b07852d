"""One subcommand of ``evaluate``: its name, help, example, options and what it runs."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """A subcommand, declared once; ``evaluate --help`` and its own ``--help`` are built from it.

    Attributes:
        name: what is typed after ``evaluate``.
        summary: one line for ``evaluate --help``.
        description: the paragraph of its own ``--help``.
        examples: command lines shown under "examples" in its ``--help``.
        configure: adds its arguments to its parser.
        run: does the work; returns the exit status. Prints its own output.
    """

    name: str
    summary: str
    description: str
    examples: tuple[str, ...]
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, list[str]], int]

    def epilog(self) -> str:
        """The examples block of its ``--help``."""
        return "examples:\n" + "\n".join(f"  {line}" for line in self.examples)
