"""One error type for every input problem the project reports.

A :class:`Problem` names where (file, line, field or annotation id), what was
expected and what was found; an :class:`InputError` carries one or more of them
and prints one line per problem, so command-line tools can show it and exit
with status 2 instead of a traceback.

>>> str(Problem("a.ann", 3, "T2", "type", "an entity type", "PERSON"))
"a.ann:3: T2: type: expected an entity type, found 'PERSON'"
"""

from __future__ import annotations

import re
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
        path = _ALIASES.get(self.path, self.path)
        loc = path if self.line is None else f"{path}:{self.line}"
        who = f" {_cut(str(self.where))}:" if self.where else ""
        found = self.found if isinstance(self.found, str) and self.found.startswith("<") else _safe_repr(self.found)
        text = f"{loc}:{who} {self.field}: expected {self.expected}, found {_cut(found)}"
        return f"{text} ({_cut(self.hint, 2000)})" if self.hint else text


CUT = 200  # characters of a value shown in a message
_ALIASES: dict[str, str] = {}


def alias_path(copy: str, original: str) -> None:
    """Name ``original`` in messages about ``copy`` (a pipe read once into a temporary file)."""
    _ALIASES[copy] = original


def _cut(text: str, limit: int = CUT) -> str:
    """A value shortened for a message: its start and how long it was.

    >>> _cut("x" * 500)[-30:]
    'xxxxx… (500 characters in all)'
    """
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters in all)"


def _safe_repr(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"<an integer of about {int(value.bit_length() * 0.30103)} digits>"
    return repr(value)


def natural_key(text: str | None) -> tuple:
    """A sort key that orders numbers inside text by value: entities[2] before entities[10].

    >>> sorted(["e[10]", "e[2]", "e[1]"], key=natural_key)
    ['e[1]', 'e[2]', 'e[10]']
    """
    return tuple(int(part) if part.isascii() and part.isdigit() else part for part in re.split(r"([0-9]+)", text or ""))


def problem_key(p: Problem) -> tuple:
    """Problems in reading order: file, line, then where and field with their numbers compared as numbers."""
    return (p.path, p.line or 0, natural_key(p.where), natural_key(p.field))


class InputError(Exception):
    """Raised with every problem found in one input (in reading order), and how many more were not listed."""

    def __init__(self, problems: list[Problem] | Problem, more: int = 0):
        problems = problems if isinstance(problems, list) else [problems]
        self.problems = sorted(problems, key=problem_key)
        self.more = more
        lines = [str(p) for p in self.problems]
        if more:
            lines.append(f"... and {more} more problem{'s' if more != 1 else ''} of the same kinds, not listed")
        super().__init__("\n".join(lines))


def _ranges(lines: list[int]) -> str:
    """'1–12, 15, 20–21' for sorted line numbers (the first ten runs).

    >>> _ranges([1, 2, 3, 5, 8, 9])
    '1–3, 5, 8–9'
    """
    runs: list[list[int]] = []
    for n in lines:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs[:10])
    return text + (", …" if len(runs) > 10 else "")


FOLD_AT = 4  # the same problem this often is folded into one line


class ProblemCollector:
    """The one way readers gather problems: every problem counted, the first ``cap`` kept, repeats folded.

    A problem that repeats (the same field, expectation and finding on many
    lines, such as one wrong label throughout a file) is shown once with how
    many times and on which lines; past ``cap`` distinct problems the rest are
    counted, not listed, and the error says how many more there were.

    >>> c = ProblemCollector("p.jsonl", cap=2)
    >>> for line in range(1, 6):
    ...     c.add(line, f"d entities[{line}]", "type", "a benchmark type", "MISC")
    >>> c.add(9, "d", "doc_id", "a known id", "x")
    >>> print(c.error())
    p.jsonl: type: expected a benchmark type, found 'MISC' (5 times: lines 1–5)
    p.jsonl:9: d: doc_id: expected a known id, found 'x'
    """

    def __init__(self, path: str, cap: int = 50):
        self.path = path
        self.cap = cap
        self.problems: list[Problem] = []
        self.groups: dict[tuple, list[int]] = {}  # (field shape, expected, found, hint) -> lines
        self.more = 0

    def add(self, line: int | None, where: str | None, field: str, expected: str, found: object = None,
            hint: str = "") -> None:
        """Record one problem."""
        found_key = found if isinstance(found, (str, int, float, bool, type(None))) else repr(found)
        key = (re.sub(r"\[\d+\]", "[]", field), expected, found_key, hint)
        lines = self.groups.setdefault(key, [])
        lines.append(line or 0)
        if len(lines) == 1:
            if len(self.problems) < self.cap:
                self.problems.append(Problem(self.path, line, where, field, expected, found, hint))
            else:
                self.more += 1

    def __bool__(self) -> bool:
        return bool(self.groups)

    def error(self) -> InputError:
        """The problems as one error (repeats folded)."""
        out = []
        for p in self.problems:
            key = (re.sub(r"\[\d+\]", "[]", p.field), p.expected,
                   p.found if isinstance(p.found, (str, int, float, bool, type(None))) else repr(p.found), p.hint)
            lines = self.groups[key]
            if len(lines) >= FOLD_AT:
                where = f"{len(lines)} times: lines {_ranges(sorted(set(lines)))}"
                hint = f"{where}; {p.hint}" if p.hint else where
                out.append(Problem(p.path, None, None, key[0], p.expected, p.found, hint))
            else:
                out.append(p)
        return InputError(out, self.more)

    def raise_if_any(self) -> None:
        """Raise :meth:`error` if anything was recorded."""
        if self:
            raise self.error()


def did_you_mean(word: str, choices) -> str:
    """A 'did you mean ...?' hint, or '' when nothing is close.

    >>> did_you_mean("PERSON", ["PERS", "ORG"])
    "did you mean 'PERS'?"
    """
    import difflib

    names = [str(c) for c in choices]
    up = str(word).upper()
    bare = up.split("-", 1)[1] if up[:2] in ("B-", "I-", "E-", "S-", "L-", "U-") else up
    same = [c for c in names if c.upper() in (up, bare)]
    prefix = sorted((c for c in names if len(bare) >= 2 and (c.upper().startswith(bare) or bare.startswith(c.upper()))),
                    key=lambda c: (abs(len(c) - len(bare)), c))
    by_upper = {c.upper(): c for c in names}
    close = [by_upper[c] for c in difflib.get_close_matches(bare, list(by_upper), n=3, cutoff=0.5)]
    ranked = same or list(dict.fromkeys(prefix + close))[:3]
    return f"did you mean {' or '.join(repr(c) for c in ranked)}?" if ranked else ""
