"""One error type for every input problem the project reports.

A :class:`Problem` names where (file, line, field or annotation id), what was
expected and what was found; an :class:`InputError` carries one or more of them
and prints one line per problem, so command-line tools can show it and exit
with status 2 instead of a traceback.

>>> str(Problem("a.ann", 3, "T2", "type", "an entity type", "PERSON"))
"a.ann:3: T2: type: expected an entity type, found 'PERSON'"
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file."""

    path: str
    line: int | None
    where: str | None
    field: str
    expected: str
    found: object = None
    hint: str = ""

    def __str__(self) -> str:
        loc = self.path if self.line is None else f"{self.path}:{self.line}"
        who = f" {self.where}:" if self.where else ""
        found = self.found if isinstance(self.found, str) and self.found.startswith("<") else repr(self.found)
        text = f"{loc}:{who} {self.field}: expected {self.expected}, found {found}"
        return f"{text} ({self.hint})" if self.hint else text


class InputError(Exception):
    """Raised with every problem found in one input."""

    def __init__(self, problems: list[Problem] | Problem):
        problems = problems if isinstance(problems, list) else [problems]
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.where or "", p.field))
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(word: str, choices) -> str:
    """A 'did you mean ...?' hint, or '' when nothing is close.

    >>> did_you_mean("PERSON", ["PERS", "ORG"])
    "did you mean 'PERS'?"
    """
    import difflib

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=3, cutoff=0.5)
    if not close:
        upper = [c for c in choices if str(c).upper() == str(word).upper()]
        close = [str(c) for c in upper]
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
